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

// A GET only asks; the POST below cancels. Mail scanners that open links change nothing.
export async function loader({ params }: LoaderFunctionArgs) {
  const { token, registration } = await requireRegistration(params.token, new Date())
  return { token, registration }
}

export async function action({ params }: ActionFunctionArgs) {
  const now = new Date()
  const { token } = await requireRegistration(params.token, now)
  await cancelRegistration(getDb(), { token, now, appUrl: getEnv().APP_URL })
  wakeOutbox()
  return redirectWithNotice(`/registrations/${token}`, { done: 'cancelled' }, { headers: PRIVATE_HEADERS })
}

export const headers = () => PRIVATE_HEADERS

export const meta: MetaFunction<typeof loader> = ({ matches }) => {
  return tokenPageMeta(matches, translator(localeFromMatches(matches))('manage.cancelConfirm.title'))
}

export default function CancelRegistration() {
  const { token, registration } = useLoaderData<typeof loader>()
  const t = useT()
  const locale = useLocale()
  const when = formatTimeRange(registration.session.startsAt, registration.session.endsAt, locale)
  if (registration.status === 'cancelled' || registration.session.started) {
    return (
      <div className="narrow">
        <h1>{t('manage.cancelConfirm.title')}</h1>
        <p>{registration.status === 'cancelled' ? t('manage.cancelConfirm.already') : t('manage.cancelConfirm.tooLate')}</p>
        <p>
          <Link to={`/registrations/${token}`}>{t('manage.title')}</Link>
        </p>
      </div>
    )
  }
  return (
    <div className="narrow">
      <h1>{t('manage.cancelConfirm.title')}</h1>
      <p>
        {t(
          // The seat goes to the waiting list only when someone is on it.
          registration.status === 'waitlisted'
            ? 'manage.cancelConfirm.textWaitlisted'
            : registration.othersWaiting
              ? 'manage.cancelConfirm.textWaiting'
              : 'manage.cancelConfirm.text',
          { workshop: registration.session.workshopTitle, date: when },
        )}
      </p>
      <Form method="post" className="actions">
        <button type="submit" className="button button--danger">
          {t('manage.cancelConfirm.yes')}
        </button>
        <Link to={`/registrations/${token}`} className="button button--secondary">
          {t('manage.cancelConfirm.no')}
        </Link>
      </Form>
    </div>
  )
}

export { ErrorBoundary } from './registrations.$token._index'
