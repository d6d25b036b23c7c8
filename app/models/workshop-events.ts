import { pragueIsoWithOffset } from '~/utils/dates'
import { readSeatToken } from './seat-token'
import type { Availability } from './session-availability'
import type { SessionOnPageView, WorkshopPageView } from './workshops.server'

/*
 * schema.org `Event`s for a workshop page's upcoming sessions, one per session, as search
 * engines read them for event listings (Google's Event rich results take `Event`, not
 * `Course`). Built from the page's own data, so the cached page costs nothing more.
 *
 * What stays out: the online link (only people booked get it; an online session points to the
 * workshop page instead), the lecturer (a person's name, removed by retention), and
 * `EventRescheduled` (a moved session keeps no previous date to name).
 */

const SCHEMA = 'https://schema.org/'

/** Fewer free seats than this is "limited availability". */
export const FEW_SEATS = 5

type EventSource = Pick<WorkshopPageView, 'slug' | 'title' | 'summary' | 'language' | 'organiser' | 'upcoming'>

export function workshopEvents(workshop: EventSource, { appUrl }: { appUrl: string }): Record<string, unknown>[] {
  const pageUrl = `${appUrl}/workshops/${workshop.slug}`
  const organizer = {
    '@type': 'Organization',
    name: workshop.organiser.name,
    ...(workshop.organiser.website ? { url: workshop.organiser.website } : {}),
  }
  return workshop.upcoming.map((session) => ({
    '@context': 'https://schema.org',
    '@type': 'Event',
    '@id': `${pageUrl}#session-${session.id}`,
    name: workshop.title,
    description: workshop.summary,
    url: pageUrl,
    startDate: pragueIsoWithOffset(session.startsAt),
    endDate: pragueIsoWithOffset(session.endsAt),
    eventStatus: SCHEMA + (session.cancelled ? 'EventCancelled' : 'EventScheduled'),
    eventAttendanceMode: SCHEMA + attendanceMode(session),
    location: location(session, pageUrl),
    organizer,
    inLanguage: workshop.language,
    isAccessibleForFree: true,
    ...(session.cancelled ? {} : { offers: offer(session, appUrl) }),
  }))
}

function attendanceMode({ place }: SessionOnPageView): string {
  if (place.venueName && place.online) return 'MixedEventAttendanceMode'
  return place.venueName ? 'OfflineEventAttendanceMode' : 'OnlineEventAttendanceMode'
}

function location({ place }: SessionOnPageView, pageUrl: string) {
  const virtual = { '@type': 'VirtualLocation', url: pageUrl }
  if (!place.venueName) return virtual
  const physical = {
    '@type': 'Place',
    name: place.room ? `${place.venueName}, ${place.room}` : place.venueName,
    address: postalAddress(place.address ?? place.venueName),
  }
  return place.online ? [physical, virtual] : physical
}

/** "U Jezu 642/2a, 461 80 Liberec": the street, and the postcode and town when written that way. */
function postalAddress(text: string) {
  const parts = text.split(',').map((part) => part.trim())
  const town = /^(\d{3} ?\d{2})\s+(.+)$/.exec(parts.at(-1) ?? '')
  const base = { '@type': 'PostalAddress', addressCountry: 'CZ' }
  if (!town || parts.length < 2) return { ...base, streetAddress: text }
  return { ...base, streetAddress: parts.slice(0, -1).join(', '), postalCode: town[1], addressLocality: town[2] }
}

function offer(session: SessionOnPageView, appUrl: string) {
  const seats = readSeatToken(session.seats)
  const { opensAt } = seats
  return {
    '@type': 'Offer',
    price: 0,
    priceCurrency: 'CZK',
    availability: SCHEMA + offerAvailability(seats),
    url: `${appUrl}/sessions/${session.id}/book`,
    ...(opensAt ? { validFrom: pragueIsoWithOffset(opensAt) } : {}),
  }
}

/** The offer's schema.org availability: what a workshop page says of its seats besides their markup. */
export function offerAvailability({ state, freeSeats }: Availability): string {
  if (state === 'full' || freeSeats === 0) return 'SoldOut'
  if (state === 'closed' || state === 'past' || state === 'cancelled') return 'OutOfStock'
  // Open now, or opening at validFrom.
  return freeSeats < FEW_SEATS ? 'LimitedAvailability' : 'InStock'
}
