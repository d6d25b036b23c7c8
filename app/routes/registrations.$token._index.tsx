import type { LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { isRouteErrorResponse, Link, useLoaderData, useRouteError } from '@remix-run/react'
import { AddToCalendar } from '~/components/AddToCalendar'
import { BookingFacts } from '~/components/BookingFacts'
import { ErrorPage } from '~/components/ErrorPage'
import { WorksheetLinks } from '~/components/WorksheetLinks'
import { translator, useLocale, useT, type MessageId } from '~/i18n/intl'
import { feedbackOpenUntil } from '~/models/feedback.server'
import { worksheetsForRegistration } from '~/models/worksheets.server'
import { formatCode } from '~/utils/codes'
import { formatDate } from '~/utils/dates'
import { getDb } from '~/utils/db.server'
import { getEnv } from '~/utils/env.server'
import { placeLine } from '~/utils/places'
import { localeFromMatches } from '~/utils/meta'
import { qrSvg } from '~/utils/qr.server'
import { requireRegistration } from '~/web/booking-links.server'
import { useRedirectNotice } from '~/web/notices'
import { PRIVATE_HEADERS, tokenPageMeta } from '~/web/token-pages'

export async function loader({ params }: LoaderFunctionArgs) {
  const now = new Date()
  const { token, registration } = await requireRegistration(params.token, now)
  const qr =
    registration.checkInCode && !registration.session.started
      ? qrSvg(registration.checkInCode, { label: `QR ${formatCode(registration.checkInCode)}` })
      : null
  const worksheets = await worksheetsForRegistration(getDb(), registration.id)
  return {
    token,
    registration,
    qr,
    worksheets: worksheets.map((w) => ({ id: w.id, title: w.title, detail: w.fileName })),
    feedbackUntil: feedbackOpenUntil(registration, now),
    appUrl: getEnv().APP_URL,
  }
}

export const headers = () => PRIVATE_HEADERS

export const meta: MetaFunction<typeof loader> = ({ matches, data }) => {
  const t = translator(localeFromMatches(matches))
  return tokenPageMeta(matches, data ? t('manage.title') : t('manage.notFound.title'))
}

/** After the session: what the attendance record says of this booking, in words. */
function afterTheSession(registration: {
  status: string
  attendance: string | null
  attendanceClosedAt: string | null
}): MessageId {
  if (registration.status === 'waitlisted') return 'manage.past.waitlisted'
  if (registration.attendance === 'present' || registration.attendance === 'late') return 'manage.past.attended'
  if (registration.attendance === 'excused') return 'manage.past.excused'
  if (registration.attendance === 'absent') return 'manage.past.absent'
  return registration.attendanceClosedAt ? 'manage.past.notRecorded' : 'manage.past.open'
}

export default function ManageRegistration() {
  const { token, registration, qr, worksheets, feedbackUntil, appUrl } = useLoaderData<typeof loader>()
  const { done } = useRedirectNotice('done')
  const t = useT()
  const locale = useLocale()
  const { session } = registration
  // Once the session is over, the page says it took place and offers what comes after it.
  const past = session.ended && !session.cancelled && registration.status !== 'cancelled'
  return (
    <div className="narrow">
      <h1>{t('manage.title')}</h1>
      {done === 'cancelled' || done === 'freed' || done === 'coming' ? (
        <div className="notice notice--success" role="status">
          <p>{t(`manage.done.${done}`)}</p>
        </div>
      ) : null}
      <BookingFacts booking={registration}>
        <div>
          <dt>{t('manage.email')}</dt>
          <dd>{registration.email}</dd>
        </div>
        {registration.organisation ? (
          <div>
            <dt>{t('manage.organisation')}</dt>
            <dd>{registration.organisation}</dd>
          </div>
        ) : null}
      </BookingFacts>
      {past ? <p>{t(afterTheSession(registration))}</p> : null}
      {qr && registration.checkInCode ? (
        <section aria-labelledby="checkin-heading" className="summary-box">
          <h2 id="checkin-heading">{t('manage.checkIn')}</h2>
          <p>{t('manage.checkInHint')}</p>
          <p className="checkin-code">{formatCode(registration.checkInCode)}</p>
          {/* Our own SVG, drawn on the server from the code: nothing user-supplied in it. */}
          <div className="qr" dangerouslySetInnerHTML={{ __html: qr }} />
        </section>
      ) : null}
      {registration.certificateCode ? (
        <p className="actions">
          <a className="button" href={`/registrations/${token}/certificate.pdf`}>
            {t('manage.certificate')}
          </a>
          <a href={`/certificates/${registration.certificateCode}`}>{t('manage.certificateVerify')}</a>
        </p>
      ) : null}
      {feedbackUntil ? (
        <p className="actions">
          <Link className="button" to={`/registrations/${token}/feedback`}>
            {t('manage.feedback')}
          </Link>
          <span>{t('manage.feedbackUntil', { date: formatDate(feedbackUntil, locale) })}</span>
        </p>
      ) : null}
      <WorksheetLinks worksheets={worksheets} href={(id) => `/registrations/${token}/worksheets/${id}`} />
      <div className="actions">
        {registration.status === 'confirmed' && !session.ended ? (
          <a className="button" href={`/registrations/${token}/invite.ics`} download>
            {t('manage.downloadInvite')}
          </a>
        ) : null}
        {/* Beside the file, for calendars on the web. */}
        {registration.status === 'confirmed' && !session.cancelled && !session.started ? (
          <AddToCalendar
            event={{
              title: session.workshopTitle,
              startsAt: session.startsAt,
              endsAt: session.endsAt,
              location: placeLine(session),
              // The public page, never this page's address: calendars get shared (decision 010).
              details: t('calendar.details', { url: `${appUrl}/workshops/${session.workshopSlug}` }),
            }}
          />
        ) : null}
        {registration.status !== 'cancelled' && !session.cancelled && !session.started ? (
          <Link className="button button--secondary" to={`/registrations/${token}/cancel`}>
            {t('manage.cancel')}
          </Link>
        ) : null}
      </div>
      <p>
        <Link to={`/registrations/${token}/data`}>{t('manage.data')}</Link>
      </p>
    </div>
  )
}

export function ErrorBoundary() {
  const error = useRouteError()
  const t = useT()
  if (isRouteErrorResponse(error) && error.status === 404) {
    return (
      <div className="narrow">
        <h1>{t('manage.notFound.title')}</h1>
        <p>{t('manage.notFound.text')}</p>
      </div>
    )
  }
  return <ErrorPage kind="serverError" />
}
