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
