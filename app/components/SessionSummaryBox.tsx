import type { SessionSummary } from '~/models/catalogue.server'
import { SeatStatus } from './SeatStatus'
import { SessionPlace } from './SessionPlace'
import { TimeRange } from './TimeRange'

export function SessionSummaryBox({ session, title, lang }: { session: SessionSummary; title: string; lang?: string }) {
  return (
    <div className="summary-box">
      <p className="summary-box__title" lang={lang}>
        {title}
      </p>
      <p>
        <TimeRange startsAt={session.startsAt} endsAt={session.endsAt} />
        <br />
        <SessionPlace place={session.place} />
      </p>
      <p>
        <SeatStatus availability={session.availability} />
      </p>
    </div>
  )
}
