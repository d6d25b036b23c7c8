import type { LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { Link, useLoaderData } from '@remix-run/react'
import { BookingFacts } from '~/components/BookingFacts'
import { translator, useT } from '~/i18n/intl'
import { localeFromMatches } from '~/utils/meta'
import { requireCalendarView } from '~/web/booking-links.server'
import { PRIVATE_HEADERS, tokenPageMeta } from '~/web/token-pages'

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
  return tokenPageMeta(matches, data ? t('calendarView.title') : t('manage.notFound.title'))
}

export default function CalendarView() {
  const registration = useLoaderData<typeof loader>()
  const t = useT()
  return (
    <div className="narrow">
      <h1>{t('calendarView.title')}</h1>
      <BookingFacts booking={registration} />
      <p className="notice notice--info">{t('calendarView.intro')}</p>
      <p>
        <Link to={`/sign-in?redirectTo=${encodeURIComponent('/my/bookings')}`}>{t('calendarView.signIn')}</Link>
      </p>
    </div>
  )
}

export { ErrorBoundary } from './registrations.$token._index'
