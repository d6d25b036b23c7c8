import type { Availability } from '~/models/session-availability'
import { SeatStatus } from './SeatStatus'

/**
 * A catalogue card's seats, marked with their session: the page cache finds the seats' markup
 * after the mark to bring a cached page's seat count up to date (app/web/seat-patch.server.tsx).
 */
export function CardSeats({ sessionId, availability }: { sessionId: number; availability: Availability }) {
  return (
    <dd data-seats-of={sessionId}>
      <SeatStatus availability={availability} />
    </dd>
  )
}
