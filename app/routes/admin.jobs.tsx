import type { LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { useLoaderData } from '@remix-run/react'
import { DataTable } from '~/components/DataTable'
import { translator, useLocale, useT } from '~/i18n/intl'
import { jobOverview } from '~/jobs/scheduler.server'
import { formatDateTime } from '~/utils/dates'
import { getDb } from '~/utils/db.server'
import { localeFromMatches, pageMeta } from '~/utils/meta'
import { requireRole } from '~/web/user-session.server'

export const meta: MetaFunction = ({ matches }) => pageMeta(matches, translator(localeFromMatches(matches))('adm.jobs'))
export const headers = () => ({ 'Cache-Control': 'no-store' })

export async function loader({ request }: LoaderFunctionArgs) {
  await requireRole(request, ['admin'])
  return { jobs: await jobOverview(getDb(), new Date()) }
}

export default function Jobs() {
  const { jobs } = useLoaderData<typeof loader>()
  const t = useT()
  const locale = useLocale()
  const when = (iso: string | null) => (iso ? formatDateTime(iso, locale) : t('adm.jobs.never'))
  return (
    <>
      <h1>{t('adm.jobs')}</h1>
      <p>{t('adm.jobs.intro')}</p>
      <DataTable
        headers={[
          t('adm.jobs.col.name'),
          t('adm.jobs.col.lastRun'),
          t('adm.jobs.col.nextRun'),
          t('adm.jobs.col.count'),
          t('adm.jobs.col.lastError'),
        ]}
      >
        {jobs.map((job) => (
          <tr key={job.name}>
            <th scope="row">
              {t(`adm.jobs.name.${job.name}` as 'adm.jobs.name.reminders')}
              <br />
              <small>{t('adm.jobs.every', { minutes: job.everyMinutes })}</small>
            </th>
            <td>
              {when(job.lastStartedAt)}
              {job.running ? ` (${t('adm.jobs.running')})` : null}
            </td>
            <td>{formatDateTime(job.nextRunAt, locale)}</td>
            <td>{t('adm.jobs.counts', { last: job.lastItems, total: job.itemsTotal, runs: job.runs })}</td>
            <td>{job.lastError ? <code className="details">{job.lastError}</code> : t('adm.jobs.noError')}</td>
          </tr>
        ))}
      </DataTable>
    </>
  )
}

export { ErrorBoundary } from '~/components/RouteErrorBoundary'
