import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { Form, Link, useLoaderData } from '@remix-run/react'
import { translator, useLocale, useT } from '~/i18n/intl'
import { confirmComing } from '~/models/still-coming.server'
import { formatTimeRange } from '~/utils/dates'
import { getDb } from '~/utils/db.server'
import { localeFromMatches } from '~/utils/meta'
import { requireRegistration } from '~/web/booking-links.server'
import { redirectWithNotice } from '~/web/notices.server'
import { PRIVATE_HEADERS, tokenPageMeta } from '~/web/token-pages'

// "Yes, I'm coming" from the e-mail: a GET only asks, the POST records it.
export async function loader({ params }: LoaderFunctionArgs) {
  return requireRegistration(params.token, new Date())
}

export async function action({ params }: ActionFunctionArgs) {
  const now = new Date()
  const { token } = await requireRegistration(params.token, now)
  const answer = await confirmComing(getDb(), { token, now })
  return redirectWithNotice(`/registrations/${token}`, answer.kind === 'confirmed' ? { done: 'coming' } : {}, {
    headers: PRIVATE_HEADERS,
  })
}

export const headers = () => PRIVATE_HEADERS

export const meta: MetaFunction<typeof loader> = ({ matches }) =>
  tokenPageMeta(matches, translator(localeFromMatches(matches))('manage.coming.title'))

export default function ConfirmComing() {
  const { token, registration } = useLoaderData<typeof loader>()
  const t = useT()
  const locale = useLocale()
  const when = formatTimeRange(registration.session.startsAt, registration.session.endsAt, locale)
  const held = registration.status === 'confirmed' && !registration.session.cancelled && !registration.session.started
  return (
    <div className="narrow">
      <h1>{t('manage.coming.title')}</h1>
      {held ? (
        <>
          <p>{t('manage.coming.text', { workshop: registration.session.workshopTitle, date: when })}</p>
          <Form method="post" className="actions">
            <button type="submit" className="button">
              {t('manage.coming.yes')}
            </button>
          </Form>
        </>
      ) : (
        <p>{t('manage.coming.notHeld')}</p>
      )}
      <p>
        <Link to={`/registrations/${token}`}>{t('manage.title')}</Link>
      </p>
    </div>
  )
}

export { ErrorBoundary } from './registrations.$token._index'
