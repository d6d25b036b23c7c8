import type { SessionStatus } from '../../db/schema'

export type AvailabilityState = 'open' | 'full' | 'not_yet_open' | 'closed' | 'past' | 'cancelled'

export type Availability = {
  state: AvailabilityState
  freeSeats: number
  waitlisted: number
  /** When booking opens, for "not_yet_open". */
  opensAt: string | null
}

type SessionSeats = {
  starts_at: string
  status: SessionStatus
  capacity: number
  confirmed_count: number
  waitlisted_count: number
  registration_opens_at: string | null
  registration_closes_at: string | null
}

/**
 * What a visitor can do with a session right now. "full" still takes bookings, onto the
 * waiting list; every other state but "open" refuses them, for the reason it names.
 */
export function sessionAvailability(session: SessionSeats, now: Date): Availability {
  const nowIso = now.toISOString()
  const freeSeats = Math.max(0, session.capacity - session.confirmed_count)
  const base = { freeSeats, waitlisted: session.waitlisted_count, opensAt: session.registration_opens_at }
  if (session.status === 'cancelled') return { ...base, state: 'cancelled' }
  if (session.starts_at <= nowIso) return { ...base, state: 'past' }
  if (session.registration_opens_at && nowIso < session.registration_opens_at) return { ...base, state: 'not_yet_open' }
  if (session.registration_closes_at && nowIso >= session.registration_closes_at) return { ...base, state: 'closed' }
  return { ...base, state: freeSeats > 0 ? 'open' : 'full' }
}
