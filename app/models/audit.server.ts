import type { ExpressionBuilder } from 'kysely'
import type { DB } from '../../db/schema'
import type { Db } from '~/utils/db.server'
import { addDays, pragueLocalToUtc } from '~/utils/dates'
import { containsTerm } from '~/utils/sql-search.server'
import { ACCESS_ACTION_PREFIXES, ACCESS_ACTIONS_OUTSIDE_PREFIXES, type AuditFilters } from './audit-filters'
import { parseAuditDetails, type AuditNames } from './audit-text'

/** The signed-in user who did it (a SignedInUser fits); null for the app's own jobs. */
type Actor = { id: number; email: string } | null

/** Who changed what and when; written in the same transaction as the change. */
export async function recordAudit(
  db: Db,
  {
    actor,
    action,
    entityType,
    entityId,
    details,
    now,
  }: { actor: Actor; action: string; entityType: string; entityId: number | null; details?: Record<string, unknown>; now: Date },
): Promise<void> {
  await db
    .insertInto('audit_log')
    .values({
      at: now.toISOString(),
      actor_user_id: actor?.id ?? null,
      actor_email: actor?.email ?? null,
      action,
      entity_type: entityType,
      entity_id: entityId,
      details: details ? JSON.stringify(details) : null,
    })
    .execute()
}

/** A staff page that shows people's personal data (downloads are `export.*`, recorded where they are made). */
export type AccessAction = 'access.registrations' | 'access.roster' | 'access.feedback' | 'access.users' | 'access.audit'

/**
 * Who opened which page of personal data, and when (GDPR accountability): one insert, made
 * by the model function that reads the data for a signed-in, authorised user. The details
 * are counts only, never what was shown or searched for (a search may be a name).
 */
export function recordAccess(
  db: Db,
  {
    user,
    action,
    entityType,
    entityId,
    counts,
    now,
  }: {
    user: NonNullable<Actor>
    action: AccessAction
    entityType: string
    entityId: number | null
    counts: Record<string, number>
    now: Date
  },
): Promise<void> {
  return recordAudit(db, { actor: user, action, entityType, entityId, details: counts, now })
}

export type AuditEntry = {
  id: number
  at: string
  actorEmail: string | null
  action: string
  entityType: string
  entityId: number | null
  details: string | null
}

export const AUDIT_PAGE_SIZE = 50

function isAccess(eb: ExpressionBuilder<DB, 'audit_log'>) {
  return eb.or([
    ...ACCESS_ACTION_PREFIXES.map((prefix) => eb('action', 'like', `${prefix}%`)),
    ...ACCESS_ACTIONS_OUTSIDE_PREFIXES.map((action) => eb('action', '=', action)),
  ])
}

/** Prague midnight at the start of a calendar day, as a UTC instant (midnight exists every day in Prague). */
const dayStart = (day: string) => pragueLocalToUtc(day, '00:00')

/** The newest entries first that match the filters, a page at a time; `olderBefore` links the next page. */
export async function listAudit(
  db: Db,
  { filters, limit = AUDIT_PAGE_SIZE }: { filters: AuditFilters; limit?: number },
): Promise<{ entries: AuditEntry[]; olderBefore: number | null }> {
  let query = db
    .selectFrom('audit_log')
    .selectAll()
    .orderBy('id', 'desc')
    .limit(limit + 1)
  if (filters.kind === 'access') query = query.where(isAccess)
  if (filters.kind === 'changes') query = query.where((eb) => eb.not(isAccess(eb)))
  // The rule allows only [a-z0-9.-], so nothing in the prefix is a LIKE wildcard.
  if (filters.action) query = query.where('action', 'like', `${filters.action}%`)
  if (filters.actor) query = query.where(containsTerm('actor_email', filters.actor))
  if (filters.entityType) query = query.where('entity_type', '=', filters.entityType)
  if (filters.entityId !== undefined) query = query.where('entity_id', '=', filters.entityId)
  if (filters.from) query = query.where('at', '>=', dayStart(filters.from))
  if (filters.to) query = query.where('at', '<', dayStart(addDays(filters.to, 1)))
  if (filters.before !== undefined) query = query.where('id', '<', filters.before)
  const rows = await query.execute()
  const entries = rows.slice(0, limit).map((row) => ({
    id: row.id,
    at: row.at,
    actorEmail: row.actor_email,
    action: row.action,
    entityType: row.entity_type,
    entityId: row.entity_id,
    details: row.details,
  }))
  return { entries, olderBefore: rows.length > limit ? entries[entries.length - 1]!.id : null }
}

/** The admins' audit page; reading it is recorded too, as it names staff by e-mail. */
export async function getAuditPage(
  db: Db,
  { admin, filters, now }: { admin: NonNullable<Actor>; filters: AuditFilters; now: Date },
) {
  const page = await listAudit(db, { filters })
  await recordAccess(db, {
    user: admin,
    action: 'access.audit',
    entityType: 'audit',
    entityId: null,
    counts: { rows: page.entries.length },
    now,
  })
  return { ...page, names: await auditNames(db, page.entries) }
}

/**
 * What the entries' records are called, so each entry reads in words (audit-text.ts): the
 * workshops, sessions, worksheets and bookings they name, looked up as they are now. A record
 * that is gone keeps its number.
 */
export async function auditNames(db: Db, entries: AuditEntry[]): Promise<AuditNames> {
  const ids = (type: string) => [
    ...new Set(entries.flatMap((e) => (e.entityType === type && e.entityId !== null ? [e.entityId] : []))),
  ]
  const names: AuditNames = { workshops: {}, sessions: {}, worksheets: {}, registrations: {} }

  const registrationIds = ids('registration')
  if (registrationIds.length > 0) {
    const rows = await db.selectFrom('registrations').select(['id', 'session_id']).where('id', 'in', registrationIds).execute()
    for (const row of rows) names.registrations[row.id] = row.session_id
  }
  // Sessions the entries are about, those of the bookings, and those a move names.
  const sessionIds = new Set([...ids('session'), ...Object.values(names.registrations)])
  for (const entry of entries) {
    if (entry.action !== 'registration.move') continue
    const details = parseAuditDetails(entry.details)
    for (const key of ['from', 'to'] as const) if (typeof details[key] === 'number') sessionIds.add(details[key])
  }
  if (sessionIds.size > 0) {
    const rows = await db
      .selectFrom('sessions')
      .innerJoin('workshops', 'workshops.id', 'sessions.workshop_id')
      .select(['sessions.id', 'sessions.starts_at', 'sessions.ends_at', 'workshops.title'])
      .where('sessions.id', 'in', [...sessionIds])
      .execute()
    for (const row of rows) names.sessions[row.id] = { workshop: row.title, startsAt: row.starts_at, endsAt: row.ends_at }
  }
  const worksheetIds = ids('worksheet')
  if (worksheetIds.length > 0) {
    const rows = await db
      .selectFrom('worksheets')
      .innerJoin('workshops', 'workshops.id', 'worksheets.workshop_id')
      .select(['worksheets.id', 'worksheets.title', 'workshops.title as workshop'])
      .where('worksheets.id', 'in', worksheetIds)
      .execute()
    for (const row of rows) names.worksheets[row.id] = { title: row.title, workshop: row.workshop }
  }
  const workshopIds = ids('workshop')
  if (workshopIds.length > 0) {
    const rows = await db.selectFrom('workshops').select(['id', 'title']).where('id', 'in', workshopIds).execute()
    for (const row of rows) names.workshops[row.id] = row.title
  }
  return names
}
