import { useLocale, useT } from '~/i18n/intl'
import type { Locale } from '~/i18n/locales'
import type { Cell, ColumnKind, StatisticsTable } from '~/models/statistics-tables'
import { DataTable } from './DataTable'

/** A number as the page writes it: counts whole, shares as percentages, averages to two decimals; null as a dash. */
export function formatCell(value: Cell, kind: ColumnKind, locale: Locale, none: string): string {
  if (value === null) return none
  if (typeof value === 'string') return value
  if (kind === 'share') return new Intl.NumberFormat(locale, { style: 'percent', maximumFractionDigits: 1 }).format(value)
  if (kind === 'decimal') return new Intl.NumberFormat(locale, { maximumFractionDigits: 2 }).format(value)
  return new Intl.NumberFormat(locale).format(value)
}

/** One of the dashboard's tables, the first column naming each row, with its downloads underneath. */
export function StatisticsTableView({ table, search }: { table: StatisticsTable; search: string }) {
  const locale = useLocale()
  const [first, ...rest] = table.columns
  return (
    <div>
      <DataTable caption={table.title} headers={table.columns.map((c) => c.header)}>
        {table.rows.map((row, i) => (
          <tr key={i}>
            <th scope="row">{formatCell(row[first!.key] ?? null, first!.kind, locale, '–')}</th>
            {rest.map((c) => (
              <td key={c.key} className="numeric">
                {formatCell(row[c.key] ?? null, c.kind, locale, '–')}
              </td>
            ))}
          </tr>
        ))}
      </DataTable>
      <StatisticsDownloads name={table.name} title={table.title} search={search} />
    </div>
  )
}

export function StatisticsDownloads({ name, title, search }: { name: string; title: string; search: string }) {
  const t = useT()
  return (
    <p className="stats-downloads">
      <span>{t('stats.download', { table: title })}</span>
      {/* Plain links: a file, not a page Remix should fetch. */}
      <a href={`/organiser/stats/${name}.csv${search}`}>{t('stats.download.csv')}</a>
      <a href={`/organiser/stats/${name}.xlsx${search}`}>{t('stats.download.xlsx')}</a>
    </p>
  )
}
