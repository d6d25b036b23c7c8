import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { Form, Link, useLoaderData } from '@remix-run/react'
import { ErasurePlanView } from '~/components/ErasurePlanView'
import { translator, useT } from '~/i18n/intl'
import { localeFromMatches, pageMeta } from '~/utils/meta'
import { eraseAndReport, erasurePlan } from '~/web/erasure.server'
import { refuse } from '~/web/refusals.server'
import { endUserSession, requireUser } from '~/web/user-session.server'

export const meta: MetaFunction = ({ matches }) => pageMeta(matches, translator(localeFromMatches(matches))('erase.title'))
export const headers = () => ({ 'Cache-Control': 'no-store' })

// A GET only explains; the POST below erases.
export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireUser(request)
  if (user.role !== 'participant') return { staff: true as const, plan: null }
  return { staff: false as const, plan: (await erasurePlan({ email: user.email }, new Date()))! }
}

export async function action({ request }: ActionFunctionArgs) {
  const user = await requireUser(request)
  // A staff account: the page explains who removes it.
  if (user.role !== 'participant') refuse('forbidden')
  const answer = await eraseAndReport(
    { email: user.email },
    { role: user.role, now: new Date(), headers: { 'Set-Cookie': await endUserSession(request) } },
  )
  return answer instanceof Response ? answer : refuse('forbidden')
}

export default function EraseMyData() {
  const { staff, plan } = useLoaderData<typeof loader>()
  const t = useT()
  return (
    <div className="narrow">
      <h1>{t('erase.title')}</h1>
      {staff || !plan ? (
        <p>{t('erase.staff')}</p>
      ) : (
        <>
          <ErasurePlanView plan={plan} />
          <Form method="post" className="actions">
            <button type="submit" className="button button--danger">
              {t('erase.confirm')}
            </button>
            <Link to="/my/data" className="button button--secondary">
              {t('erase.back')}
            </Link>
          </Form>
        </>
      )}
    </div>
  )
}

export { ErrorBoundary } from '~/components/RouteErrorBoundary'
