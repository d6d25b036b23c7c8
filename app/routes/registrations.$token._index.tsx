import type { LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { isRouteErrorResponse, Link, useLoaderData, useRouteError } from '@remix-run/react'
import { AddToCalendar } from '~/components/AddToCalendar'
import { BookingFacts } from '~/components/BookingFacts'
import { ErrorPage } from '~/components/ErrorPage'
import { WorksheetLinks } from '~/components/WorksheetLinks'
import { translator, useT } from '~/i18n/intl'
import { worksheetsForRegistration } from '~/models/worksheets.server'
import { formatCode } from '~/utils/codes'
import { getDb } from '~/utils/db.server'
import { getEnv } from '~/utils/env.server'
import { placeLine } from '~/utils/places'
import { localeFromMatches } from '~/utils/meta'
import { qrSvg } from '~/utils/qr.server'
import { requireRegistration } from '~/web/booking-links.server'
import { useRedirectNotice } from '~/web/notices'
import { PRIVATE_HEADERS, tokenPageMeta } from '~/web/token-pages'

export async function loader({ params }: LoaderFunctionArgs) {
  const { token, registration } = await requireRegistration(params.token, new Date())
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
    appUrl: getEnv().APP_URL,
  }
}

export const headers = () => PRIVATE_HEADERS

export const meta: MetaFunction<typeof loader> = ({ matches, data }) => {
  const t = translator(localeFromMatches(matches))
  return tokenPageMeta(matches, data ? t('manage.title') : t('manage.notFound.title'))
}

export default function ManageRegistration() {
  const { token, registration, qr, worksheets, appUrl } = useLoaderData<typeof loader>()
  const { done } = useRedirectNotice('done')
  const t = useT()
  const { session } = registration
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
      <WorksheetLinks worksheets={worksheets} href={(id) => `/registrations/${token}/worksheets/${id}`} />
      <div className="actions">
        {registration.status === 'confirmed' ? (
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
