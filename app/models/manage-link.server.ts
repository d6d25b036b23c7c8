import { buildInvite } from '../../emails/invite'
import { calendarDescription } from '../../emails/registration'
import {
  findCalendarView,
  findRegistrationByToken,
  newCalendarLink,
  registrationEmailProps,
  type CalendarView,
  type RegistrationView,
} from './registrations.server'
import { getDb } from '~/utils/db.server'
import { getEnv } from '~/utils/env.server'
import { looksLikeToken } from '~/utils/tokens.server'

/** The booking behind a manage link in a route, or a 404 that says nothing about why. */
export async function requireRegistration(
  token: string | undefined,
  now: Date,
): Promise<{ token: string; registration: RegistrationView }> {
  const registration = looksLikeToken(token) ? await findRegistrationByToken(getDb(), token, now) : undefined
  if (!token || !registration) throw new Response('Booking not found', { status: 404, headers: PRIVATE_HEADERS })
  return { token, registration }
}

/** The booking behind the link in calendar data (read only), or a 404 that says nothing about why. */
export async function requireCalendarView(token: string | undefined, now: Date): Promise<CalendarView> {
  const view = looksLikeToken(token) ? await findCalendarView(getDb(), token, now) : undefined
  if (!view) throw new Response('Booking not found', { status: 404, headers: PRIVATE_HEADERS })
  return view
}

/**
 * Pages behind a manage link hold personal data and the link itself: never cached or indexed.
 * (The site-wide Referrer-Policy already strips paths cross-origin; the pages add a
 * strict-origin meta tag on top, TOKEN_PAGE_REFERRER, which strips them same-origin too.)
 */
export const PRIVATE_HEADERS = {
  'Cache-Control': 'no-store',
  'X-Robots-Tag': 'noindex',
}

/**
 * The invitation as it stands now: REQUEST while the seat is held, CANCEL once it is not. Its
 * calendar data links to a fresh read-only view, never to the manage link.
 */
export async function inviteResponse(registration: RegistrationView, manageLink: string, now: Date): Promise<Response> {
  if (registration.status === 'waitlisted') {
    return new Response('No invitation while on the waiting list.', { status: 409, headers: PRIVATE_HEADERS })
  }
  const method = registration.status === 'confirmed' && !registration.session.cancelled ? 'REQUEST' : 'CANCEL'
  const calendarLink = await newCalendarLink(getDb(), { registrationId: registration.id, now, appUrl: getEnv().APP_URL })
  const props = registrationEmailProps(registration, { manageLink, calendarLink })
  const ics = buildInvite(props, method, calendarDescription(props, registration.locale), now)
  return new Response(ics, {
    headers: {
      ...PRIVATE_HEADERS,
      'Content-Type': `text/calendar; charset=utf-8; method=${method}`,
      'Content-Disposition': 'attachment; filename="workshop.ics"',
    },
  })
}
