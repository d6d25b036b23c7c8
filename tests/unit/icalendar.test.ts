import ICAL from 'ical.js'
import { describe, expect, it } from 'vitest'
import { fold, serializeCalendar, text, utc } from '~/utils/icalendar'
import { hoursFromStart } from '../support/clock'

/* The hand-written iCalendar of the subscription feeds, read back as a calendar reads it. */

/** Sessions start on the minute; iCalendar keeps whole seconds. */
const onTheMinute = (iso: string) => new Date(Math.floor(Date.parse(iso) / 60_000) * 60_000).toISOString()

const event = {
  uid: 'session-7@workshopy.example.cz',
  sequence: 3,
  changedAt: hoursFromStart(-5),
  startsAt: onTheMinute(hoursFromStart(48)),
  endsAt: onTheMinute(hoursFromStart(50)),
  summary: 'Kybernetická bezpečnost; „hesla“, phishing a zálohy',
  description: 'Řádek jedna\nŘádek dva, se středníkem; a zpětným lomítkem \\ na konci',
  location: 'Krajský úřad, zasedací místnost 1.15, U Jezu 642/2a, Liberec',
  url: 'https://workshopy.example.cz/workshops/kyber?x=1,2',
  status: 'CANCELLED' as const,
}

describe('serializeCalendar', () => {
  it('writes events ical.js reads back unchanged', () => {
    const ics = serializeCalendar({ productId: '-//Test//CS', name: 'Workshopy, termíny', refreshMinutes: 60, events: [event] })
    const calendar = new ICAL.Component(ICAL.parse(ics))
    // X- properties are TEXT (RFC 5545 §3.8.8.2), escaped like any; ical.js leaves them raw.
    expect(ics).toContain('X-WR-CALNAME:Workshopy\\, termíny\r\n')
    expect(calendar.getFirstPropertyValue('x-published-ttl')).toBe('PT60M')
    const vevent = calendar.getFirstSubcomponent('vevent')!
    const read = new ICAL.Event(vevent)
    expect(read.uid).toBe(event.uid)
    expect(read.sequence).toBe(3)
    expect(read.summary).toBe(event.summary)
    expect(read.description).toBe(event.description)
    expect(read.location).toBe(event.location)
    expect(read.startDate.toJSDate().toISOString()).toBe(event.startsAt)
    expect(read.endDate.toJSDate().toISOString()).toBe(event.endsAt)
    expect(vevent.getFirstPropertyValue('status')).toBe('CANCELLED')
    expect(String(vevent.getFirstPropertyValue('url'))).toBe(event.url)
    expect(ics.endsWith('END:VCALENDAR\r\n')).toBe(true)
  })

  it('folds long lines at 75 octets without splitting a letter', () => {
    const line = `DESCRIPTION:${text('Žluťoučký kůň úpěl ďábelské ódy. '.repeat(8))}`
    const folded = fold(line)
    const parts = folded.split('\r\n')
    expect(parts.length).toBeGreaterThan(1)
    for (const part of parts) expect(Buffer.byteLength(part)).toBeLessThanOrEqual(75)
    expect(parts.map((p, i) => (i === 0 ? p : p.slice(1))).join('')).toBe(line)
    expect(fold('SHORT:line')).toBe('SHORT:line')
  })

  it('writes instants in UTC', () => {
    expect(utc('2031-04-17T13:05:09.000Z')).toBe('20310417T130509Z')
  })
})
