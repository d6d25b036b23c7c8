import type { Kysely } from 'kysely'
import type { DB } from '../../db/schema'
import { writeTransaction } from '~/utils/db.server'
import { mailRegistrationUpdate, stillConfirmed, type ChangeContext } from './registrations.server'

/*
 * Reminders before a session: by default 3 days and 2 hours before, per workshop
 * (`workshops.reminder_hours`, '' = none). A reminder's moment is the session's start less
 * its hours. A run queues every reminder whose moment has passed for a session that has not
 * started, so one missed while the server was down still goes out, never after the start.
 * Someone confirmed after the moment (booked late, promoted late) does not get it: they have
 * just had their confirmation. When a run finds several reminders due for one person (after
 * a long downtime), only the nearest to the start is sent.
 */

const MAX_REMINDER_HOURS = 30 * 24
const HOUR_MS = 3_600_000

/** "72,2" → [72, 2]: whole hours between 1 and 720, nearest to the start last. */
export function reminderHours(text: string): number[] {
  const hours = text
    .split(',')
    .map((part) => part.trim())
    .filter((part) => /^\d{1,3}$/.test(part))
    .map(Number)
    .filter((h) => h >= 1 && h <= MAX_REMINDER_HOURS)
  return [...new Set(hours)].sort((a, b) => b - a)
}

export const reminderKind = (hours: number) => `reminder:${hours}`

type Due = { registrationId: number; send: number | undefined; skip: number[]; whatToBring: string | null }

/** The reminders due now, at most `limit` people, oldest sessions first. */
async function dueReminders(db: Kysely<DB>, now: Date, limit: number): Promise<Due[]> {
  const configured = await db
    .selectFrom('workshops')
    .select('reminder_hours')
    .distinct()
    .where('reminder_hours', '<>', '')
    .execute()
  const horizon = Math.max(0, ...configured.flatMap((w) => reminderHours(w.reminder_hours)))
  if (horizon === 0) return []
  const nowIso = now.toISOString()
  const rows = await db
    .selectFrom('registrations')
    .innerJoin('sessions', 'sessions.id', 'registrations.session_id')
    .innerJoin('workshops', 'workshops.id', 'sessions.workshop_id')
    .select([
      'registrations.id',
      'registrations.confirmed_at',
      'sessions.starts_at',
      'workshops.reminder_hours',
      'workshops.what_to_bring',
    ])
    .where('registrations.status', '=', 'confirmed')
    .where('sessions.status', '=', 'scheduled')
    .where('sessions.starts_at', '>', nowIso)
    .where('sessions.starts_at', '<=', new Date(now.getTime() + horizon * HOUR_MS).toISOString())
    .where('workshops.reminder_hours', '<>', '')
    .orderBy('sessions.starts_at')
    .orderBy('registrations.id')
    .execute()
  if (rows.length === 0) return []
  const handled = new Set<string>()
  for (let i = 0; i < rows.length; i += 500) {
    const ids = rows.slice(i, i + 500).map((r) => r.id)
    const notices = await db
      .selectFrom('registration_notices')
      .select(['registration_id', 'kind'])
      .where('registration_id', 'in', ids)
      .where('kind', 'like', 'reminder:%')
      .execute()
    for (const n of notices) handled.add(`${n.registration_id} ${n.kind}`)
  }
  const due: Due[] = []
  for (const row of rows) {
    const starts = new Date(row.starts_at).getTime()
    const open = reminderHours(row.reminder_hours).filter(
      (h) => starts - h * HOUR_MS <= now.getTime() && !handled.has(`${row.id} ${reminderKind(h)}`),
    )
    if (open.length === 0) continue
    const nearest = open[open.length - 1]!
    const confirmedAt = row.confirmed_at ? new Date(row.confirmed_at).getTime() : 0
    const late = confirmedAt > starts - nearest * HOUR_MS
    due.push({
      registrationId: row.id,
      send: late ? undefined : nearest,
      skip: late ? open : open.slice(0, -1),
      whatToBring: row.what_to_bring,
    })
    if (due.length >= limit) break
  }
  return due
}

/**
 * Queues the reminders that are due, in short transactions of `batch` people so bookings
 * never wait long for the write lock. Answers how many reminders it queued.
 */
export async function queueDueReminders(
  db: Kysely<DB>,
  { batch = 200, maxBatches = Infinity, ...context }: ChangeContext & { batch?: number; maxBatches?: number },
): Promise<number> {
  let queued = 0
  for (let round = 0; round < maxBatches; round++) {
    const due = await dueReminders(db, context.now, batch)
    if (due.length === 0) return queued
    queued += await writeTransaction(db, async (trx) => {
      let count = 0
      const handledAt = context.now.toISOString()
      const held = await stillConfirmed(
        trx,
        due.map((item) => item.registrationId),
      )
      for (const item of due) {
        const stillHeld = held.has(item.registrationId)
        const notices = [
          ...item.skip.map((h) => ({ kind: reminderKind(h), outcome: 'skipped' as const })),
          ...(item.send !== undefined
            ? [{ kind: reminderKind(item.send), outcome: stillHeld ? ('queued' as const) : ('skipped' as const) }]
            : []),
        ]
        const inserted = await trx
          .insertInto('registration_notices')
          .values(notices.map((n) => ({ registration_id: item.registrationId, handled_at: handledAt, ...n })))
          .onConflict((oc) => oc.columns(['registration_id', 'kind']).doNothing())
          .returning(['kind', 'outcome'])
          .execute()
        const toSend = inserted.find((n) => n.outcome === 'queued')
        if (!toSend || item.send === undefined) continue
        await mailRegistrationUpdate(trx, {
          registrationId: item.registrationId,
          template: 'registration.reminder',
          key: `registration:${item.registrationId}:${toSend.kind}`,
          whatToBring: item.whatToBring ?? undefined,
          ...context,
        })
        count++
      }
      return count
    })
    if (due.length < batch) return queued
  }
  return queued
}
