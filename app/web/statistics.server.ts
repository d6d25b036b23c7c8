import { getLocale } from '~/i18n/locale.server'
import type { Locale } from '~/i18n/locales'
import { translator } from '~/i18n/intl'
import type { SignedInUser } from '~/models/auth.server'
import { csvTable, xlsxTable } from '~/models/exports.server'
import { parseStatisticsFilters, statisticsSearch } from '~/models/statistics-filters'
import {
  fileCell,
  statisticsTable,
  STATISTICS_TABLES,
  type StatisticsTable,
  type StatisticsTableName,
} from '~/models/statistics-tables'
import { recordStatisticsDownload, statistics, statisticsChoices, type StatisticsScope } from '~/models/statistics.server'
import { getDb } from '~/utils/db.server'
import { exportFileName, fileResponse } from './file-response.server'
import { requireOrganiser } from './guards.server'
import { refuse } from './refusals.server'

/** How many organisations the page lists; the download has them all. */
export const ORGANISATIONS_SHOWN = 20

/** An admin sees every body; an organiser the bodies they belong to. */
export function statisticsScope(user: SignedInUser): StatisticsScope {
  return user.role === 'admin' ? {} : { organiserIds: user.organiserIds }
}

/** Who may see, what they asked for (checked against what they may see), and the figures. */
async function readStatistics(request: Request) {
  const user = await requireOrganiser(request)
  const scope = statisticsScope(user)
  const db = getDb()
  const now = new Date()
  const choices = await statisticsChoices(db, { scope })
  const parsed = parseStatisticsFilters(new URL(request.url).searchParams, {
    allowed: { bodyIds: choices.bodies.map((b) => b.id), workshopIds: choices.workshops.map((w) => w.id) },
    now,
  })
  const stats = await statistics(db, { period: parsed.request.period, scope, filters: parsed.request.filters, now })
  return { user, scope, choices, ...parsed, stats }
}

/** Everything the dashboard shows, with 400 when a filter had to be dropped. */
export async function statisticsPage(request: Request) {
  const locale = getLocale(request)
  const { user, choices, request: asked, values, errors, stats } = await readStatistics(request)
  const tables = Object.fromEntries(STATISTICS_TABLES.map((name) => [name, statisticsTable(stats, name, locale)])) as Record<
    StatisticsTableName,
    StatisticsTable
  >
  const organisationsTotal = tables.organisations.rows.length
  tables.organisations = { ...tables.organisations, rows: tables.organisations.rows.slice(0, ORGANISATIONS_SHOWN) }
  const status = Object.keys(errors).length > 0 ? 400 : 200
  return {
    status,
    data: {
      allBodies: user.role === 'admin',
      choices,
      values,
      errors,
      period: stats.period,
      totals: stats.totals,
      months: stats.months.map((m) => ({ month: m.month, bookings: m.bookings, attended: m.attended })),
      byType: stats.byType,
      tables,
      organisationsTotal,
      search: statisticsSearch(asked),
    },
  }
}

/** One table as CSV (Czech Excel: BOM, semicolons, decimal commas) or XLSX; bad filters are 400, an unknown table 404. */
export async function statisticsDownload(request: Request, fileParam: string | undefined) {
  const match = /^([a-z]+)\.(csv|xlsx)$/.exec(fileParam ?? '')
  const name = STATISTICS_TABLES.find((table) => table === match?.[1])
  if (!match || !name) refuse('not_found')
  const format = match[2] as 'csv' | 'xlsx'
  const locale = getLocale(request)
  const { user, errors, stats } = await readStatistics(request)
  if (Object.keys(errors).length > 0) refuse('bad_request')
  const table = statisticsTable(stats, name, locale)
  // Organisations' names say where people work: their download is in the audit log, as other exports are.
  if (name === 'organisations') {
    await recordStatisticsDownload(getDb(), { user, format, table: name, rows: table.rows.length, now: new Date() })
  }
  const { columns, rows } = fileTable(table, locale, format)
  const fileName = exportFileName(
    `${translator(locale)('stats.title')} ${stats.period.from} – ${stats.period.to} – ${table.title}`,
    format,
  )
  return format === 'csv'
    ? fileResponse(csvTable(columns, rows), { type: 'text/csv; charset=utf-8', fileName })
    : fileResponse(await xlsxTable(columns, rows, table.title), {
        type: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
        fileName,
      })
}

/** Shares become percentages (the header says so); in a Czech CSV a decimal is written with a comma. */
function fileTable(table: StatisticsTable, locale: Locale, format: 'csv' | 'xlsx') {
  const columns: Record<string, string> = {}
  for (const c of table.columns) columns[c.key] = c.kind === 'share' ? `${c.header} (%)` : c.header
  const rows = table.rows.map((row) => {
    const out: Record<string, string | number> = {}
    for (const c of table.columns) {
      const kind = typeof row.kind === 'string' && c.key === 'value' ? (row.kind as typeof c.kind) : c.kind
      const value = fileCell(row[c.key] ?? null, kind)
      const text = c.key === 'figure' && row.kind === 'share' ? `${String(value)} (%)` : value
      out[c.key] =
        format === 'csv' && locale === 'cs' && typeof text === 'number' && !Number.isInteger(text)
          ? String(text).replace('.', ',')
          : text
    }
    return out
  })
  return { columns, rows }
}
