/*
 * "Add to Google Calendar / Outlook.com" links beside an invitation (.ics), for people whose
 * calendar is a web page and who would otherwise have to import a file. Both services take
 * the event in the link and show it for saving; nothing is sent to them until the person
 * follows the link. Times are given in UTC, so neither service guesses a time zone. The
 * formats are the ones documented by InteractionDesignFoundation/add-event-to-calendar-docs
 * (services/google.md, services/outlook-web.md).
 */

export type CalendarEvent = {
  title: string
  /** ISO-8601 instants. */
  startsAt: string
  endsAt: string
  location: string
  details: string
}

/** "20261201T140000Z": Google's dates, UTC. */
function googleInstant(iso: string): string {
  return new Date(iso)
    .toISOString()
    .replace(/[-:]/g, '')
    .replace(/\.\d{3}/, '')
}

/** "2026-12-01T14:00:00Z": Outlook's startdt/enddt, UTC. */
function outlookInstant(iso: string): string {
  return new Date(iso).toISOString().replace(/\.\d{3}/, '')
}

export function googleCalendarUrl(event: CalendarEvent): string {
  const params = new URLSearchParams({
    action: 'TEMPLATE',
    text: event.title,
    dates: `${googleInstant(event.startsAt)}/${googleInstant(event.endsAt)}`,
    details: event.details,
    location: event.location,
  })
  return `https://calendar.google.com/calendar/render?${params.toString()}`
}

export function outlookCalendarUrl(event: CalendarEvent): string {
  const params = new URLSearchParams({
    path: '/calendar/action/compose',
    rru: 'addevent',
    subject: event.title,
    startdt: outlookInstant(event.startsAt),
    enddt: outlookInstant(event.endsAt),
    body: event.details,
    location: event.location,
  })
  return `https://outlook.live.com/calendar/deeplink/compose?${params.toString()}`
}
