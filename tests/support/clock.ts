/*
 * The one clock of the test suite. Every instant a fixture or an expectation needs is derived
 * from the moment this test file started, so the suite means the same on any date: run it
 * under `faketime` (see the README) and every fixture moves with the clock.
 *
 * Prague wall-clock times are converted here with Intl alone, independently of the app's own
 * date code, so that tests which compare against these values do check that code.
 */

/** The moment this test file started: the real clock, or the one faketime moved. */
export const testStart = new Date()

export const DAY_MS = 86_400_000
const pragueParts = new Intl.DateTimeFormat('en-US', {
  timeZone: 'Europe/Prague',
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
  hour: '2-digit',
  minute: '2-digit',
  second: '2-digit',
  hourCycle: 'h23',
})

function wallClock(epochMs: number) {
  const p = Object.fromEntries(pragueParts.formatToParts(new Date(epochMs)).map((x) => [x.type, x.value]))
  return { date: `${p.year}-${p.month}-${p.day}`, time: `${p.hour}:${p.minute}`, seconds: Number(p.second) }
}

/** Prague's offset from UTC at an instant, in milliseconds (+1 h in winter, +2 h in summer). */
function offsetMs(epochMs: number): number {
  const { date, time, seconds } = wallClock(epochMs)
  const asUtc = Date.parse(`${date}T${time}:${String(seconds).padStart(2, '0')}.000Z`)
  return asUtc - (epochMs - (epochMs % 1000))
}

/** The Prague calendar day ("2031-04-17") an instant falls on. */
export function pragueDay(instant: Date | string): string {
  return wallClock(new Date(instant).getTime()).date
}

/** The Prague wall-clock time ("14:05") an instant falls on, to the minute. */
export function pragueClockTime(instant: Date | string): string {
  return wallClock(new Date(instant).getTime()).time
}

/** A Prague calendar day counted from the day this test file started: day(0) is today. */
export function day(offsetDays: number): string {
  const [y, m, d] = pragueDay(testStart).split('-').map(Number) as [number, number, number]
  return new Date(Date.UTC(y, m - 1, d + offsetDays)).toISOString().slice(0, 10)
}

/** The UTC instant (ISO) of a Prague wall-clock time on a Prague calendar day. */
export function pragueTime(date: string, time: string): string {
  const guess = Date.parse(`${date}T${time}:00.000Z`)
  // Two passes settle the offset also on the days the clocks change.
  let instant = guess - offsetMs(guess)
  instant = guess - offsetMs(instant)
  if (wallClock(instant).date !== date || wallClock(instant).time !== time) {
    throw new Error(`${date} ${time} does not exist in Prague (the clocks skip it)`)
  }
  return new Date(instant).toISOString()
}

/** Prague wall-clock time on the day `offsetDays` from today: inDays(3, '09:00'). */
export function inDays(offsetDays: number, time: string): string {
  return pragueTime(day(offsetDays), time)
}

/** The same as inDays, as a Date, for the `now` that domain functions take. */
export function atDay(offsetDays: number, time: string): Date {
  return new Date(inDays(offsetDays, time))
}

/** An instant some hours (fractions allowed) after another. */
export function hoursAfter(instant: Date | string, hours: number): string {
  return new Date(new Date(instant).getTime() + hours * 3_600_000).toISOString()
}

/** An instant some hours from the moment this test file started, for what the real clock decides. */
export function hoursFromStart(hours: number): string {
  return hoursAfter(testStart, hours)
}

/** A day of the next calendar year that is always in summer time (CEST, UTC+2) in Prague. */
export function nextSummerDay(): string {
  return `${Number(day(0).slice(0, 4)) + 1}-07-15`
}

/** A day of the next calendar year that is always in winter time (CET, UTC+1) in Prague. */
export function nextWinterDay(): string {
  return `${Number(day(0).slice(0, 4)) + 1}-01-20`
}

/** The no-break space that holds a written date together on one line. */
export const NBSP = '\u00a0'

/**
 * How people in Prague write a day: "út 12. 12. 2023" or "Tue 12 Dec 2023", worked out by
 * Intl, its parts joined by no-break spaces as typography asks.
 */
export function writtenDay(date: string, locale: 'cs' | 'en'): string {
  const noon = new Date(`${date}T12:00:00.000Z`)
  const weekday = new Intl.DateTimeFormat(locale, { weekday: 'short', timeZone: 'UTC' }).format(noon)
  const [y, m, d] = date.split('-').map(Number) as [number, number, number]
  if (locale === 'cs') return [weekday, `${d}.`, `${m}.`, y].join(NBSP)
  const month = new Intl.DateTimeFormat('en', { month: 'short', timeZone: 'UTC' }).format(noon)
  return [weekday, d, month, y].join(NBSP)
}

/** "út 12. 12. 2023 14:00" for an instant, in Prague time. */
export function writtenDateTime(instant: Date | string, locale: 'cs' | 'en'): string {
  const { date, time } = wallClock(new Date(instant).getTime())
  return `${writtenDay(date, locale)} ${time}`
}

/** "út 12. 12. 2023 14:00–17:00" for a start and an end on the same Prague day. */
export function writtenRange(start: Date | string, end: Date | string, locale: 'cs' | 'en'): string {
  return `${writtenDateTime(start, locale)}–${wallClock(new Date(end).getTime()).time}`
}

/** ISO 8601 with Prague's offset, to the second: "2026-11-23T09:00:00+01:00". */
export function pragueIso(instant: Date | string): string {
  const epochMs = new Date(instant).getTime()
  const { date, time, seconds } = wallClock(epochMs)
  const offsetMinutes = Math.round(offsetMs(epochMs) / 60_000)
  const hh = String(Math.floor(Math.abs(offsetMinutes) / 60)).padStart(2, '0')
  const mm = String(Math.abs(offsetMinutes) % 60).padStart(2, '0')
  return `${date}T${time}:${String(seconds).padStart(2, '0')}${offsetMinutes < 0 ? '-' : '+'}${hh}:${mm}`
}

/**
 * An instant as a spreadsheet stores a Prague date cell: a Date whose UTC fields are the Prague
 * wall clock (cells have no time zone).
 */
export function pragueWallClockDate(instant: Date | string): Date {
  const { date, time, seconds } = wallClock(new Date(instant).getTime())
  return new Date(`${date}T${time}:${String(seconds).padStart(2, '0')}.000Z`)
}
