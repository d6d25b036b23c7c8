import { Link } from '@remix-run/react'
import { useLocale, useT } from '~/i18n/intl'
import { readSeatToken } from '~/models/seat-token'
import type { SessionOnPageView } from '~/models/workshops.server'
import { formatTimeRange } from '~/utils/dates'
import { SeatStatus } from './SeatStatus'
import { SessionPlace } from './SessionPlace'
import { TimeRange } from './TimeRange'

/** Sessions of one workshop; past and cancelled ones stay listed, marked as such. */
export function SessionList({ sessions, bookable }: { sessions: SessionOnPageView[]; bookable: boolean }) {
  const t = useT()
  const locale = useLocale()
  return (
    <ul className="session-list">
      {sessions.map((session) => {
        const when = formatTimeRange(session.startsAt, session.endsAt, locale)
        const availability = readSeatToken(session.seats)
        const { state } = availability
        const canBook = bookable && (state === 'open' || state === 'full')
        const action = state === 'full' ? t('workshop.bookWaitlist') : t('workshop.book')
        return (
          <li key={session.id} className={`session session--${state}`}>
            <div className="session__when">
              <TimeRange startsAt={session.startsAt} endsAt={session.endsAt} />
            </div>
            <div className="session__where">
              <SessionPlace place={session.place} />
              {session.lecturer ? (
                <p className="session__lecturer">{t('workshop.lecturer', { name: session.lecturer })}</p>
              ) : null}
            </div>
            {/* Marked with its session: the page cache updates this markup in place (seat-patch.server.tsx). */}
            <div className="session__seats" data-seats-of={session.id}>
              <SeatStatus availability={availability} />
            </div>
            {canBook ? (
              <div className="session__action">
                <Link
                  to={`/sessions/${session.id}/book`}
                  className={state === 'full' ? 'button button--secondary' : 'button'}
                  aria-label={t('workshop.bookLabel', { action, date: when })}
                >
                  {action}
                </Link>
              </div>
            ) : null}
          </li>
        )
      })}
    </ul>
  )
}
