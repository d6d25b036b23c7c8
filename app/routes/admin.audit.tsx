import type { LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { useLoaderData } from '@remix-run/react'
import { DataTable } from '~/components/DataTable'
import { translator, useLocale, useT } from '~/i18n/intl'
import { listAudit } from '~/models/audit.server'
import { requireRole } from '~/web/user-session.server'
import { formatDateTime } from '~/utils/dates'
import { getDb } from '~/utils/db.server'
import { localeFromMatches, pageMeta } from '~/utils/meta'

export const meta: MetaFunction = ({ matches }) => pageMeta(matches, translator(localeFromMatches(matches))('adm.audit'))
export const headers = () => ({ 'Cache-Control': 'no-store' })

export async function loader({ request }: LoaderFunctionArgs) {
  await requireRole(request, ['admin'])
  return { entries: await listAudit(getDb(), { limit: 500 }) }
}

export default function AuditLog() {
  const { entries } = useLoaderData<typeof loader>()
  const t = useT()
  const locale = useLocale()
  return (
    <>
      <h1>{t('adm.audit')}</h1>
      <DataTable headers={[t('adm.auditCol.at'), t('adm.auditCol.who'), t('adm.auditCol.what'), t('adm.auditCol.details')]}>
        {entries.map((e) => (
          <tr key={e.id}>
            <td>{formatDateTime(e.at, locale)}</td>
            <td>{e.actorEmail ?? '–'}</td>
            <td>
              {e.action} {e.entityType} #{e.entityId}
            </td>
            <td>
              <code className="details">{e.details}</code>
            </td>
          </tr>
        ))}
      </DataTable>
    </>
  )
}

export { ErrorBoundary } from '~/components/RouteErrorBoundary'
