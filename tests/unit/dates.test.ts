import { TZDate } from '@date-fns/tz'
import { describe, expect, it } from 'vitest'
import {
  addDays,
  formatDate,
  formatDayMonthYear,
  formatDateTime,
  formatMonth,
  formatTimeRange,
  pragueDateKey,
  pragueIsoWithOffset,
  pragueLocalToUtc,
  pragueMonthKey,
  pragueMonthRange,
} from '~/utils/dates'

/** The no-break space inside a written date. */
const _ = '\u00a0'

describe('Prague time on both sides of a daylight-saving change', () => {
  it('converts 10:00 the day before and the day of spring-forward (29 March 2026) to different UTC hours', () => {
    expect(pragueLocalToUtc('2026-03-28', '10:00')).toBe('2026-03-28T09:00:00.000Z')
    expect(pragueLocalToUtc('2026-03-29', '10:00')).toBe('2026-03-29T08:00:00.000Z')
  })

  it('converts 10:00 the day before and the day of fall-back (25 October 2026)', () => {
    expect(pragueLocalToUtc('2026-10-24', '10:00')).toBe('2026-10-24T08:00:00.000Z')
    expect(pragueLocalToUtc('2026-10-25', '10:00')).toBe('2026-10-25T09:00:00.000Z')
  })

  it('shows stored UTC instants as Prague wall-clock time in summer and in winter', () => {
    expect(formatTimeRange('2026-03-28T09:00:00.000Z', '2026-03-28T11:00:00.000Z', 'cs')).toBe(
      `so${_}28.${_}3.${_}2026 10:00–12:00`,
    )
    expect(formatTimeRange('2026-03-29T08:00:00.000Z', '2026-03-29T10:00:00.000Z', 'cs')).toBe(
      `ne${_}29.${_}3.${_}2026 10:00–12:00`,
    )
    expect(formatTimeRange('2026-10-24T08:00:00.000Z', '2026-10-24T10:00:00.000Z', 'cs')).toBe(
      `so${_}24.${_}10.${_}2026 10:00–12:00`,
    )
    expect(formatTimeRange('2026-10-25T09:00:00.000Z', '2026-10-25T11:00:00.000Z', 'cs')).toBe(
      `ne${_}25.${_}10.${_}2026 10:00–12:00`,
    )
  })

  it('measures a session across the spring-forward night in real hours', () => {
    const start = pragueLocalToUtc('2026-03-29', '01:00')
    const end = pragueLocalToUtc('2026-03-29', '04:00')
    // 01:00 CET to 04:00 CEST is two hours, not three.
    expect((Date.parse(end) - Date.parse(start)) / 3_600_000).toBe(2)
  })

  it('gives a Prague month its UTC bounds, which shift with the clocks', () => {
    expect(pragueMonthRange('2026-03')).toEqual({ start: '2026-02-28T23:00:00.000Z', end: '2026-03-31T22:00:00.000Z' })
    expect(pragueMonthRange('2026-10')).toEqual({ start: '2026-09-30T22:00:00.000Z', end: '2026-10-31T23:00:00.000Z' })
  })

  it('puts an instant just after midnight Prague time into the Prague day and month', () => {
    // 23:30 UTC on 31 October is 00:30 on 1 November in Prague (CET).
    expect(pragueDateKey('2026-10-31T23:30:00.000Z')).toBe('2026-11-01')
    expect(pragueMonthKey('2026-10-31T23:30:00.000Z')).toBe('2026-11')
    // 22:30 UTC on 31 May is 00:30 on 1 June in Prague (CEST).
    expect(pragueMonthKey('2026-05-31T22:30:00.000Z')).toBe('2026-06')
  })
})

describe('dates as people write them', () => {
  it('writes Czech dates with the weekday, day and month without leading zeros', () => {
    expect(formatDate('2023-12-12T14:00:00.000Z', 'cs')).toBe(`út${_}12.${_}12.${_}2023`)
    expect(formatTimeRange('2023-12-12T14:00:00.000Z', '2023-12-12T16:00:00.000Z', 'cs')).toBe(
      `út${_}12.${_}12.${_}2023 15:00–17:00`,
    )
    expect(formatDate('2026-12-01T12:00:00.000Z', 'cs')).toBe(`út${_}1.${_}12.${_}2026`)
  })

  it('writes English dates the British way', () => {
    expect(formatTimeRange('2023-12-12T14:00:00.000Z', '2023-12-12T16:00:00.000Z', 'en')).toBe(
      `Tue${_}12${_}Dec${_}2023 15:00–17:00`,
    )
  })

  it('names both days when a session runs past midnight', () => {
    expect(formatTimeRange('2026-12-01T20:00:00.000Z', '2026-12-02T08:00:00.000Z', 'cs')).toBe(
      `út${_}1.${_}12.${_}2026 21:00 – st${_}2.${_}12.${_}2026 09:00`,
    )
  })

  it('never lets a date break across lines: no ordinary space inside it, in either language', () => {
    // "po 21." at the end of one line and "12. 2026" at the start of the next was the bug.
    for (const locale of ['cs', 'en'] as const) {
      for (const iso of ['2026-12-21T08:00:00.000Z', '2027-03-01T12:00:00.000Z', '2026-10-25T09:00:00.000Z']) {
        expect(formatDate(iso, locale)).not.toMatch(/ /)
        expect(formatDayMonthYear(iso, locale)).not.toMatch(/ /)
        // Date and time may part on a narrow screen; the date itself stays whole.
        expect(formatDateTime(iso, locale).split(' ')).toEqual([formatDate(iso, locale), expect.stringMatching(/^\d\d:\d\d$/)])
      }
    }
    expect(formatDayMonthYear('2026-12-21T08:00:00.000Z', 'cs')).toBe(`21.${_}12.${_}2026`)
    expect(formatDayMonthYear('2026-12-21T08:00:00.000Z', 'en')).toBe(`21${_}Dec${_}2026`)
  })

  it('names months in the nominative', () => {
    expect(formatMonth('2026-12', 'cs')).toBe('prosinec 2026')
    expect(formatMonth('2027-03', 'en')).toBe('March 2027')
  })

  it('adds calendar days across a clock change without drifting', () => {
    expect(addDays('2026-03-28', 1)).toBe('2026-03-29')
    expect(addDays('2026-12-31', 1)).toBe('2027-01-01')
    expect(addDays('2026-03-01', -1)).toBe('2026-02-28')
  })
})

describe('the fast Prague clock', () => {
  it('agrees with Intl for instants spread over 15 years, around every clock change', () => {
    const reference = new Intl.DateTimeFormat('cs', {
      timeZone: 'Europe/Prague',
      weekday: 'short',
      day: 'numeric',
      month: 'numeric',
      year: 'numeric',
      hour: '2-digit',
      minute: '2-digit',
      hourCycle: 'h23',
    })
    const expected = (ms: number) => {
      const p = Object.fromEntries(reference.formatToParts(new Date(ms)).map((x) => [x.type, x.value]))
      return `${p.weekday}${_}${p.day}.${_}${p.month}.${_}${p.year} ${p.hour}:${p.minute}`
    }
    const from = Date.UTC(2020, 0, 1)
    const to = Date.UTC(2035, 0, 1)
    const instants: number[] = []
    // Every 7 h 13 min across the range hits all hours of the day and every DST night.
    for (let ms = from; ms < to; ms += 26_000_000) instants.push(ms)
    for (const ms of instants) expect(formatDateTime(new Date(ms).toISOString(), 'cs')).toBe(expected(ms))
  })
})

describe('an instant with Prague’s offset, for schema.org', () => {
  it('is what @date-fns/tz writes, over 15 years and on both sides of every clock change', () => {
    const instants: number[] = []
    for (let ms = Date.UTC(2020, 0, 1); ms < Date.UTC(2035, 0, 1); ms += 26_000_000) instants.push(ms)
    // Each change happens at 01:00 UTC on the last Sunday of March and October: a minute either side.
    for (let year = 2020; year < 2035; year++) {
      for (const month of [2, 9]) {
        const lastSunday = new Date(Date.UTC(year, month + 1, 0))
        lastSunday.setUTCDate(lastSunday.getUTCDate() - lastSunday.getUTCDay())
        const change = lastSunday.getTime() + 3_600_000
        instants.push(change - 60_000, change - 1, change, change + 1, change + 60_000)
      }
    }
    for (const ms of instants) {
      const iso = new Date(ms).toISOString()
      expect(pragueIsoWithOffset(iso), iso).toBe(new TZDate(ms, 'Europe/Prague').toISOString())
    }
    expect(pragueIsoWithOffset('2026-12-01T14:00:00.000Z')).toBe('2026-12-01T15:00:00.000+01:00')
    expect(pragueIsoWithOffset('2026-07-01T14:00:00.000Z')).toBe('2026-07-01T16:00:00.000+02:00')
  })
})
