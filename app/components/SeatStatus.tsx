import { useLocale, useT } from '~/i18n/intl'
import type { Availability } from '~/models/session-availability'
import { formatDateTime } from '~/utils/dates'

/** Free seats with the right plural, or why the session cannot be booked. */
export function SeatStatus({ availability }: { availability: Availability }) {
  const t = useT()
  const locale = useLocale()
  switch (availability.state) {
    case 'open':
      return <span className="seats seats--free">{t('seats.free', { count: availability.freeSeats })}</span>
    case 'full':
      return (
        <span className="seats seats--full">
          {t('seats.full')}
          {availability.waitlisted > 0 ? ` · ${t('seats.waitlist', { count: availability.waitlisted })}` : ''}
        </span>
      )
    case 'not_yet_open':
      return (
        <span className="seats seats--info">
          {t('availability.not_yet_open', { date: formatDateTime(availability.opensAt ?? '', locale) })}
          {' · '}
          {t('seats.free', { count: availability.freeSeats })}
        </span>
      )
    case 'closed':
      return <span className="seats seats--info">{t('availability.closed')}</span>
    case 'past':
      return <span className="badge badge--muted">{t('availability.past')}</span>
    case 'cancelled':
      return <span className="badge badge--cancelled">{t('availability.cancelled')}</span>
  }
}
