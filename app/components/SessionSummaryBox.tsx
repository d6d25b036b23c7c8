import { useLocale } from '~/i18n/intl'
import { formatTimeRange } from '~/utils/dates'
import type { SessionSummary } from '~/models/catalogue.server'
import { SeatStatus } from './SeatStatus'
import { SessionPlace } from './SessionPlace'

export function SessionSummaryBox({ session, title, lang }: { session: SessionSummary; title: string; lang?: string }) {
  const locale = useLocale()
  return (
    <div className="summary-box">
      <p className="summary-box__title" lang={lang}>
        {title}
      </p>
      <p>
        <time dateTime={session.startsAt}>{formatTimeRange(session.startsAt, session.endsAt, locale)}</time>
        <br />
        <SessionPlace place={session.place} />
      </p>
      <p>
        <SeatStatus availability={session.availability} />
      </p>
    </div>
  )
}
