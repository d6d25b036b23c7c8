import { data, type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node'
import { useLoaderData } from '@remix-run/react'
import { BarChart } from '~/components/BarChart'
import { StatisticsFilterForm } from '~/components/StatisticsFilterForm'
import { formatCell, StatisticsDownloads, StatisticsTableView } from '~/components/StatisticsTableView'
import { translator, useLocale, useT } from '~/i18n/intl'
import { SUMMARY_FIGURES } from '~/models/statistics-tables'
import { formatDate, formatMonth } from '~/utils/dates'
import { localeFromMatches, pageMeta } from '~/utils/meta'
import { statisticsPage } from '~/web/statistics.server'

export const meta: MetaFunction = ({ matches }) => pageMeta(matches, translator(localeFromMatches(matches))('stats.title'))
export const headers = () => ({ 'Cache-Control': 'no-store' })

export async function loader({ request }: LoaderFunctionArgs) {
  // Bad filters are dropped and reported next to their fields (400); the figures still show.
  const page = await statisticsPage(request)
  return data(page.data, { status: page.status })
}

/** The summary's figures in three groups, by their place in SUMMARY_FIGURES. */
const GROUPS = [
  { heading: 'stats.section.sessions', from: 0, to: 9 },
  { heading: 'stats.section.attendance', from: 9, to: 18 },
  { heading: 'stats.section.outcomes', from: 18, to: SUMMARY_FIGURES.length },
] as const

export default function StatisticsDashboard() {
  const { allBodies, choices, values, errors, period, totals, months, byType, tables, organisationsTotal, search } =
    useLoaderData<typeof loader>()
  const t = useT()
  const locale = useLocale()
  const day = (key: string) => formatDate(`${key}T12:00:00.000Z`, locale)
  const count = (n: number) => new Intl.NumberFormat(locale).format(n)
  const series = [t('stats.col.bookings'), t('stats.col.attended')]
  const busiestMonth = months.reduce((best, m) => (m.bookings > best.bookings ? m : best), months[0]!)
  const busiestType = byType.reduce((best, r) => (r.bookings > best.bookings ? r : best), byType[0]!)
  return (
    <>
      <h1>{t('stats.title')}</h1>
      <p className="lead">{t('stats.intro')}</p>
      <p>{allBodies ? t('stats.scope.all') : t('stats.scope.own')}</p>
      <StatisticsFilterForm values={values} errors={errors} choices={choices} />

      <section aria-labelledby="stats-summary">
        <h2 id="stats-summary">{t('stats.periodShown', { from: day(period.from), to: day(period.to) })}</h2>
        {Object.keys(errors).length > 0 ? <p className="notice notice--info">{t('stats.fallbackShown')}</p> : null}
        <div className="stats-figures">
          {GROUPS.map((group) => (
            <section key={group.heading} aria-labelledby={`stats-${group.from}`}>
              <h3 id={`stats-${group.from}`}>{t(group.heading)}</h3>
              <dl>
                {SUMMARY_FIGURES.slice(group.from, group.to).map(({ key, kind }) => (
                  <div key={key} className="stats-figure">
                    <dt>{t(`stats.fig.${key}`)}</dt>
                    <dd>{formatCell(totals[key], kind, locale, t('stats.none'))}</dd>
                  </div>
                ))}
              </dl>
            </section>
          ))}
        </div>
        <StatisticsDownloads name="summary" title={tables.summary.title} search={search} />
      </section>

      <section aria-labelledby="stats-trend">
        <h2 id="stats-trend">{t('stats.trend.heading')}</h2>
        <div>
          <BarChart
            id="chart-trend"
            orientation="vertical"
            title={t('stats.trend.title')}
            desc={
              busiestMonth && busiestMonth.bookings > 0
                ? t('stats.trend.desc', { max: count(busiestMonth.bookings), month: formatMonth(busiestMonth.month, locale) })
                : t('stats.trend.descEmpty')
            }
            series={series}
            categories={months.map((m) => ({ label: m.month, values: [m.bookings, m.attended] }))}
            format={count}
          />
          <StatisticsTableView table={tables.months} search={search} />
        </div>
      </section>

      <section aria-labelledby="stats-types">
        <h2 id="stats-types">{t('stats.types.heading')}</h2>
        <div className="stats-pair">
          <BarChart
            id="chart-types"
            orientation="horizontal"
            title={t('stats.types.title')}
            desc={
              busiestType && busiestType.bookings > 0
                ? t('stats.types.desc', { group: t(`stats.group.${busiestType.group}`), max: count(busiestType.bookings) })
                : t('stats.types.descEmpty')
            }
            series={series}
            categories={byType.map((r) => ({ label: t(`stats.group.${r.group}`), values: [r.bookings, r.attended] }))}
            format={count}
          />
          <StatisticsTableView table={tables.types} search={search} />
        </div>
      </section>

      <section aria-labelledby="stats-organisations">
        <h2 id="stats-organisations">{t('stats.organisations.heading')}</h2>
        {organisationsTotal === 0 ? (
          <p>{t('stats.organisations.empty')}</p>
        ) : (
          <>
            {organisationsTotal > tables.organisations.rows.length ? (
              <p>{t('stats.organisations.more', { shown: tables.organisations.rows.length, total: organisationsTotal })}</p>
            ) : null}
            <StatisticsTableView table={tables.organisations} search={search} />
          </>
        )}
      </section>

      <details className="stats-definitions">
        <summary>{t('stats.definitions.heading')}</summary>
        <p>{t('stats.definitions.text')}</p>
      </details>
    </>
  )
}

export { ErrorBoundary } from '~/components/RouteErrorBoundary'
