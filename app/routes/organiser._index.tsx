import type { LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { Link, useLoaderData } from '@remix-run/react'
import { DataTable } from '~/components/DataTable'
import { translator, useLocale, useT } from '~/i18n/intl'
import { getOrganiserHome } from '~/models/organiser-workshops.server'
import { formatDateTime } from '~/utils/dates'
import { getDb } from '~/utils/db.server'
import { localeFromMatches, pageMeta } from '~/utils/meta'
import { requireOrganiser } from '~/web/guards.server'

export const meta: MetaFunction = ({ matches }) => pageMeta(matches, translator(localeFromMatches(matches))('org.title'))
export const headers = () => ({ 'Cache-Control': 'no-store' })

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireOrganiser(request)
  return getOrganiserHome(getDb(), { user, now: new Date() })
}

export default function OrganiserHome() {
  const { workshops, canCreate } = useLoaderData<typeof loader>()
  const t = useT()
  const locale = useLocale()
  return (
    <>
      <h1>{t('org.title')}</h1>
      {canCreate ? (
        <p>
          <Link to="/organiser/workshops/new" className="button">
            {t('org.newWorkshop')}
          </Link>
        </p>
      ) : (
        <p className="notice notice--info">{t('org.noOrganisers')}</p>
      )}
      <p>
        <Link to="/organiser/stats">{t('stats.link')}</Link>
      </p>
      {workshops.length === 0 ? (
        <p>{t('org.empty')}</p>
      ) : (
        <DataTable
          headers={[
            t('org.col.workshop'),
            t('org.col.organiser'),
            t('org.col.status'),
            t('org.col.sessions'),
            t('org.col.booked'),
          ]}
        >
          {workshops.map((w) => (
            <tr key={w.id}>
              <th scope="row">
                <Link to={`/organiser/workshops/${w.id}`}>{w.title}</Link>
              </th>
              <td>{w.organiser}</td>
              <td>{w.published ? t('org.published') : t('org.draft')}</td>
              <td>
                {w.upcomingSessions}
                {w.nextSessionAt ? ` (${formatDateTime(w.nextSessionAt, locale)})` : ''}
              </td>
              <td>
                {w.booked}
                {w.waitlisted > 0 ? ` + ${t('ses.waitlist', { count: w.waitlisted })}` : ''}
              </td>
            </tr>
          ))}
        </DataTable>
      )}
    </>
  )
}

export { ErrorBoundary } from '~/components/RouteErrorBoundary'
