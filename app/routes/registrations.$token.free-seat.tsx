import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { Form, Link, useLoaderData } from '@remix-run/react'
import { translator, useLocale, useT } from '~/i18n/intl'
import { wakeOutbox } from '~/jobs/outbox-worker.server'
import { cancelRegistration } from '~/models/registrations.server'
import { formatTimeRange } from '~/utils/dates'
import { getDb } from '~/utils/db.server'
import { getEnv } from '~/utils/env.server'
import { localeFromMatches } from '~/utils/meta'
import { requireRegistration } from '~/web/booking-links.server'
import { redirectWithNotice } from '~/web/notices.server'
import { PRIVATE_HEADERS, tokenPageMeta } from '~/web/token-pages'

// "I can't come — free my seat" from the e-mail: a GET only asks, the POST frees the seat,
// which goes to the first person on the waiting list in the same transaction.
export async function loader({ params }: LoaderFunctionArgs) {
  return requireRegistration(params.token, new Date())
}

export async function action({ params }: ActionFunctionArgs) {
  const now = new Date()
  const { token } = await requireRegistration(params.token, now)
  const result = await cancelRegistration(getDb(), { token, now, appUrl: getEnv().APP_URL, freedSeat: true })
  wakeOutbox()
  return redirectWithNotice(`/registrations/${token}`, result.kind === 'cancelled' ? { done: 'freed' } : {}, {
    headers: PRIVATE_HEADERS,
  })
}

export const headers = () => PRIVATE_HEADERS

export const meta: MetaFunction<typeof loader> = ({ matches }) =>
  tokenPageMeta(matches, translator(localeFromMatches(matches))('manage.freeSeat.title'))

export default function FreeSeat() {
  const { token, registration } = useLoaderData<typeof loader>()
  const t = useT()
  const locale = useLocale()
  const when = formatTimeRange(registration.session.startsAt, registration.session.endsAt, locale)
  // Only a held seat can be freed; someone on the waiting list cancels from the booking page.
  const held = registration.status === 'confirmed' && !registration.session.cancelled && !registration.session.started
  return (
    <div className="narrow">
      <h1>{t('manage.freeSeat.title')}</h1>
      {held ? (
        <>
          <p>
            {t(registration.othersWaiting ? 'manage.freeSeat.textWaiting' : 'manage.freeSeat.text', {
              workshop: registration.session.workshopTitle,
              date: when,
            })}
          </p>
          <Form method="post" className="actions">
            <button type="submit" className="button button--danger">
              {t('manage.freeSeat.yes')}
            </button>
            <Link to={`/registrations/${token}`} className="button button--secondary">
              {t('manage.freeSeat.no')}
            </Link>
          </Form>
        </>
      ) : (
        <>
          <p>
            {registration.status === 'cancelled'
              ? t('manage.cancelConfirm.already')
              : registration.status === 'waitlisted'
                ? t('manage.freeSeat.waitlisted')
                : t('manage.cancelConfirm.tooLate')}
          </p>
          <p>
            <Link to={`/registrations/${token}`}>{t('manage.title')}</Link>
          </p>
        </>
      )}
    </div>
  )
}

export { ErrorBoundary } from './registrations.$token._index'
