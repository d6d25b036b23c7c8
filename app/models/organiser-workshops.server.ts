import type { Kysely } from 'kysely'
import { z } from 'zod'
import { AUDIENCES, LANGUAGES, TOPICS, type DB } from '../../db/schema'
import type { MessageId } from '~/i18n/intl'
import { writeTransaction, type Db } from '~/utils/db.server'
import { foldForSearch } from '~/utils/search-text'
import { recordAudit } from './audit.server'
import type { SignedInUser } from './auth.server'
import { workshopSearchText } from './workshops.server'

/** Organisers see the workshops of the bodies they belong to; admins see all of them. */
export function managedOrganiserIds(user: SignedInUser): number[] | 'all' {
  return user.role === 'admin' ? 'all' : user.role === 'organiser' ? user.organiserIds : []
}

export async function listOrganisersFor(db: Db, user: SignedInUser) {
  const ids = managedOrganiserIds(user)
  let query = db.selectFrom('organisers').select(['id', 'name', 'email']).orderBy('name')
  if (ids !== 'all') query = query.where('id', 'in', ids.length > 0 ? ids : [-1])
  return query.execute()
}

export async function listManagedWorkshops(db: Db, { user, now }: { user: SignedInUser; now: Date }) {
  const ids = managedOrganiserIds(user)
  let query = db
    .selectFrom('workshops')
    .innerJoin('organisers', 'organisers.id', 'workshops.organiser_id')
    .select(['workshops.id', 'workshops.title', 'workshops.slug', 'workshops.published', 'organisers.name as organiser'])
    .orderBy('workshops.title')
  if (ids !== 'all') query = query.where('workshops.organiser_id', 'in', ids.length > 0 ? ids : [-1])
  const workshops = await query.execute()
  if (workshops.length === 0) return []
  const sessions = await db
    .selectFrom('sessions')
    .select(['workshop_id', 'starts_at', 'confirmed_count', 'capacity', 'waitlisted_count', 'status'])
    .where(
      'workshop_id',
      'in',
      workshops.map((w) => w.id),
    )
    .where('starts_at', '>', now.toISOString())
    .orderBy('starts_at')
    .execute()
  return workshops.map((w) => {
    const upcoming = sessions.filter((s) => s.workshop_id === w.id && s.status === 'scheduled')
    return {
      ...w,
      published: w.published === 1,
      upcomingSessions: upcoming.length,
      nextSessionAt: upcoming[0]?.starts_at ?? null,
      booked: upcoming.reduce((sum, s) => sum + s.confirmed_count, 0),
      waitlisted: upcoming.reduce((sum, s) => sum + s.waitlisted_count, 0),
    }
  })
}

export type Access<T> = { kind: 'ok'; value: T } | { kind: 'not_found' } | { kind: 'forbidden' }

export function canManage(user: SignedInUser, organiserId: number): boolean {
  const ids = managedOrganiserIds(user)
  return ids === 'all' || ids.includes(organiserId)
}

/** A workshop with its sessions, if this user may manage it. */
export async function getManagedWorkshop(db: Db, { user, workshopId }: { user: SignedInUser; workshopId: number }) {
  const workshop = await db.selectFrom('workshops').selectAll().where('id', '=', workshopId).executeTakeFirst()
  if (!workshop) return { kind: 'not_found' } as const
  if (!canManage(user, workshop.organiser_id)) return { kind: 'forbidden' } as const
  const [audiences, sessions] = await Promise.all([
    db.selectFrom('workshop_audiences').select('audience').where('workshop_id', '=', workshopId).execute(),
    db.selectFrom('sessions').selectAll().where('workshop_id', '=', workshopId).orderBy('starts_at').execute(),
  ])
  return { kind: 'ok', value: { workshop, audiences: audiences.map((a) => a.audience), sessions } } as const
}

const SLUG = /^[a-z0-9]+(?:-[a-z0-9]+)*$/

const text = (min: number, max: number, required: MessageId) =>
  z
    .string()
    .trim()
    .min(min, required)
    .max(max, 'form.error.tooLong')
    .refine((v) => !/[\u0000-\u0008\u000B\u000C\u000E-\u001F]/.test(v), 'form.error.control')

export const WorkshopFormSchema = z.object({
  title: text(1, 200, 'workshopForm.error.title'),
  slug: z.union([z.literal(''), z.string().trim().max(120, 'form.error.tooLong').regex(SLUG, 'workshopForm.error.slug')]),
  summary: text(1, 300, 'workshopForm.error.summary'),
  descriptionMd: text(0, 20_000, 'workshopForm.error.summary'),
  topic: z.enum(TOPICS, 'workshopForm.error.topic'),
  audiences: z
    .array(z.enum(AUDIENCES, 'workshopForm.error.audiences'))
    .min(1, 'workshopForm.error.audiences')
    // A checkbox group never sends a value twice; a hand-made request that does is refused.
    .refine((a) => new Set(a).size === a.length, 'workshopForm.error.audiencesRepeated'),
  lengthHours: z.coerce
    .number('workshopForm.error.length')
    .min(0.5, 'workshopForm.error.length')
    .max(200, 'workshopForm.error.length'),
  language: z.enum(LANGUAGES, 'workshopForm.error.language'),
  organiserId: z.coerce
    .number('workshopForm.error.organiser')
    .int('workshopForm.error.organiser')
    .positive('workshopForm.error.organiser'),
  published: z.boolean(),
  accreditationRef: z
    .string()
    .trim()
    .max(200, 'form.error.tooLong')
    .refine((v) => !/[\u0000-\u001F<>]/.test(v), 'form.error.control'),
  requiresBirthDate: z.boolean(),
})
export type WorkshopFormData = z.infer<typeof WorkshopFormSchema>
export type WorkshopFormField = keyof WorkshopFormData

export function parseWorkshopForm(form: FormData) {
  const values = {
    title: String(form.get('title') ?? ''),
    slug: String(form.get('slug') ?? ''),
    summary: String(form.get('summary') ?? ''),
    descriptionMd: String(form.get('descriptionMd') ?? ''),
    topic: String(form.get('topic') ?? ''),
    audiences: form.getAll('audiences').map(String),
    lengthHours: String(form.get('lengthHours') ?? '').replace(',', '.'),
    language: String(form.get('language') ?? ''),
    organiserId: String(form.get('organiserId') ?? ''),
    published: form.get('published') === 'yes',
    accreditationRef: String(form.get('accreditationRef') ?? ''),
    requiresBirthDate: form.get('requiresBirthDate') === 'yes',
  }
  const result = WorkshopFormSchema.safeParse(values)
  if (result.success) return { ok: true as const, data: result.data, values }
  const errors: Partial<Record<WorkshopFormField, MessageId>> = {}
  for (const issue of result.error.issues) errors[issue.path[0] as WorkshopFormField] ??= issue.message as MessageId
  return { ok: false as const, errors, values }
}

/** A URL-safe slug from a Czech title: "Kybernetická bezpečnost" → "kyberneticka-bezpecnost". */
export function slugify(title: string): string {
  return (
    foldForSearch(title)
      .replace(/[^a-z0-9]+/g, '-')
      .replace(/^-+|-+$/g, '')
      .slice(0, 80) || 'workshop'
  )
}

export type SaveWorkshopResult =
  { kind: 'saved'; id: number } | { kind: 'slug_taken' } | { kind: 'forbidden' } | { kind: 'not_found' }

/** Creates (id undefined) or updates a workshop; the audit log records who did it. */
export async function saveWorkshop(
  db: Kysely<DB>,
  { id, input, user, now }: { id?: number; input: WorkshopFormData; user: SignedInUser; now: Date },
): Promise<SaveWorkshopResult> {
  if (!canManage(user, input.organiserId)) return { kind: 'forbidden' }
  const slug = input.slug || slugify(input.title)
  return writeTransaction(db, async (trx) => {
    if (id !== undefined) {
      const existing = await trx.selectFrom('workshops').select(['organiser_id']).where('id', '=', id).executeTakeFirst()
      if (!existing) return { kind: 'not_found' }
      if (!canManage(user, existing.organiser_id)) return { kind: 'forbidden' }
    }
    const clash = await trx.selectFrom('workshops').select('id').where('slug', '=', slug).executeTakeFirst()
    if (clash && clash.id !== id) return { kind: 'slug_taken' }
    const values = {
      slug,
      title: input.title,
      summary: input.summary,
      description_md: input.descriptionMd,
      topic: input.topic,
      length_hours: input.lengthHours,
      language: input.language,
      organiser_id: input.organiserId,
      published: input.published ? (1 as const) : (0 as const),
      accreditation_ref: input.accreditationRef || null,
      requires_birth_date: input.requiresBirthDate ? (1 as const) : (0 as const),
      search_text: workshopSearchText(input),
      updated_at: now.toISOString(),
    }
    const workshopId =
      id === undefined
        ? (
            await trx
              .insertInto('workshops')
              .values({ ...values, created_at: now.toISOString() })
              .returning('id')
              .executeTakeFirstOrThrow()
          ).id
        : (await trx.updateTable('workshops').set(values).where('id', '=', id).returning('id').executeTakeFirstOrThrow()).id
    await trx.deleteFrom('workshop_audiences').where('workshop_id', '=', workshopId).execute()
    await trx
      .insertInto('workshop_audiences')
      .values([...new Set(input.audiences)].map((audience) => ({ workshop_id: workshopId, audience })))
      .execute()
    await recordAudit(trx, {
      actor: user,
      action: id === undefined ? 'workshop.create' : 'workshop.update',
      entityType: 'workshop',
      entityId: workshopId,
      details: { title: input.title, published: input.published },
      now,
    })
    return { kind: 'saved', id: workshopId }
  })
}
