/*
 * iCalendar (RFC 5545) for subscription feeds: a calendar of events, each with its UID and
 * SEQUENCE, times in UTC. Written by hand rather than with `ics` (which the e-mailed
 * invitations use): `ics` validates every event with yup, about 90 µs each, so a feed of
 * 10,000 sessions took 0.9 s to build where we have 100 ms, and it has no place for
 * REFRESH-INTERVAL or X-PUBLISHED-TTL. What is written here is a handful of properties, all
 * TEXT, URI or UTC DATE-TIME, escaped and folded as §3.1 and §3.3.11 say (decision 019).
 */

export type CalendarEvent = {
  uid: string
  sequence: number
  /** When the event last changed (ISO instant): DTSTAMP and LAST-MODIFIED. */
  changedAt: string
  startsAt: string
  endsAt: string
  summary: string
  description: string
  location: string
  url: string
  status: 'CONFIRMED' | 'CANCELLED'
}

export type Calendar = {
  productId: string
  name: string
  /** How often subscribers should fetch again, in minutes. */
  refreshMinutes: number
  events: CalendarEvent[]
}

export function serializeCalendar(calendar: Calendar): string {
  const refresh = `PT${calendar.refreshMinutes}M`
  const lines: string[] = [
    'BEGIN:VCALENDAR',
    'VERSION:2.0',
    `PRODID:${text(calendar.productId)}`,
    'CALSCALE:GREGORIAN',
    'METHOD:PUBLISH',
    `NAME:${text(calendar.name)}`,
    `X-WR-CALNAME:${text(calendar.name)}`,
    `REFRESH-INTERVAL;VALUE=DURATION:${refresh}`,
    `X-PUBLISHED-TTL:${refresh}`,
  ]
  for (const event of calendar.events) {
    lines.push(
      'BEGIN:VEVENT',
      `UID:${text(event.uid)}`,
      `SEQUENCE:${event.sequence}`,
      `DTSTAMP:${utc(event.changedAt)}`,
      `LAST-MODIFIED:${utc(event.changedAt)}`,
      `DTSTART:${utc(event.startsAt)}`,
      `DTEND:${utc(event.endsAt)}`,
      `SUMMARY:${text(event.summary)}`,
      `DESCRIPTION:${text(event.description)}`,
      `LOCATION:${text(event.location)}`,
      `URL:${uri(event.url)}`,
      `STATUS:${event.status}`,
      'TRANSP:OPAQUE',
      'END:VEVENT',
    )
  }
  lines.push('END:VCALENDAR', '')
  return lines.map(fold).join('\r\n')
}

const STORED_INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?Z$/

/** 2026-12-07T09:00:00.000Z → 20261207T090000Z */
export function utc(iso: string): string {
  const normal = STORED_INSTANT.test(iso) ? iso : new Date(iso).toISOString()
  return `${normal.slice(0, 4)}${normal.slice(5, 7)}${normal.slice(8, 13)}${normal.slice(14, 16)}${normal.slice(17, 19)}Z`
}

/** A TEXT value: backslash, semicolon and comma escaped, line breaks as \n (§3.3.11). */
export function text(value: string): string {
  if (!/[\\;,\r\n]/.test(value)) return value
  return value.replace(/[\\;,]/g, (c) => `\\${c}`).replace(/\r\n|\r|\n/g, '\\n')
}

/** A URI value is not escaped; it just must not break the line. */
function uri(value: string): string {
  return value.replace(/[\r\n]/g, '')
}

const LINE_OCTETS = 75

/** Lines longer than 75 octets go on in lines that start with a space, never inside a character (§3.1). */
export function fold(line: string): string {
  // A UTF-16 unit is at most 3 octets of UTF-8, so short lines need no counting.
  if (line.length * 3 <= LINE_OCTETS) return line
  const parts: string[] = []
  let start = 0
  let octets = 0
  let limit = LINE_OCTETS
  for (let i = 0; i < line.length; i++) {
    const code = line.charCodeAt(i)
    // A surrogate pair is one character of 4 octets: count it at its first half, never split it.
    const pair = code >= 0xd800 && code < 0xdc00 && i + 1 < line.length
    const size = code < 0x80 ? 1 : code < 0x800 ? 2 : pair ? 4 : 3
    if (octets + size > limit) {
      parts.push(line.slice(start, i))
      start = i
      octets = 0
      // The space that starts a continuation line counts towards its 75.
      limit = LINE_OCTETS - 1
    }
    octets += size
    if (pair) i++
  }
  parts.push(line.slice(start))
  return parts.join('\r\n ')
}
