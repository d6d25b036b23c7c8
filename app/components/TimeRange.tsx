import { Fragment } from 'react'
import { useLocale } from '~/i18n/intl'
import { timeRangeParts } from '~/utils/dates'

/**
 * When a session is, as a <time>: the day and the times each kept on one line, so narrow
 * cards never break "08:30–" from "12:30". Its text is formatTimeRange's.
 */
export function TimeRange({ startsAt, endsAt }: { startsAt: string; endsAt: string }) {
  const locale = useLocale()
  const parts = timeRangeParts(startsAt, endsAt, locale)
  return (
    <time dateTime={startsAt}>
      {parts.map((part, i) => (
        <Fragment key={i}>
          {i > 0 ? ' ' : null}
          <span className="nowrap">{part}</span>
        </Fragment>
      ))}
    </time>
  )
}
