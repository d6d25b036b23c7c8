import { Link } from '@remix-run/react'
import { useT } from '~/i18n/intl'
import type { SessionSummary } from '~/models/catalogue.server'
import { SeatStatus } from './SeatStatus'
import { SessionPlace } from './SessionPlace'
import { TimeRange } from './TimeRange'

/** On a full (or closed) session's booking page: the workshop's nearest session with a free seat. */
export function AlternativeSession({ session }: { session: SessionSummary }) {
  const t = useT()
  return (
    <section className="summary-box alternative" aria-labelledby="alternative-heading">
      <h2 id="alternative-heading">{t('booking.alternative.heading')}</h2>
      <p>{t('booking.alternative.text')}</p>
      <p>
        <strong>
          <TimeRange startsAt={session.startsAt} endsAt={session.endsAt} />
        </strong>
        <br />
        <SessionPlace place={session.place} short />
        <br />
        <SeatStatus availability={session.availability} />
      </p>
      <p>
        <Link to={`/sessions/${session.id}/book`} className="button">
          {t('booking.alternative.book')}
        </Link>
      </p>
    </section>
  )
}
