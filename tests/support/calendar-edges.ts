import { day, pragueTime } from './clock'

/*
 * Days that only exist on paper, and the night Prague's clocks skip, derived from the test
 * clock's year (never written out), so these tests mean the same in any year.
 */

const nextYear = () => Number(day(0).slice(0, 4)) + 1

/** A day the calendar does not have: 30 February of next year ("YYYY-02-30"). */
export function impossibleDay(): string {
  return `${nextYear()}-02-30`
}

/** The day Prague's clocks go forward next year: the last Sunday in March (EU rule). */
export function springForwardDay(): string {
  const year = nextYear()
  for (let d = 31; d >= 25; d--) {
    if (new Date(Date.UTC(year, 2, d)).getUTCDay() === 0) return `${year}-03-${d}`
  }
  throw new Error(`no Sunday at the end of March ${year}`)
}

/** A wall-clock time that does not exist in Prague on springForwardDay(): the hour from 02:00 is skipped. */
export function skippedTime(): string {
  const time = '02:30'
  // Cross-check with the test clock's own Intl arithmetic: it refuses times the clocks skip.
  try {
    pragueTime(springForwardDay(), time)
  } catch {
    return time
  }
  throw new Error(`${time} exists in Prague on ${springForwardDay()}; the spring-forward rule has changed`)
}
