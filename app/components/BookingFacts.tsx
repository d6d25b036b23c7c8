import { Link } from '@remix-run/react'
import type { ReactNode } from 'react'
import { useT } from '~/i18n/intl'
import { mapUrl } from '~/utils/places'
import { TimeRange } from './TimeRange'

type Booking = {
  status: 'confirmed' | 'waitlisted' | 'cancelled'
  position: number | null
  fullName: string
  session: {
    workshopSlug: string
    workshopTitle: string
    startsAt: string
    endsAt: string
    venueName: string | null
    room: string | null
    address: string | null
    onlineUrl: string | null
    cancelled: boolean
    /** The session is over: a booking that stood says the workshop took place, not what it held. */
    ended: boolean
  }
}

/**
 * A booking's status and facts as the manage page and the calendar view show them; the
 * manage page adds its own rows (address, organisation) as children.
 */
export function BookingFacts({ booking, children }: { booking: Booking; children?: ReactNode }) {
  const t = useT()
  const { session } = booking
  const place = [session.venueName, session.room, session.address].filter(Boolean).join(', ')
  const past = session.ended && !session.cancelled && booking.status !== 'cancelled'
  const map = session.venueName ? mapUrl({ venueName: session.venueName, address: session.address, town: null }) : undefined
  return (
    <>
      <p className={`status status--${past ? 'past' : booking.status}`}>
        <strong>
          {past
            ? t('manage.status.past')
            : booking.status === 'waitlisted'
              ? t('manage.status.waitlisted', { position: booking.position ?? 0 })
              : t(`manage.status.${booking.status}`)}
        </strong>
      </p>
      {session.cancelled ? <p className="notice notice--warning">{t('manage.sessionCancelled')}</p> : null}
      <dl className="facts">
        <div>
          <dt>{t('manage.workshop')}</dt>
          <dd>
            <Link to={`/workshops/${session.workshopSlug}`}>{session.workshopTitle}</Link>
          </dd>
        </div>
        <div>
          <dt>{t('manage.when')}</dt>
          <dd>
            <TimeRange startsAt={session.startsAt} endsAt={session.endsAt} />
          </dd>
        </div>
        <div>
          <dt>{t('manage.where')}</dt>
          <dd>
            {place || t('catalogue.online')}
            {map ? (
              <>
                <br />
                <a href={map} className="map-link" rel="noopener noreferrer">
                  {t('place.map')} {t('place.mapService')}
                </a>
              </>
            ) : null}
            {session.onlineUrl ? (
              <>
                <br />
                <a href={session.onlineUrl}>{t('manage.onlineLink')}</a>
              </>
            ) : null}
          </dd>
        </div>
        <div>
          <dt>{t('manage.name')}</dt>
          <dd>{booking.fullName}</dd>
        </div>
        {children}
      </dl>
    </>
  )
}
