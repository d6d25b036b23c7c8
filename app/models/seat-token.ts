import type { Availability, AvailabilityState } from './session-availability'

/*
 * A catalogue card's seats travel to the browser as one string per session, e.g.
 * "seats:14:open:5:0:". Numbers inside the page's data are shared between every place that
 * holds the same value, so a count could not be changed in a cached page without touching
 * others; this string is the session's alone, and made only of characters that no encoding
 * on the way (JSON, the document's script) alters. The page cache replaces it when only seat
 * counts changed (app/web/seat-patch.server.tsx).
 */
const STATES: ReadonlySet<string> = new Set<AvailabilityState>(['open', 'full', 'not_yet_open', 'closed', 'past', 'cancelled'])

export function seatToken(sessionId: number, { state, freeSeats, waitlisted, opensAt }: Availability): string {
  return `seats:${sessionId}:${state}:${freeSeats}:${waitlisted}:${opensAt ?? ''}`
}

export function readSeatToken(token: string): Availability {
  const match = /^seats:\d+:([a-z_]+):(\d+):(\d+):(.*)$/.exec(token)
  if (!match || !STATES.has(match[1]!)) throw new Error(`not a seat token: ${token}`)
  return {
    state: match[1] as AvailabilityState,
    freeSeats: Number(match[2]),
    waitlisted: Number(match[3]),
    opensAt: match[4] === '' ? null : match[4]!,
  }
}

/**
 * Which page recorded its seats. Besides the seat markup, what depends on the seats differs:
 * a workshop page's booking buttons and search-engine offers follow the state and a few free
 * seats (seat-patch.server.tsx).
 */
export type SeatPage = 'catalogue' | 'workshop'

/** Given by the page cache through the load context; the page fills it in. */
export type PageSeatsRecord = { page?: SeatPage; tokens: Map<number, string> }

/** A page whose content depends on seat counts only through these sessions' tokens says so. */
export function recordPageSeats(
  record: PageSeatsRecord | undefined,
  page: SeatPage,
  sessions: Iterable<{ id: number; seats: string }>,
): void {
  if (!record) return
  record.page = page
  for (const { id, seats } of sessions) record.tokens.set(id, seats)
}
