import { translator } from '~/i18n/intl'
import type { Locale } from '~/i18n/locales'
import { formatMonth } from '~/utils/dates'
import type { Figures, Statistics } from './statistics.server'

/*
 * The dashboard's tables, once: the page shows them and the downloads write them, so a file
 * always holds what the page showed. Counts are numbers, rates are shares (0–1); null is
 * "nothing to count from".
 */

export const STATISTICS_TABLES = ['summary', 'months', 'types', 'organisations'] as const
export type StatisticsTableName = (typeof STATISTICS_TABLES)[number]

export type ColumnKind = 'text' | 'count' | 'share' | 'decimal'
export type Cell = string | number | null
export type StatisticsTable = {
  name: StatisticsTableName
  /** The table's name: its caption on the page, its sheet in XLSX. */
  title: string
  columns: { key: string; header: string; kind: ColumnKind }[]
  rows: Record<string, Cell>[]
}

/** The figures of the summary, in the order the page shows them, with how each is written. */
export const SUMMARY_FIGURES = [
  { key: 'sessionsHeld', kind: 'count' as ColumnKind },
  { key: 'sessionsCancelled', kind: 'count' as ColumnKind },
  { key: 'sessionsUpcoming', kind: 'count' as ColumnKind },
  { key: 'seatsOffered', kind: 'count' as ColumnKind },
  { key: 'bookings', kind: 'count' as ColumnKind },
  { key: 'walkIns', kind: 'count' as ColumnKind },
  { key: 'fillRate', kind: 'share' as ColumnKind },
  { key: 'cancelledBookings', kind: 'count' as ColumnKind },
  { key: 'waitingListDemand', kind: 'count' as ColumnKind },
  { key: 'sessionsWithAttendance', kind: 'count' as ColumnKind },
  { key: 'expected', kind: 'count' as ColumnKind },
  { key: 'present', kind: 'count' as ColumnKind },
  { key: 'late', kind: 'count' as ColumnKind },
  { key: 'excused', kind: 'count' as ColumnKind },
  { key: 'absent', kind: 'count' as ColumnKind },
  { key: 'unmarked', kind: 'count' as ColumnKind },
  { key: 'attendanceRate', kind: 'share' as ColumnKind },
  { key: 'noShowRate', kind: 'share' as ColumnKind },
  { key: 'certificatesIssued', kind: 'count' as ColumnKind },
  { key: 'feedbackResponses', kind: 'count' as ColumnKind },
  { key: 'feedbackAverage', kind: 'decimal' as ColumnKind },
  { key: 'feedbackResponseRate', kind: 'share' as ColumnKind },
] as const satisfies readonly { key: keyof Figures; kind: ColumnKind }[]

export function statisticsTable(stats: Statistics, name: StatisticsTableName, locale: Locale): StatisticsTable {
  const t = translator(locale)
  const range = { from: stats.period.from, to: stats.period.to }
  switch (name) {
    case 'summary':
      return {
        name,
        title: t('stats.summary.caption', range),
        columns: [
          { key: 'figure', header: t('stats.col.figure'), kind: 'text' },
          { key: 'value', header: t('stats.col.value'), kind: 'decimal' },
        ],
        rows: SUMMARY_FIGURES.map(({ key, kind }) => ({ figure: t(`stats.fig.${key}`), value: stats.totals[key], kind })),
      }
    case 'months':
      return {
        name,
        title: t('stats.trend.caption'),
        columns: [
          { key: 'month', header: t('stats.col.month'), kind: 'text' },
          { key: 'held', header: t('stats.col.held'), kind: 'count' },
          { key: 'cancelled', header: t('stats.col.cancelled'), kind: 'count' },
          { key: 'seats', header: t('stats.col.seats'), kind: 'count' },
          { key: 'bookings', header: t('stats.col.bookings'), kind: 'count' },
          { key: 'attended', header: t('stats.col.attended'), kind: 'count' },
          { key: 'fillRate', header: t('stats.col.fillRate'), kind: 'share' },
          { key: 'attendanceRate', header: t('stats.col.attendanceRate'), kind: 'share' },
        ],
        rows: stats.months.map((m) => ({
          month: formatMonth(m.month, locale),
          held: m.sessionsHeld,
          cancelled: m.sessionsCancelled,
          seats: m.seatsOffered,
          bookings: m.bookings,
          attended: m.attended,
          fillRate: m.fillRate,
          attendanceRate: m.attendanceRate,
        })),
      }
    case 'types':
      return {
        name,
        title: t('stats.types.caption'),
        columns: [
          { key: 'group', header: t('stats.col.group'), kind: 'text' },
          { key: 'bookings', header: t('stats.col.bookings'), kind: 'count' },
          { key: 'attended', header: t('stats.col.attended'), kind: 'count' },
        ],
        rows: stats.byType.map((r) => ({ group: t(`stats.group.${r.group}`), bookings: r.bookings, attended: r.attended })),
      }
    case 'organisations':
      return {
        name,
        title: t('stats.organisations.caption'),
        columns: [
          { key: 'organisation', header: t('stats.col.organisation'), kind: 'text' },
          { key: 'bookings', header: t('stats.col.bookings'), kind: 'count' },
          { key: 'attended', header: t('stats.col.attended'), kind: 'count' },
        ],
        rows: stats.byOrganisation.map((r) => ({
          organisation: r.organisation ?? t('stats.organisations.none'),
          bookings: r.bookings,
          attended: r.attended,
        })),
      }
  }
}

/** A cell as a file holds it: shares as percentages with one decimal, nothing to count from as empty. */
export function fileCell(value: Cell, kind: ColumnKind): string | number {
  if (value === null) return ''
  if (typeof value === 'string') return value
  if (kind === 'share') return Math.round(value * 1000) / 10
  if (kind === 'decimal') return Math.round(value * 100) / 100
  return value
}
