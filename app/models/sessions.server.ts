import type { Kysely } from 'kysely'
import type { DB } from '../../db/schema'
import { engineOf, type Db } from '~/utils/db.server'
import { summariseSession, type SessionSummary } from './catalogue.server'
import { takeBookingAllowance, type BookingLimits } from './rate-limits.server'
import { refusalBeforeBooking, registerForSession, type RegisterRequest, type RegisterResult } from './registrations.server'

export type BookingPage = {
  session: SessionSummary
  workshop: { slug: string; title: string; language: 'cs' | 'en'; requiresBirthDate: boolean }
  /** When this session takes no booking for a seat (full, closed…): the nearest one of the workshop that does. */
  alternative: SessionSummary | null
}

/** A session of a published workshop, as the booking form shows it; undefined if there is none. */
export async function getBookingPage(
  db: Db,
  { sessionId, now }: { sessionId: number; now: Date },
): Promise<BookingPage | undefined> {
  const row = await db
    .selectFrom('sessions')
    .innerJoin('workshops', 'workshops.id', 'sessions.workshop_id')
    .selectAll('sessions')
    .select([
      'workshops.slug as workshop_slug',
      'workshops.title as workshop_title',
      'workshops.language as workshop_language',
      'workshops.requires_birth_date',
    ])
    .where('sessions.id', '=', sessionId)
    .where('workshops.published', '=', 1)
    .executeTakeFirst()
  if (!row) return undefined
  const session = summariseSession(row, now)
  return {
    session,
    workshop: {
      slug: row.workshop_slug,
      title: row.workshop_title,
      language: row.workshop_language,
      requiresBirthDate: row.requires_birth_date === 1,
    },
    alternative: session.availability.state === 'open' ? null : await nearestWithFreeSeats(db, { row, now }),
  }
}

/** The workshop's soonest other upcoming session where a seat can be booked now. */
async function nearestWithFreeSeats(
  db: Db,
  { row, now }: { row: { id: number; workshop_id: number }; now: Date },
): Promise<SessionSummary | null> {
  const candidates = await db
    .selectFrom('sessions')
    .selectAll()
    .where('workshop_id', '=', row.workshop_id)
    .where('id', '<>', row.id)
    .where('status', '=', 'scheduled')
    .where('starts_at', '>', now.toISOString())
    .whereRef('confirmed_count', '<', 'capacity')
    .orderBy('starts_at')
    .orderBy('id')
    .execute()
  // A booking window not yet open or already closed is checked here, where the clock is.
  return candidates.map((c) => summariseSession(c, now)).find((s) => s.availability.state === 'open') ?? null
}

export type BookingRequest = Omit<RegisterRequest, 'byOrganiser' | 'admit'> & { ip: string; limits: BookingLimits }

/**
 * A booking sent from the public form. What cannot be booked anyway costs no allowance and
 * writes nothing.
 * - SQLite has one writer: the session is read and checked, the client's allowance taken and
 *   the seat and e-mail written in one transaction under its lock, one commit (decision 025).
 * - PostgreSQL's write lock is one for all instances, so what can run beside it does: the
 *   session is checked and the allowance taken first, and registerForSession checks again
 *   under the lock.
 */
export async function requestBooking(db: Kysely<DB>, { ip, limits, ...request }: BookingRequest): Promise<RegisterResult> {
  const { sessionId, now } = request
  const admit = (trx: Kysely<DB>) => takeBookingAllowance(trx, { ip, sessionId, limits, now })
  if (engineOf(db) === 'sqlite') return registerForSession(db, { ...request, admit })
  const refusal = await refusalBeforeBooking(db, request)
  if (refusal) return refusal
  const allowance = await admit(db)
  if (!allowance.ok) return { kind: 'too_many', retryAfterSeconds: allowance.retryAfterSeconds }
  return registerForSession(db, request)
}
