import type { Db } from '~/utils/db.server'

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

/** The newest entries first, as the admins' page shows them. */
export async function listAudit(
  db: Db,
  { limit = 200, before }: { limit?: number; before?: number } = {},
): Promise<AuditEntry[]> {
  let query = db.selectFrom('audit_log').selectAll().orderBy('id', 'desc').limit(limit)
  if (before) query = query.where('id', '<', before)
  return (await query.execute()).map((row) => ({
    id: row.id,
    at: row.at,
    actorEmail: row.actor_email,
    action: row.action,
    entityType: row.entity_type,
    entityId: row.entity_id,
    details: row.details,
  }))
}
