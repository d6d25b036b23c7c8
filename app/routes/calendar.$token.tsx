import type { LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { Link, useLoaderData } from '@remix-run/react'
import { translator, useLocale, useT } from '~/i18n/intl'
import { PRIVATE_HEADERS, requireCalendarView } from '~/models/manage-link.server'
import { formatTimeRange } from '~/utils/dates'
import { localeFromMatches, pageMeta } from '~/utils/meta'

/*
 * The page the link in an invitation's calendar data opens. Calendars are shared with
 * colleagues and school offices, so it only shows the booking: cancelling and downloads need
 * the e-mail's own link or a signed-in session.
 */
export async function loader({ params }: LoaderFunctionArgs) {
  return requireCalendarView(params.token, new Date())
}

export const headers = () => PRIVATE_HEADERS

export const meta: MetaFunction<typeof loader> = ({ matches, data }) => {
  const t = translator(localeFromMatches(matches))
  return [
    ...pageMeta(matches, data ? t('calendarView.title') : t('manage.notFound.title')),
    { name: 'robots', content: 'noindex' },
    { name: 'referrer', content: 'no-referrer' },
  ]
}

export default function CalendarView() {
  const registration = useLoaderData<typeof loader>()
  const t = useT()
  const locale = useLocale()
  const { session } = registration
  const place = [session.venueName, session.room, session.address].filter(Boolean).join(', ')
  return (
    <div className="narrow">
      <h1>{t('calendarView.title')}</h1>
      <p className={`status status--${registration.status}`}>
        <strong>
          {registration.status === 'waitlisted'
            ? t('manage.status.waitlisted', { position: registration.position ?? 0 })
            : t(`manage.status.${registration.status}`)}
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
            <time dateTime={session.startsAt}>{formatTimeRange(session.startsAt, session.endsAt, locale)}</time>
          </dd>
        </div>
        <div>
          <dt>{t('manage.where')}</dt>
          <dd>
            {place || t('catalogue.online')}
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
          <dd>{registration.fullName}</dd>
        </div>
      </dl>
      <p className="notice notice--info">{t('calendarView.intro')}</p>
      <p>
        <Link to={`/sign-in?redirectTo=${encodeURIComponent('/my/bookings')}`}>{t('calendarView.signIn')}</Link>
      </p>
    </div>
  )
}

export { ErrorBoundary } from './registrations.$token._index'
