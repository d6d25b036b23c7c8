import { data, type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node'
import { Link, useLoaderData } from '@remix-run/react'
import { AuditFilterForm } from '~/components/AuditFilterForm'
import { DataTable } from '~/components/DataTable'
import { translator, useLocale, useT, type Translate } from '~/i18n/intl'
import { AUDIT_ENTITY_TYPES, auditFilterSearch } from '~/models/audit-filters'
import { parseAuditFilters } from '~/models/audit-filters.server'
import { auditEntryText } from '~/models/audit-text'
import { getAuditPage } from '~/models/audit.server'
import { requireRole } from '~/web/user-session.server'
import { formatDateTime } from '~/utils/dates'
import { getDb } from '~/utils/db.server'
import { localeFromMatches, pageMeta } from '~/utils/meta'

export const meta: MetaFunction = ({ matches }) => pageMeta(matches, translator(localeFromMatches(matches))('audit.title'))
export const headers = () => ({ 'Cache-Control': 'no-store' })

export async function loader({ request }: LoaderFunctionArgs) {
  const admin = await requireRole(request, ['admin'])
  // Bad filters are dropped and reported next to their fields (400); the rest still apply.
  const { filters, values, errors } = parseAuditFilters(new URL(request.url).searchParams)
  const { entries, olderBefore, names } = await getAuditPage(getDb(), { admin, filters, now: new Date() })
  const status = Object.keys(errors).length > 0 ? 400 : 200
  return data(
    {
      entries,
      names,
      values,
      errors,
      older: olderBefore === null ? null : auditFilterSearch(filters, { before: olderBefore }),
      newest: filters.before === undefined ? null : auditFilterSearch(filters),
    },
    { status },
  )
}

/** "termín č. 12", linked to everything the log holds about it. */
function EntityLink({ t, type, id }: { t: Translate; type: string; id: number | null }) {
  const known = AUDIT_ENTITY_TYPES.find((k) => k === type)
  const name = known ? t(`audit.entity.${known}`) : type
  if (!known || id === null) return <>{name}</>
  return (
    <Link to={`/admin/audit${auditFilterSearch({ kind: 'all', entityType: known, entityId: id })}`}>
      {t('audit.entityNumbered', { entity: name, id })}
    </Link>
  )
}

export default function AuditLog() {
  const { entries, names, values, errors, older, newest } = useLoaderData<typeof loader>()
  const t = useT()
  const locale = useLocale()
  return (
    <>
      <h1>{t('audit.title')}</h1>
      <p className="lead">{t('audit.intro')}</p>
      <AuditFilterForm values={values} errors={errors} />
      <section aria-labelledby="audit-results" className="results">
        <h2 id="audit-results" tabIndex={-1}>
          {t('audit.results')}
        </h2>
        {errors.before ? <p className="field-error">{t(errors.before)}</p> : null}
        {entries.length === 0 ? (
          <p>{t('audit.empty')}</p>
        ) : (
          <DataTable
            caption={t('audit.caption')}
            headers={[
              t('adm.auditCol.at'),
              t('adm.auditCol.who'),
              t('adm.auditCol.what'),
              t('audit.col.entity'),
              t('adm.auditCol.details'),
            ]}
          >
            {entries.map((e) => (
              <tr key={e.id}>
                <td>
                  <time dateTime={e.at}>{formatDateTime(e.at, locale)}</time>
                </td>
                <td>{e.actorEmail ?? t('audit.system')}</td>
                <td>{auditEntryText(t, locale, e, names)}</td>
                <td>
                  <EntityLink t={t} type={e.entityType} id={e.entityId} />
                </td>
                <td>
                  {/* The entry as stored, for whoever needs the codes; the sentence says it in words. */}
                  <details className="audit-raw">
                    <summary>{t('audit.raw')}</summary>
                    <code>{e.action}</code>
                    {e.details ? <code className="details">{e.details}</code> : null}
                  </details>
                </td>
              </tr>
            ))}
          </DataTable>
        )}
        {older || newest ? (
          <nav aria-label={t('audit.pagination')} className="audit-pages">
            {newest !== null ? <Link to={`/admin/audit${newest}`}>{t('audit.newest')}</Link> : null}
            {older !== null ? <Link to={`/admin/audit${older}`}>{t('audit.older')}</Link> : null}
          </nav>
        ) : null}
      </section>
    </>
  )
}

export { ErrorBoundary } from '~/components/RouteErrorBoundary'
