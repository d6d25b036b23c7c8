import type { Kysely } from 'kysely'
import { z } from 'zod'
import { LICENCES, SCHOOL_LEVELS, VISIBILITIES, type DB, type SchoolLevel, type Topic, type Visibility } from '../../db/schema'
import { writeTransaction, type Db } from '~/utils/db.server'
import { multiLineText, parseForm, recordId, singleLineText } from '~/utils/fields.server'
import { markComplete } from '~/utils/file-store.server'
import { foldForSearch, searchTerms } from '~/utils/search-text'
import { containsTerm } from '~/utils/sql-search.server'
import { ATTENDED } from './attendance-status'
import { recordAudit } from './audit.server'
import type { SignedInUser } from './auth.server'
import { canManage } from './organiser-workshops.server'
import { FORBIDDEN, NOT_FOUND, type Access, type Guarded } from './refusal'
import { DEFAULT_RETENTION } from './retention-policy'

/** What the upload form says about its files; a title counts only when one file is sent. */
export const WorksheetMetaForm = z.object({
  title: singleLineText({ max: 200 }),
  description: multiLineText({ max: 1000 }),
  licence: z.enum(LICENCES, 'worksheets.error.licence'),
  visibility: z.enum(VISIBILITIES, 'worksheets.error.visibility'),
  levels: z
    .array(z.enum(SCHOOL_LEVELS, 'worksheets.error.levels'))
    // A checkbox group never sends a value twice; a hand-made request that does is refused.
    .refine((a) => new Set(a).size === a.length, 'worksheets.error.levelsRepeated'),
})
export type WorksheetMeta = z.output<typeof WorksheetMetaForm>

/** The fields of an upload (read from its multipart body), checked against the upload form. */
export function parseWorksheetMeta(fields: FormData) {
  return parseForm(WorksheetMetaForm, fields)
}

/** The worksheet a row's button is about (replace, remove, restore). */
export const WorksheetChoiceForm = z.object({ worksheetId: recordId() })

export function parseWorksheetChoice(form: FormData) {
  return parseForm(WorksheetChoiceForm, form)
}

export type UploadedFile = { fileId: number; originalName: string; contentType: string; size: number; sha256: string }

/** "Pracovní list – Počasí v kraji.pdf" → "Pracovní list – Počasí v kraji". */
export function titleFromName(name: string): string {
  return (
    name
      .replace(/\.[^.]+$/, '')
      .trim()
      .slice(0, 200) || name.slice(0, 200)
  )
}

/** New worksheets, one per uploaded file, sharing the form's description, licence and visibility. */
export async function createWorksheets(
  db: Kysely<DB>,
  {
    workshopId,
    meta,
    files,
    user,
    now,
  }: { workshopId: number; meta: WorksheetMeta; files: UploadedFile[]; user: SignedInUser; now: Date },
): Promise<Guarded<{ kind: 'created'; ids: number[] }>> {
  return writeTransaction(db, async (trx) => {
    const workshop = await trx
      .selectFrom('workshops')
      .select(['organiser_id', 'title'])
      .where('id', '=', workshopId)
      .executeTakeFirst()
    if (!workshop) return NOT_FOUND
    if (!canManage(user, workshop.organiser_id)) return FORBIDDEN
    const ids: number[] = []
    for (const file of files) {
      const title = files.length === 1 && meta.title ? meta.title : titleFromName(file.originalName)
      const { id } = await trx
        .insertInto('worksheets')
        .values({
          workshop_id: workshopId,
          title,
          description: meta.description,
          licence: meta.licence,
          visibility: meta.visibility,
          search_text: foldForSearch(`${title} ${meta.description} ${workshop.title}`),
          current_version_id: null,
          created_at: now.toISOString(),
          updated_at: now.toISOString(),
        })
        .returning('id')
        .executeTakeFirstOrThrow()
      if (meta.levels.length > 0) {
        await trx
          .insertInto('worksheet_levels')
          .values([...new Set(meta.levels)].map((level) => ({ worksheet_id: id, level })))
          .execute()
      }
      await addVersionIn(trx, { worksheetId: id, file, user, now })
      await recordAudit(trx, {
        actor: user,
        action: 'worksheet.upload',
        entityType: 'worksheet',
        entityId: id,
        details: { name: file.originalName, size: file.size },
        now,
      })
      ids.push(id)
    }
    return { kind: 'created', ids }
  })
}

async function addVersionIn(
  trx: Kysely<DB>,
  { worksheetId, file, user, now }: { worksheetId: number; file: UploadedFile; user: SignedInUser; now: Date },
) {
  await markComplete(trx, file.fileId, file.contentType)
  const { id } = await trx
    .insertInto('worksheet_versions')
    .values({
      worksheet_id: worksheetId,
      file_id: file.fileId,
      original_name: file.originalName,
      content_type: file.contentType,
      size: file.size,
      sha256: file.sha256,
      uploaded_by: user.id,
      created_at: now.toISOString(),
    })
    .returning('id')
    .executeTakeFirstOrThrow()
  await trx
    .updateTable('worksheets')
    .set({ current_version_id: id, updated_at: now.toISOString() })
    .where('id', '=', worksheetId)
    .execute()
}

type WorksheetChange = { worksheetId: number; user: SignedInUser; now: Date }

/**
 * Changes a worksheet this user may manage, in one transaction with its line in the audit
 * log; a worksheet that is not there or not theirs is refused.
 */
async function changeManagedWorksheet(
  db: Kysely<DB>,
  { worksheetId, user, now }: WorksheetChange,
  change: (trx: Kysely<DB>) => Promise<{ action: string; details?: Record<string, unknown> }>,
): Promise<Guarded<{ kind: 'done' }>> {
  return writeTransaction(db, async (trx) => {
    const found = await managedWorksheet(trx, user, worksheetId)
    if (found.kind !== 'ok') return found
    const { action, details } = await change(trx)
    await recordAudit(trx, { actor: user, action, entityType: 'worksheet', entityId: worksheetId, details, now })
    return { kind: 'done' }
  })
}

async function managedWorksheet(db: Db, user: SignedInUser, worksheetId: number): Promise<Access<{ workshopId: number }>> {
  const row = await db
    .selectFrom('worksheets')
    .innerJoin('workshops', 'workshops.id', 'worksheets.workshop_id')
    .select(['worksheets.workshop_id', 'workshops.organiser_id'])
    .where('worksheets.id', '=', worksheetId)
    .executeTakeFirst()
  if (!row) return NOT_FOUND
  if (!canManage(user, row.organiser_id)) return FORBIDDEN
  return { kind: 'ok', value: { workshopId: row.workshop_id } }
}

/** Replacing the file keeps the previous one as an older version, for organisers. */
export async function replaceWorksheetFile(db: Kysely<DB>, { file, ...change }: WorksheetChange & { file: UploadedFile }) {
  return changeManagedWorksheet(db, change, async (trx) => {
    await addVersionIn(trx, { ...change, file })
    return { action: 'worksheet.replace', details: { name: file.originalName } }
  })
}

/** Removing hides a worksheet from everyone but organisers; it can be restored. */
export async function setWorksheetRemoved(db: Kysely<DB>, { removed, ...change }: WorksheetChange & { removed: boolean }) {
  return changeManagedWorksheet(db, change, async (trx) => {
    await trx
      .updateTable('worksheets')
      .set({ removed_at: removed ? change.now.toISOString() : null, updated_at: change.now.toISOString() })
      .where('id', '=', change.worksheetId)
      .execute()
    return { action: removed ? 'worksheet.remove' : 'worksheet.restore' }
  })
}

export type WorksheetSummary = {
  id: number
  title: string
  description: string
  licence: string
  visibility: Visibility
  levels: SchoolLevel[]
  downloads: number
  removed: boolean
  deletedAt: string | null
  fileName: string
  contentType: string
  size: number
  workshopSlug: string
  workshopTitle: string
}

function worksheetQuery(db: Db) {
  return db
    .selectFrom('worksheets')
    .innerJoin('worksheet_versions', 'worksheet_versions.id', 'worksheets.current_version_id')
    .innerJoin('workshops', 'workshops.id', 'worksheets.workshop_id')
    .select([
      'worksheets.id',
      'worksheets.title',
      'worksheets.description',
      'worksheets.licence',
      'worksheets.visibility',
      'worksheets.download_count',
      'worksheets.removed_at',
      'worksheet_versions.original_name',
      'worksheet_versions.content_type',
      'worksheet_versions.size',
      'workshops.slug',
      'workshops.title as workshop_title',
    ])
}

async function withLevels(
  db: Db,
  rows: Awaited<ReturnType<ReturnType<typeof worksheetQuery>['execute']>>,
): Promise<WorksheetSummary[]> {
  if (rows.length === 0) return []
  const levels = await db
    .selectFrom('worksheet_levels')
    .selectAll()
    .where(
      'worksheet_id',
      'in',
      rows.map((r) => r.id),
    )
    .execute()
  return rows.map((r) => ({
    id: r.id,
    title: r.title,
    description: r.description,
    licence: r.licence,
    visibility: r.visibility,
    levels: SCHOOL_LEVELS.filter((l) => levels.some((x) => x.worksheet_id === r.id && x.level === l)),
    downloads: r.download_count,
    removed: r.removed_at !== null,
    /** When the retention job deletes a removed worksheet and its files (it can be restored until then). */
    deletedAt: r.removed_at
      ? new Date(new Date(r.removed_at).getTime() + DEFAULT_RETENTION.removedFileDays * 86_400_000).toISOString()
      : null,
    fileName: r.original_name,
    contentType: r.content_type,
    size: r.size,
    workshopSlug: r.slug,
    workshopTitle: r.workshop_title,
  }))
}

/** All worksheets of a workshop, removed ones included, with their versions: the organiser's view. */
export async function listWorkshopWorksheets(db: Db, workshopId: number) {
  const rows = await worksheetQuery(db).where('worksheets.workshop_id', '=', workshopId).orderBy('worksheets.title').execute()
  const summaries = await withLevels(db, rows)
  const versions = summaries.length
    ? await db
        .selectFrom('worksheet_versions')
        .select(['id', 'worksheet_id', 'original_name', 'size', 'created_at'])
        .where(
          'worksheet_id',
          'in',
          summaries.map((s) => s.id),
        )
        .orderBy('id', 'desc')
        .execute()
    : []
  return summaries.map((s) => ({
    ...s,
    versions: versions
      .filter((v) => v.worksheet_id === s.id)
      .map((v) => ({ id: v.id, fileName: v.original_name, size: v.size, createdAt: v.created_at })),
  }))
}

/** The public library: published workshops' public worksheets, filtered and searched. */
export async function listPublicWorksheets(db: Db, { q, topic, level }: { q: string; topic?: Topic; level?: SchoolLevel }) {
  let query = worksheetQuery(db)
    .where('worksheets.visibility', '=', 'public')
    .where('worksheets.removed_at', 'is', null)
    .where('workshops.published', '=', 1)
  for (const term of searchTerms(q)) query = query.where(containsTerm('worksheets.search_text', term))
  if (topic) query = query.where('workshops.topic', '=', topic)
  if (level) {
    query = query.where((eb) =>
      eb.exists(
        eb
          .selectFrom('worksheet_levels')
          .select('worksheet_levels.worksheet_id')
          .whereRef('worksheet_levels.worksheet_id', '=', 'worksheets.id')
          .where('worksheet_levels.level', '=', level),
      ),
    )
  }
  return withLevels(db, await query.orderBy('worksheets.title').execute())
}

/** Who is asking for a file: nobody, a signed-in person, or the holder of one booking's manage link. */
export type Requester =
  { kind: 'anonymous' } | { kind: 'user'; user: SignedInUser } | { kind: 'registration'; registrationId: number }

/**
 * Whether this requester may download this worksheet: public ones anyone; "registered" ones
 * people booked on a session of the workshop; "attendees" ones people marked present or late;
 * organisers of the workshop everything, removed worksheets and old versions included.
 */
export async function mayDownload(
  db: Db,
  worksheetId: number,
  requester: Requester,
): Promise<{ allowed: boolean; organiser: boolean; exists: boolean }> {
  const worksheet = await db
    .selectFrom('worksheets')
    .innerJoin('workshops', 'workshops.id', 'worksheets.workshop_id')
    .select(['worksheets.visibility', 'worksheets.removed_at', 'worksheets.workshop_id', 'workshops.organiser_id'])
    .where('worksheets.id', '=', worksheetId)
    .executeTakeFirst()
  if (!worksheet) return { allowed: false, organiser: false, exists: false }
  if (requester.kind === 'user' && canManage(requester.user, worksheet.organiser_id))
    return { allowed: true, organiser: true, exists: true }
  if (worksheet.removed_at) return { allowed: false, organiser: false, exists: true }
  if (worksheet.visibility === 'public') return { allowed: true, organiser: false, exists: true }
  if (requester.kind === 'anonymous') return { allowed: false, organiser: false, exists: true }
  let bookings = db
    .selectFrom('registrations')
    .innerJoin('sessions', 'sessions.id', 'registrations.session_id')
    .select(['registrations.status', 'registrations.attendance'])
    .where('sessions.workshop_id', '=', worksheet.workshop_id)
  if (requester.kind === 'registration') {
    // A manage link proves only that its holder got the e-mail about this one booking (anyone
    // can book with anyone's address): it opens what this registration earns, never what
    // other bookings of the same address earn.
    bookings = bookings.where('registrations.id', '=', requester.registrationId)
  } else {
    // Signing in proves the address: every booking made with it counts.
    bookings = bookings.where('registrations.email_normalized', '=', requester.user.email.toLowerCase())
  }
  const rows = await bookings.execute()
  const allowed =
    worksheet.visibility === 'registered'
      ? rows.some((r) => r.status !== 'cancelled')
      : rows.some((r) => r.status === 'confirmed' && r.attendance !== null && ATTENDED.includes(r.attendance))
  return { allowed, organiser: false, exists: true }
}

/** The current version of a worksheet, or an older one for organisers. */
export type WorksheetFile = { fileId: number; originalName: string; contentType: string; size: number; sha256: string }

/** The file of a worksheet's current version, or of one given version, for a download. */
export async function worksheetVersion(
  db: Db,
  { worksheetId, versionId }: { worksheetId: number; versionId?: number },
): Promise<WorksheetFile | undefined> {
  let query = db
    .selectFrom('worksheet_versions')
    .innerJoin('worksheets', 'worksheets.id', 'worksheet_versions.worksheet_id')
    .selectAll('worksheet_versions')
  query = versionId
    ? query.where('worksheet_versions.id', '=', versionId).where('worksheet_versions.worksheet_id', '=', worksheetId)
    : query.where('worksheets.id', '=', worksheetId).whereRef('worksheet_versions.id', '=', 'worksheets.current_version_id')
  const row = await query.executeTakeFirst()
  return (
    row && {
      fileId: row.file_id,
      originalName: row.original_name,
      contentType: row.content_type,
      size: row.size,
      sha256: row.sha256,
    }
  )
}

export async function countDownload(db: Db, worksheetId: number): Promise<void> {
  await db
    .updateTable('worksheets')
    .set((eb) => ({ download_count: eb('download_count', '+', 1) }))
    .where('id', '=', worksheetId)
    .execute()
}

/** The worksheets a booking's holder may download, for the manage page, My bookings and e-mails. */
export async function worksheetsForRegistration(db: Db, registrationId: number): Promise<WorksheetSummary[]> {
  const registration = await db
    .selectFrom('registrations')
    .innerJoin('sessions', 'sessions.id', 'registrations.session_id')
    .select(['sessions.workshop_id'])
    .where('registrations.id', '=', registrationId)
    .executeTakeFirst()
  if (!registration) return []
  const rows = await worksheetQuery(db)
    .where('worksheets.workshop_id', '=', registration.workshop_id)
    .where('worksheets.removed_at', 'is', null)
    .orderBy('worksheets.title')
    .execute()
  const visible = []
  for (const row of rows) {
    if ((await mayDownload(db, row.id, { kind: 'registration', registrationId })).allowed) visible.push(row)
  }
  return withLevels(db, visible)
}
