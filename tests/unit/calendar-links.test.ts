import { describe, expect, it } from 'vitest'
import { googleCalendarUrl, outlookCalendarUrl } from '~/utils/calendar-links'
import { timeRangeParts, formatTimeRange } from '~/utils/dates'

/** A winter and a summer session: 09:00–11:00 in Prague is 08:00Z in winter and 07:00Z in summer. */
const WINTER = { startsAt: '2026-12-01T08:00:00.000Z', endsAt: '2026-12-01T10:00:00.000Z' }
const SUMMER = { startsAt: '2027-06-15T07:00:00.000Z', endsAt: '2027-06-15T09:30:00.000Z' }
const event = {
  ...WINTER,
  title: 'Kybernetická bezpečnost & vy: „phishing“',
  location: 'Krajský úřad, U Jezu 642/2a, 461 80 Liberec',
  details: 'Rezervace: https://workshopy.example/calendar/abc?x=1&y=2',
}

describe('adding a session to a web calendar', () => {
  it('opens Google Calendar with the title, UTC times, place and details', () => {
    const url = new URL(googleCalendarUrl(event))
    expect(url.origin + url.pathname).toBe('https://calendar.google.com/calendar/render')
    expect(url.searchParams.get('action')).toBe('TEMPLATE')
    expect(url.searchParams.get('text')).toBe(event.title)
    expect(url.searchParams.get('dates')).toBe('20261201T080000Z/20261201T100000Z')
    expect(url.searchParams.get('location')).toBe(event.location)
    expect(url.searchParams.get('details')).toBe(event.details)
    expect(new URL(googleCalendarUrl({ ...event, ...SUMMER })).searchParams.get('dates')).toBe(
      '20270615T070000Z/20270615T093000Z',
    )
  })

  it('opens Outlook.com with the title, UTC times, place and details', () => {
    const url = new URL(outlookCalendarUrl(event))
    expect(url.origin + url.pathname).toBe('https://outlook.live.com/calendar/deeplink/compose')
    expect(url.searchParams.get('path')).toBe('/calendar/action/compose')
    expect(url.searchParams.get('rru')).toBe('addevent')
    expect(url.searchParams.get('subject')).toBe(event.title)
    expect(url.searchParams.get('startdt')).toBe('2026-12-01T08:00:00Z')
    expect(url.searchParams.get('enddt')).toBe('2026-12-01T10:00:00Z')
    expect(url.searchParams.get('location')).toBe(event.location)
    expect(url.searchParams.get('body')).toBe(event.details)
    expect(new URL(outlookCalendarUrl({ ...event, ...SUMMER })).searchParams.get('startdt')).toBe('2027-06-15T07:00:00Z')
  })
})

describe('a time range in pieces that do not break', () => {
  it('keeps the times of one day together, and reads as formatTimeRange when joined', () => {
    const parts = timeRangeParts('2026-12-21T07:30:00.000Z', '2026-12-21T11:30:00.000Z', 'cs')
    // No-break spaces inside the date, as everywhere dates are written.
    expect(parts).toEqual(['po\u00a021.\u00a012.\u00a02026', '08:30–12:30'])
    expect(parts.join(' ')).toBe(formatTimeRange('2026-12-21T07:30:00.000Z', '2026-12-21T11:30:00.000Z', 'cs'))
  })

  it('keeps each day with its time over midnight', () => {
    const [start, end] = ['2026-12-21T21:00:00.000Z', '2026-12-22T01:00:00.000Z']
    expect(timeRangeParts(start, end, 'en')).toEqual([
      'Mon\u00a021\u00a0Dec\u00a02026 22:00 –',
      'Tue\u00a022\u00a0Dec\u00a02026 02:00',
    ])
    expect(timeRangeParts(start, end, 'en').join(' ')).toBe(formatTimeRange(start, end, 'en'))
  })
})
