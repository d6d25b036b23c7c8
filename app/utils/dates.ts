import { TZDate } from '@date-fns/tz'
import { boundedMemo } from './bounded-memo'
import type { Locale } from '~/i18n/locales'

/** Every date shown or typed in the app is local time in Prague; instants are stored in UTC. */
export const TIME_ZONE = 'Europe/Prague'

type Parts = { weekday: string; day: string; month: string; monthName: string; year: string; time: string }

const HOUR_MS = 3_600_000
const wallClock = new Intl.DateTimeFormat('en-US', {
  timeZone: TIME_ZONE,
  year: 'numeric',
  month: 'numeric',
  day: 'numeric',
  hour: 'numeric',
  minute: 'numeric',
  second: 'numeric',
  hourCycle: 'h23',
})

/*
 * Intl's formatToParts is slow enough to dominate a catalogue render, so the zone offset is
 * read from Intl once per UTC hour (offsets only change on the hour) and the rest is
 * arithmetic. Names of days and months still come from Intl, once per language.
 */
const offsetByHour = boundedMemo<number, number>(50_000)
function pragueOffsetMs(epochMs: number): number {
  const hour = Math.floor(epochMs / HOUR_MS)
  return offsetByHour.keep(hour, () => {
    const at = hour * HOUR_MS
    const p = Object.fromEntries(wallClock.formatToParts(new Date(at)).map((x) => [x.type, x.value]))
    return Date.UTC(Number(p.year), Number(p.month) - 1, Number(p.day), Number(p.hour), Number(p.minute), Number(p.second)) - at
  })
}

const names = new Map<string, { weekdays: string[]; months: string[] }>()
function namesFor(locale: Locale) {
  let n = names.get(locale)
  if (!n) {
    const weekday = new Intl.DateTimeFormat(locale, { weekday: 'short', timeZone: 'UTC' })
    const month = new Intl.DateTimeFormat(locale, { month: 'short', timeZone: 'UTC' })
    n = {
      // 2023-01-01 was a Sunday, matching getUTCDay()'s numbering.
      weekdays: Array.from({ length: 7 }, (_, i) => weekday.format(Date.UTC(2023, 0, 1 + i, 12))),
      months: Array.from({ length: 12 }, (_, i) => month.format(Date.UTC(2023, i, 15, 12))),
    }
    names.set(locale, n)
  }
  return n
}

const formatters = new Map<string, Intl.DateTimeFormat>()
function formatter(locale: string, options: Intl.DateTimeFormatOptions): Intl.DateTimeFormat {
  const key = locale + JSON.stringify(options)
  let f = formatters.get(key)
  if (!f) {
    f = new Intl.DateTimeFormat(locale, { timeZone: TIME_ZONE, ...options })
    formatters.set(key, f)
  }
  return f
}

function pragueParts(iso: string, locale: Locale): Parts {
  const epochMs = Date.parse(iso)
  // A Date whose UTC fields read as Prague wall-clock time.
  const local = new Date(epochMs + pragueOffsetMs(epochMs))
  const { weekdays, months } = namesFor(locale)
  const pad = (n: number) => String(n).padStart(2, '0')
  return {
    weekday: weekdays[local.getUTCDay()]!,
    // Czechs write "1. 12.", not "01. 12.".
    day: String(local.getUTCDate()),
    month: String(local.getUTCMonth() + 1),
    monthName: months[local.getUTCMonth()]!,
    year: String(local.getUTCFullYear()),
    time: `${pad(local.getUTCHours())}:${pad(local.getUTCMinutes())}`,
  }
}

/**
 * A no-break space (U+00A0): Czech typography keeps a date on one line ("po 21." at the end of
 * one line and "12. 2026" at the start of the next reads as two things), and a number with its unit.
 */
export const NBSP = '\u00a0'

/** The date as people write it, never broken across lines: "út 12. 12. 2023" or "Tue 12 Dec 2023". */
export function formatDate(iso: string, locale: Locale): string {
  const p = pragueParts(iso, locale)
  const parts = locale === 'cs' ? [p.weekday, `${p.day}.`, `${p.month}.`, p.year] : [p.weekday, p.day, p.monthName, p.year]
  return parts.join(NBSP)
}

/** The date without the weekday, as a certificate prints it: "12. 12. 2023" or "12 Dec 2023". */
export function formatDayMonthYear(iso: string, locale: Locale): string {
  const p = pragueParts(iso, locale)
  return (locale === 'cs' ? [`${p.day}.`, `${p.month}.`, p.year] : [p.day, p.monthName, p.year]).join(NBSP)
}

export function formatDateTime(iso: string, locale: Locale): string {
  return `${formatDate(iso, locale)} ${pragueParts(iso, locale).time}`
}

/** "út 12. 12. 2023 15:00–17:00"; a range over midnight names both days. */
export function formatTimeRange(startIso: string, endIso: string, locale: Locale): string {
  const start = pragueParts(startIso, locale)
  const end = pragueParts(endIso, locale)
  const sameDay = start.day === end.day && start.month === end.month && start.year === end.year
  return sameDay
    ? `${formatDate(startIso, locale)} ${start.time}–${end.time}`
    : `${formatDateTime(startIso, locale)} – ${formatDateTime(endIso, locale)}`
}

/** "prosinec 2026" / "December 2026" for a "2026-12" month key. */
export function formatMonth(monthKey: string, locale: Locale): string {
  const [year, month] = monthKey.split('-').map(Number) as [number, number]
  const midMonth = new Date(Date.UTC(year, month - 1, 15, 12))
  return formatter(locale, { month: 'long', year: 'numeric' }).format(midMonth)
}

/** The Prague month ("2026-03") an instant falls in. */
export function pragueMonthKey(iso: string): string {
  const p = pragueParts(iso, 'cs')
  return `${p.year}-${p.month.padStart(2, '0')}`
}

/** UTC bounds [start, end) of a Prague calendar month, DST included. */
export function pragueMonthRange(monthKey: string): { start: string; end: string } {
  return monthRanges.keep(monthKey, () => {
    const [year, month] = monthKey.split('-').map(Number) as [number, number]
    const start = new TZDate(year, month - 1, 1, 0, 0, 0, TIME_ZONE)
    const end = new TZDate(year, month, 1, 0, 0, 0, TIME_ZONE)
    return Object.freeze({ start: new Date(start.getTime()).toISOString(), end: new Date(end.getTime()).toISOString() })
  })
}
/**
 * Time-zone arithmetic costs microseconds a call and a month's bounds never change. Bounded:
 * month keys come from the calendar, but also from URLs.
 */
const monthRanges = boundedMemo<string, { start: string; end: string }>(1000)

/** Converts a wall-clock time in Prague ("2026-03-29", "10:30") to a UTC instant. */
export function pragueLocalToUtc(date: string, time: string): string {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number]
  const [hh, mm] = time.split(':').map(Number) as [number, number]
  return new Date(new TZDate(y, m - 1, d, hh, mm, 0, TIME_ZONE).getTime()).toISOString()
}

/** Whether a "YYYY-MM-DD" key names a day the calendar has: "2027-02-30" has the shape, not the day. */
export function isCalendarDate(date: string): boolean {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number]
  const utc = new Date(0)
  utc.setUTCFullYear(y, m - 1, d)
  return utc.getUTCFullYear() === y && utc.getUTCMonth() === m - 1 && utc.getUTCDate() === d
}

/**
 * Whether a wall-clock time happens in Prague on that day. On the spring-forward night the
 * clocks jump from 02:00 to 03:00, so 02:30 never shows; converting it would quietly move it
 * by an hour. (On the fall-back night 02:30 happens twice; the first, summer-time one is taken.)
 */
export function pragueTimeExists(date: string, time: string): boolean {
  const iso = pragueLocalToUtc(date, time)
  return pragueDateKey(iso) === date && pragueParts(iso, 'cs').time === time
}

/** The Prague calendar day ("2026-11-25") an instant falls on. */
export function pragueDateKey(iso: string): string {
  const p = pragueParts(iso, 'cs')
  return `${p.year}-${p.month.padStart(2, '0')}-${p.day.padStart(2, '0')}`
}

/** Calendar arithmetic on a "YYYY-MM-DD" key; DST does not shift it. */
export function addDays(dateKey: string, days: number): string {
  const [y, m, d] = dateKey.split('-').map(Number) as [number, number, number]
  return new Date(Date.UTC(y, m - 1, d + days)).toISOString().slice(0, 10)
}

/** An instant as a form's date and time fields show it in Prague: "2026-11-25" and "09:30". */
export function pragueDateAndTime(iso: string): { date: string; time: string } {
  return { date: pragueDateKey(iso), time: pragueParts(iso, 'cs').time }
}

/** An instant as ISO-8601 with Prague's offset: "2026-12-01T15:00:00.000+01:00" (for schema.org). */
export function pragueIsoWithOffset(iso: string): string {
  // Arithmetic on the kept hourly offset, as pragueParts does: a TZDate asked Intl each time.
  const epochMs = Date.parse(iso)
  const offset = pragueOffsetMs(epochMs)
  const minutes = Math.abs(offset) / 60_000
  const zone = `${offset < 0 ? '-' : '+'}${String(Math.floor(minutes / 60)).padStart(2, '0')}:${String(minutes % 60).padStart(2, '0')}`
  return `${new Date(epochMs + offset).toISOString().slice(0, -1)}${zone}`
}

/**
 * An instant as a Date whose UTC fields read as Prague wall-clock time. Spreadsheet date cells
 * have no time zone: Excel shows whatever is stored, so the stored value must already be the
 * Prague time people expect.
 */
export function pragueWallClock(iso: string): Date {
  const epochMs = Date.parse(iso)
  return new Date(epochMs + pragueOffsetMs(epochMs))
}

/** An instant as ISO 8601 to the second with Prague's offset: "2026-11-23T09:00:00+01:00". */
export function pragueIsoSeconds(iso: string): string {
  return pragueIsoWithOffset(iso).replace(/\.\d+(?=[+-]\d\d:\d\d$|Z$)/, '')
}

/**
 * formatTimeRange in the pieces a line may not break inside: the day, and the times
 * ("út 12. 12. 2023" and "15:00–17:00"; over midnight, each day with its time). Joined with
 * spaces they are formatTimeRange's text, so a narrow card wraps between them, never after
 * "15:00–".
 */
export function timeRangeParts(startIso: string, endIso: string, locale: Locale): string[] {
  const start = pragueParts(startIso, locale)
  const end = pragueParts(endIso, locale)
  const sameDay = start.day === end.day && start.month === end.month && start.year === end.year
  return sameDay
    ? [formatDate(startIso, locale), `${start.time}–${end.time}`]
    : [`${formatDateTime(startIso, locale)} –`, formatDateTime(endIso, locale)]
}
