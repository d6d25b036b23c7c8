import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { Form, Link, useLoaderData } from '@remix-run/react'
import { ErasurePlanView } from '~/components/ErasurePlanView'
import { translator, useT } from '~/i18n/intl'
import { localeFromMatches } from '~/utils/meta'
import { requireRegistration } from '~/web/booking-links.server'
import { eraseAndReport, erasurePlan } from '~/web/erasure.server'
import { orNotFound } from '~/web/refusals.server'
import { PRIVATE_HEADERS, tokenPageMeta } from '~/web/token-pages'

// A GET only explains (mail scanners open links); the POST below erases.
export async function loader({ params }: LoaderFunctionArgs) {
  const now = new Date()
  const { token } = await requireRegistration(params.token, now)
  return { token, plan: orNotFound(await erasurePlan({ token }, now), PRIVATE_HEADERS) }
}

export async function action({ params }: ActionFunctionArgs) {
  const now = new Date()
  const { token } = await requireRegistration(params.token, now)
  const answer = await eraseAndReport({ token }, { now, headers: PRIVATE_HEADERS })
  return answer instanceof Response ? answer : orNotFound(undefined, PRIVATE_HEADERS)
}

export const headers = () => PRIVATE_HEADERS

export const meta: MetaFunction = ({ matches }) => tokenPageMeta(matches, translator(localeFromMatches(matches))('erase.titleBooking'))

export default function EraseBookingData() {
  const { token, plan } = useLoaderData<typeof loader>()
  const t = useT()
  return (
    <div className="narrow">
      <h1>{t('erase.titleBooking')}</h1>
      <ErasurePlanView plan={plan} />
      <Form method="post" className="actions">
        <button type="submit" className="button button--danger">
          {t('erase.confirmBooking')}
        </button>
        <Link to={`/registrations/${token}/data`} className="button button--secondary">
          {t('erase.back')}
        </Link>
      </Form>
    </div>
  )
}

export { ErrorBoundary } from './registrations.$token._index'
