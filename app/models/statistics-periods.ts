import { addDays, isCalendarDate } from '~/utils/dates'

/*
 * The periods the statistics dashboard reports on, as Prague calendar days, both included:
 * a month, a quarter, a school year (1 September to 31 August, as Czech schools count it),
 * a calendar year, or any span of days up to five years. Pure: the page's form and the model
 * share it.
 */

export const PERIOD_KINDS = ['month', 'quarter', 'schoolYear', 'year', 'custom'] as const
export type PeriodKind = (typeof PERIOD_KINDS)[number]

/** Prague calendar days ("2026-09-01"), both included. */
export type Period = { from: string; to: string }

/** The longest custom span, in days: five years and a leap day. */
export const MAX_PERIOD_DAYS = 5 * 365 + 1

const MONTH = /^(\d{4})-(0[1-9]|1[0-2])$/
const QUARTER = /^(\d{4})-Q([1-4])$/
const YEAR = /^(\d{4})$/

const pad = (n: number) => String(n).padStart(2, '0')

/** The last day of a month (month 1–12). */
function lastDayOf(year: number, month: number): string {
  return addDays(`${year}-${pad(month)}-01`, new Date(Date.UTC(year, month, 0)).getUTCDate() - 1)
}

/**
 * The days a named period covers: `month` "2026-03", `quarter` "2026-Q1", `schoolYear` "2025"
 * (the year it starts: 1 Sept 2025 – 31 Aug 2026), `year` "2026". Undefined when the value
 * has not the kind's shape or falls outside the years 2000–2100.
 */
export function namedPeriod(kind: Exclude<PeriodKind, 'custom'>, value: string): Period | undefined {
  const inRange = (year: number) => year >= 2000 && year <= 2100
  if (kind === 'month') {
    const m = MONTH.exec(value)
    if (!m || !inRange(Number(m[1]))) return undefined
    return { from: `${m[1]}-${m[2]}-01`, to: lastDayOf(Number(m[1]), Number(m[2])) }
  }
  if (kind === 'quarter') {
    const m = QUARTER.exec(value)
    if (!m || !inRange(Number(m[1]))) return undefined
    const first = (Number(m[2]) - 1) * 3 + 1
    return { from: `${m[1]}-${pad(first)}-01`, to: lastDayOf(Number(m[1]), first + 2) }
  }
  const m = YEAR.exec(value)
  if (!m || !inRange(Number(m[1]))) return undefined
  const year = Number(m[1])
  return kind === 'year' ? { from: `${year}-01-01`, to: `${year}-12-31` } : { from: `${year}-09-01`, to: `${year + 1}-08-31` }
}

/** The value of each named kind that holds a Prague day: the month, quarter, school year and year it falls in. */
export function periodValuesOf(day: string): Record<Exclude<PeriodKind, 'custom'>, string> {
  const year = Number(day.slice(0, 4))
  const month = Number(day.slice(5, 7))
  return {
    month: day.slice(0, 7),
    quarter: `${year}-Q${Math.ceil(month / 3)}`,
    schoolYear: String(month >= 9 ? year : year - 1),
    year: String(year),
  }
}

export type CustomPeriodProblem = 'from' | 'to' | 'order' | 'tooLong'

/** A custom span, checked: both days exist, `to` is not before `from`, at most MAX_PERIOD_DAYS. */
export function customPeriod(
  from: string,
  to: string,
): { ok: true; period: Period } | { ok: false; problem: CustomPeriodProblem } {
  const shape = /^\d{4}-\d{2}-\d{2}$/
  if (!shape.test(from) || !isCalendarDate(from)) return { ok: false, problem: 'from' }
  if (!shape.test(to) || !isCalendarDate(to)) return { ok: false, problem: 'to' }
  if (to < from) return { ok: false, problem: 'order' }
  if (daysBetween(from, to) + 1 > MAX_PERIOD_DAYS) return { ok: false, problem: 'tooLong' }
  return { ok: true, period: { from, to } }
}

function daysBetween(from: string, to: string): number {
  return Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000)
}

/** The Prague months ("2026-09") a period touches, in order. */
export function monthsOf(period: Period): string[] {
  const months: string[] = []
  let year = Number(period.from.slice(0, 4))
  let month = Number(period.from.slice(5, 7))
  const last = period.to.slice(0, 7)
  for (;;) {
    const key = `${year}-${pad(month)}`
    months.push(key)
    if (key >= last) return months
    month++
    if (month === 13) {
      month = 1
      year++
    }
  }
}
