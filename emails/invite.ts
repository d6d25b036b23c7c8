import { createEvent, type EventAttributes } from 'ics'
import type { InviteMethod, RegistrationEmailProps } from './types'

/**
 * An iTIP (RFC 5546) invitation for one participant. REQUEST adds or updates the event in the
 * participant's calendar; CANCEL removes it. The UID stays the same for the registration's
 * whole life and SEQUENCE grows with every change, so calendars apply updates in order.
 * DTSTAMP is when this invitation was made (`stampedAt`), so that a resend is byte for byte
 * the same and nothing here reads the clock.
 */
export function buildInvite(props: RegistrationEmailProps, method: InviteMethod, description: string, stampedAt: Date): string {
  const { session, participant, invite } = props
  const event: EventAttributes & { timestamp: number } = {
    timestamp: stampedAt.getTime(),
    productId: '-//Workshopy//Booking//CS',
    method,
    uid: invite.uid,
    sequence: invite.sequence,
    start: Date.parse(session.startsAt),
    startInputType: 'utc',
    startOutputType: 'utc',
    end: Date.parse(session.endsAt),
    endInputType: 'utc',
    endOutputType: 'utc',
    title: session.workshopTitle,
    description,
    location: placeText(session, ', ') || undefined,
    url: session.onlineUrl ?? undefined,
    status: method === 'CANCEL' ? 'CANCELLED' : 'CONFIRMED',
    organizer: { name: parameterText(session.organiserName), email: session.organiserEmail },
    attendees: [
      {
        name: parameterText(participant.name),
        email: participant.email,
        // The booking is the acceptance: calendars file it without asking for a reply.
        rsvp: false,
        partstat: method === 'CANCEL' ? 'DECLINED' : 'ACCEPTED',
        role: 'REQ-PARTICIPANT',
      },
    ],
  }
  // ics validates and writes `timestamp` as DTSTAMP; its types just do not list it.
  const result = createEvent(event)
  if (result.error || !result.value) throw result.error ?? new Error('ics produced no calendar')
  return result.value
}

export function placeText(session: RegistrationEmailProps['session'], separator: string): string {
  if (!session.venueName) return session.onlineUrl ?? ''
  return [session.venueName, session.room, session.address].filter(Boolean).join(separator)
}

/**
 * A CN parameter is a quoted string in which RFC 5545 allows no double quote and no escape
 * for one, so "Jan "Honza" Novák" would cut the name short; typographic quotes keep it whole.
 */
function parameterText(name: string): string {
  return name.replace(/"([^"]*)"/g, '„$1“').replace(/"/g, "'")
}
