import type { Kysely } from 'kysely'
import type { DB } from '../../db/schema'
import { writeTransaction } from '~/utils/db.server'
import { recordAudit } from './audit.server'
import {
  mailRegistrationUpdate,
  promoteFromWaitlist,
  registrationByToken,
  releasePlace,
  stillConfirmed,
  type ChangeContext,
} from './registrations.server'

/*
 * "Still coming?": three days before a session that has a waiting list, everyone holding a
 * seat is asked, with two answers that each open a page with one button (a mail scanner that
 * follows links changes nothing). "I can't come" frees the seat for the waiting list at once.
 * Where the organiser turned it on for the session, seats nobody confirmed are released at a
 * deadline (24 hours before, by default), which the e-mail says plainly.
 */

export const STILL_COMING_HOURS = 72
export const STILL_COMING_KIND = 'still-coming'
const RELEASED_KIND = 'released'
const HOUR_MS = 3_600_000
const LONGEST_DEADLINE_HOURS = 30 * 24

/** When a session's unconfirmed seats are released, or undefined where it does not release them. */
export function releaseDeadline(session: { starts_at: string; release_unconfirmed: 0 | 1; release_deadline_hours: number }) {
  if (session.release_unconfirmed !== 1) return undefined
  return new Date(new Date(session.starts_at).getTime() - session.release_deadline_hours * HOUR_MS)
}

/** Asks everyone holding a seat on a session with a waiting list, once; answers how many it asked. */
export async function queueStillComing(
  db: Kysely<DB>,
  { batch = 200, ...context }: ChangeContext & { batch?: number },
): Promise<number> {
  const nowIso = context.now.toISOString()
  let asked = 0
  for (;;) {
    const due = await db
      .selectFrom('registrations')
      .innerJoin('sessions', 'sessions.id', 'registrations.session_id')
      .select([
        'registrations.id',
        'registrations.confirmed_at',
        'sessions.starts_at',
        'sessions.release_unconfirmed',
        'sessions.release_deadline_hours',
      ])
      .where('registrations.status', '=', 'confirmed')
      .where('sessions.status', '=', 'scheduled')
      .where('sessions.waitlisted_count', '>', 0)
      .where('sessions.starts_at', '>', nowIso)
      .where('sessions.starts_at', '<=', new Date(context.now.getTime() + STILL_COMING_HOURS * HOUR_MS).toISOString())
      .where(({ not, exists, selectFrom }) =>
        not(
          exists(
            selectFrom('registration_notices')
              .select('registration_notices.registration_id')
              .whereRef('registration_notices.registration_id', '=', 'registrations.id')
              .where('registration_notices.kind', '=', STILL_COMING_KIND),
          ),
        ),
      )
      .orderBy('sessions.starts_at')
      .orderBy('registrations.id')
      .limit(batch)
      .execute()
    if (due.length === 0) return asked
    asked += await writeTransaction(db, async (trx) => {
      let count = 0
      const held = await stillConfirmed(
        trx,
        due.map((row) => row.id),
      )
      for (const row of due) {
        const starts = new Date(row.starts_at).getTime()
        // Someone who booked within the three days has only just said they are coming.
        const recent = row.confirmed_at !== null && new Date(row.confirmed_at).getTime() > starts - STILL_COMING_HOURS * HOUR_MS
        const outcome = recent || !held.has(row.id) ? 'skipped' : 'queued'
        const inserted = await trx
          .insertInto('registration_notices')
          .values({ registration_id: row.id, kind: STILL_COMING_KIND, outcome, handled_at: nowIso })
          .onConflict((oc) => oc.columns(['registration_id', 'kind']).doNothing())
          .returning('outcome')
          .executeTakeFirst()
        if (inserted?.outcome !== 'queued') continue
        const deadline = releaseDeadline(row)
        await mailRegistrationUpdate(trx, {
          registrationId: row.id,
          template: 'registration.still-coming',
          key: `registration:${row.id}:${STILL_COMING_KIND}`,
          // A deadline already past (asked late) would only confuse: such a seat is not released.
          releaseAt: deadline && deadline > context.now ? deadline.toISOString() : undefined,
          ...context,
        })
        count++
      }
      return count
    })
    if (due.length < batch) return asked
  }
}

export type ComingAnswer = { kind: 'confirmed' } | { kind: 'not_held' } | { kind: 'not_found' }

/** "Yes, I'm coming": the seat is kept, and the organiser sees who confirmed. */
export async function confirmComing(db: Kysely<DB>, { token, now }: { token: string; now: Date }): Promise<ComingAnswer> {
  return writeTransaction(db, async (trx) => {
    const registration = await registrationByToken(trx, token, 'manage')
    if (!registration) return { kind: 'not_found' }
    const session = await trx
      .selectFrom('sessions')
      .select(['starts_at', 'status'])
      .where('id', '=', registration.session_id)
      .executeTakeFirstOrThrow()
    if (registration.status !== 'confirmed' || session.status !== 'scheduled' || session.starts_at <= now.toISOString())
      return { kind: 'not_held' }
    if (!registration.coming_confirmed_at) {
      await trx
        .updateTable('registrations')
        .set({ coming_confirmed_at: now.toISOString(), updated_at: now.toISOString() })
        .where('id', '=', registration.id)
        .execute()
    }
    return { kind: 'confirmed' }
  })
}

/**
 * At a session's deadline, releases the seats of people who were asked and did not confirm,
 * in booking order, and gives them to the waiting list in booking order. Each released person
 * gets a CANCEL; each promoted one a confirmation with a REQUEST. Answers how many it released.
 */
export async function releaseUnconfirmedSeats(db: Kysely<DB>, context: ChangeContext): Promise<number> {
  const nowIso = context.now.toISOString()
  const sessions = await db
    .selectFrom('sessions')
    .select(['id', 'starts_at', 'release_unconfirmed', 'release_deadline_hours'])
    .where('release_unconfirmed', '=', 1)
    .where('status', '=', 'scheduled')
    .where('starts_at', '>', nowIso)
    .where('starts_at', '<=', new Date(context.now.getTime() + LONGEST_DEADLINE_HOURS * HOUR_MS).toISOString())
    .execute()
  let released = 0
  for (const session of sessions) {
    const deadline = releaseDeadline(session)
    if (!deadline || deadline > context.now) continue
    released += await writeTransaction(db, async (trx) => {
      const unconfirmed = await trx
        .selectFrom('registrations')
        .innerJoin('registration_notices as asked', (join) =>
          join
            .onRef('asked.registration_id', '=', 'registrations.id')
            .on('asked.kind', '=', STILL_COMING_KIND)
            .on('asked.outcome', '=', 'queued'),
        )
        .select(['registrations.id', 'registrations.email', 'registrations.status', 'registrations.session_id'])
        .where('registrations.session_id', '=', session.id)
        .where('registrations.status', '=', 'confirmed')
        .where('registrations.coming_confirmed_at', 'is', null)
        // Asked after the deadline had passed (booked late): told nothing about a deadline, so kept.
        .where('asked.handled_at', '<', deadline.toISOString())
        .orderBy('registrations.id')
        .execute()
      for (const registration of unconfirmed) {
        await trx
          .insertInto('registration_notices')
          .values({ registration_id: registration.id, kind: RELEASED_KIND, outcome: 'queued', handled_at: nowIso })
          .onConflict((oc) => oc.columns(['registration_id', 'kind']).doNothing())
          .execute()
        // The notice goes first, while the person still counts as holding the seat (CANCEL, higher SEQUENCE).
        await mailRegistrationUpdate(trx, {
          registrationId: registration.id,
          template: 'registration.released',
          key: `registration:${registration.id}:${RELEASED_KIND}`,
          ...context,
        })
        await trx
          .updateTable('registrations')
          .set({ status: 'cancelled', cancelled_at: nowIso, updated_at: nowIso })
          .where('id', '=', registration.id)
          .execute()
        await releasePlace(trx, registration, context.now)
      }
      if (unconfirmed.length === 0) return 0
      const promoted = await promoteFromWaitlist(trx, { sessionId: session.id, ...context })
      for (const registration of unconfirmed) {
        await recordAudit(trx, {
          actor: null,
          action: 'registration.release-deadline',
          entityType: 'registration',
          entityId: registration.id,
          details: { sessionId: session.id },
          now: context.now,
        })
      }
      await recordAudit(trx, {
        actor: null,
        action: 'session.release-deadline',
        entityType: 'session',
        entityId: session.id,
        details: { released: unconfirmed.length, promoted },
        now: context.now,
      })
      return unconfirmed.length
    })
  }
  return released
}
