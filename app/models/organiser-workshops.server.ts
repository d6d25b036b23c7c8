import type { Kysely } from 'kysely'
import { z } from 'zod'
import { AUDIENCES, LANGUAGES, TOPICS, type DB } from '../../db/schema'
import { REMINDER_CHOICES } from './vocabulary'
import { writeTransaction, type Db } from '~/utils/db.server'
import { checkbox, multiLineText, optional, parseForm, recordId, singleLineText } from '~/utils/fields.server'
import { foldForSearch } from '~/utils/search-text'
import { recordAudit } from './audit.server'
import type { SignedInUser } from './auth.server'
import { FORBIDDEN, NOT_FOUND, type Access, type Guarded } from './refusal'
import { workshopSearchText } from './workshops.server'

/** Organisers see the workshops of the bodies they belong to; admins see all of them. */
export function managedOrganiserIds(user: SignedInUser): number[] | 'all' {
  return user.role === 'admin' ? 'all' : user.role === 'organiser' ? user.organiserIds : []
}

export function canManage(user: SignedInUser, organiserId: number): boolean {
  const ids = managedOrganiserIds(user)
  return ids === 'all' || ids.includes(organiserId)
}

/** An organising body as a choice in a form. */
export type OrganiserOption = { id: number; name: string }

/** The organising bodies this user may act for, by name. */
export async function listOrganisersFor(db: Db, user: SignedInUser): Promise<OrganiserOption[]> {
  const ids = managedOrganiserIds(user)
  let query = db.selectFrom('organisers').select(['id', 'name']).orderBy('name')
  if (ids !== 'all') query = query.where('id', 'in', ids.length > 0 ? ids : [-1])
  return query.execute()
}

/** The organiser's home: the workshops they manage, and whether they may start a new one. */
export async function getOrganiserHome(db: Db, { user, now }: { user: SignedInUser; now: Date }) {
  const [workshops, organisers] = await Promise.all([listManagedWorkshops(db, { user, now }), listOrganisersFor(db, user)])
  return { workshops, canCreate: organisers.length > 0 }
}

async function listManagedWorkshops(db: Db, { user, now }: { user: SignedInUser; now: Date }) {
  const ids = managedOrganiserIds(user)
  let query = db
    .selectFrom('workshops')
    .innerJoin('organisers', 'organisers.id', 'workshops.organiser_id')
    .select(['workshops.id', 'workshops.title', 'workshops.published', 'organisers.name as organiser'])
    .orderBy('workshops.title')
  if (ids !== 'all') query = query.where('workshops.organiser_id', 'in', ids.length > 0 ? ids : [-1])
  const workshops = await query.execute()
  if (workshops.length === 0) return []
  const sessions = await db
    .selectFrom('sessions')
    .select(['workshop_id', 'starts_at', 'confirmed_count', 'waitlisted_count'])
    .where(
      'workshop_id',
      'in',
      workshops.map((w) => w.id),
    )
    .where('status', '=', 'scheduled')
    .where('starts_at', '>', now.toISOString())
    .orderBy('starts_at')
    .execute()
  return workshops.map((w) => {
    const upcoming = sessions.filter((s) => s.workshop_id === w.id)
    return {
      id: w.id,
      title: w.title,
      organiser: w.organiser,
      published: w.published === 1,
      upcomingSessions: upcoming.length,
      nextSessionAt: upcoming[0]?.starts_at ?? null,
      booked: upcoming.reduce((sum, s) => sum + s.confirmed_count, 0),
      waitlisted: upcoming.reduce((sum, s) => sum + s.waitlisted_count, 0),
    }
  })
}

/** A workshop as the organiser's pages name it. */
export type ManagedWorkshop = { id: number; title: string; slug: string; published: boolean; organiserId: number }

/** A workshop this user may manage. */
export async function getManagedWorkshop(
  db: Db,
  { user, workshopId }: { user: SignedInUser; workshopId: number },
): Promise<Access<{ workshop: ManagedWorkshop }>> {
  const row = await db
    .selectFrom('workshops')
    .select(['id', 'title', 'slug', 'published', 'organiser_id'])
    .where('id', '=', workshopId)
    .executeTakeFirst()
  if (!row) return NOT_FOUND
  if (!canManage(user, row.organiser_id)) return FORBIDDEN
  const workshop = { id: row.id, title: row.title, slug: row.slug, published: row.published === 1, organiserId: row.organiser_id }
  return { kind: 'ok', value: { workshop } }
}

/** The workshop's own page for its organiser: its sessions, and the form filled in with what is stored. */
export async function getManagedWorkshopPage(db: Db, { user, workshop }: { user: SignedInUser; workshop: ManagedWorkshop }) {
  const [stored, audiences, sessions, organisers] = await Promise.all([
    db.selectFrom('workshops').selectAll().where('id', '=', workshop.id).executeTakeFirstOrThrow(),
    db.selectFrom('workshop_audiences').select('audience').where('workshop_id', '=', workshop.id).execute(),
    db.selectFrom('sessions').selectAll().where('workshop_id', '=', workshop.id).orderBy('starts_at').execute(),
    listOrganisersFor(db, user),
  ])
  const values: WorkshopFormValues = {
    title: stored.title,
    slug: stored.slug,
    summary: stored.summary,
    descriptionMd: stored.description_md,
    topic: stored.topic,
    audiences: audiences.map((a) => a.audience),
    lengthHours: String(stored.length_hours),
    language: stored.language,
    organiserId: String(stored.organiser_id),
    published: stored.published === 1 ? 'yes' : '',
    accreditationRef: stored.accreditation_ref ?? '',
    requiresBirthDate: stored.requires_birth_date === 1 ? 'yes' : '',
    reminderHours: stored.reminder_hours,
    whatToBring: stored.what_to_bring ?? '',
    missedEmail: stored.missed_email === 1 ? 'yes' : '',
  }
  return {
    workshop,
    organisers,
    values,
    sessions: sessions.map((s) => ({
      id: s.id,
      startsAt: s.starts_at,
      endsAt: s.ends_at,
      place: s.venue_name ?? 'Online',
      capacity: s.capacity,
      confirmed: s.confirmed_count,
      waitlisted: s.waitlisted_count,
      cancelled: s.status === 'cancelled',
    })),
  }
}

const SLUG = /^[a-z0-9]+(?:-[a-z0-9]+)*$/

/** What the workshop form says; descriptions are Markdown, so their angle brackets are kept. */
export const WorkshopForm = z.object({
  title: multiLineText({ max: 200, required: 'workshopForm.error.title', markup: false }),
  slug: optional(z.string().trim().max(120, 'form.error.tooLong').regex(SLUG, 'workshopForm.error.slug')),
  summary: multiLineText({ max: 300, required: 'workshopForm.error.summary', markup: false }),
  descriptionMd: multiLineText({ max: 20_000, markup: false }),
  topic: z.enum(TOPICS, 'workshopForm.error.topic'),
  audiences: z
    .array(z.enum(AUDIENCES, 'workshopForm.error.audiences'))
    .min(1, 'workshopForm.error.audiences')
    // A checkbox group never sends a value twice; a hand-made request that does is refused.
    .refine((a) => new Set(a).size === a.length, 'workshopForm.error.audiencesRepeated'),
  lengthHours: z
    .string()
    // Czech writes "1,5" for an hour and a half.
    .transform((v) => Number(v.replace(',', '.')))
    .pipe(z.number('workshopForm.error.length').min(0.5, 'workshopForm.error.length').max(200, 'workshopForm.error.length')),
  language: z.enum(LANGUAGES, 'workshopForm.error.language'),
  organiserId: recordId('workshopForm.error.organiser'),
  published: checkbox(),
  accreditationRef: singleLineText({ max: 200 }),
  requiresBirthDate: checkbox(),
  // What participants are sent before and after a session (app/models/reminders.server.ts, attendance).
  reminderHours: z.enum(REMINDER_CHOICES, 'workshopForm.error.reminders'),
  whatToBring: multiLineText({ max: 500, markup: 'tags' }),
  missedEmail: checkbox(),
})
type WorkshopMessages = 'reminderHours' | 'whatToBring' | 'missedEmail'
/** Seeds and tests may leave the messages out: a new workshop then gets the defaults. */
export type WorkshopFormData = Omit<z.output<typeof WorkshopForm>, WorkshopMessages> &
  Partial<Pick<z.output<typeof WorkshopForm>, WorkshopMessages>>
export type WorkshopFormField = keyof z.output<typeof WorkshopForm>
/** The form's fields as sent (or as stored, for the form to show): text, a list for the audiences. */
export type WorkshopFormValues = Record<WorkshopFormField, string | string[]>

export function parseWorkshopForm(form: FormData) {
  return parseForm(WorkshopForm, form)
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

export type SaveWorkshopResult = Guarded<{ kind: 'saved'; id: number } | { kind: 'slug_taken' }>

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
      ...(input.reminderHours !== undefined ? { reminder_hours: input.reminderHours } : {}),
      ...(input.whatToBring !== undefined ? { what_to_bring: input.whatToBring || null } : {}),
      ...(input.missedEmail !== undefined ? { missed_email: input.missedEmail ? (1 as const) : (0 as const) } : {}),
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
