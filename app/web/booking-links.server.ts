import { currentInvitation, findBookingByCalendarLink, findBookingByManageLink } from '~/models/manage-link.server'
import { findOwnRegistration } from '~/models/registrations.server'
import { getDb } from '~/utils/db.server'
import { getEnv } from '~/utils/env.server'
import { parseId } from '~/utils/fields.server'
import { orNotFound } from './refusals.server'
import { PRIVATE_HEADERS } from './token-pages'
import { requireUser } from './user-session.server'

/** The booking behind a manage link in a route, or a 404 that says nothing about why. */
export async function requireRegistration(token: string | undefined, now: Date) {
  return orNotFound(await findBookingByManageLink(getDb(), token, now), PRIVATE_HEADERS)
}

/** The booking behind the link in calendar data (read only), or a 404 that says nothing about why. */
export async function requireCalendarView(token: string | undefined, now: Date) {
  return orNotFound(await findBookingByCalendarLink(getDb(), token, now), PRIVATE_HEADERS)
}

/** One of the signed-in person's own bookings; someone else's answers exactly like a missing one. */
export async function requireOwnBooking(request: Request, idParam: string | undefined, now: Date) {
  const user = await requireUser(request)
  const id = parseId(idParam)
  const registration = orNotFound(id ? await findOwnRegistration(getDb(), { id, email: user.email, now }) : undefined)
  return { user, registration }
}

/** The invitation download: text/calendar with the method it stands at, 409 on the waiting list. */
export async function invitationResponse(registrationId: number, manageUrl: string, now: Date): Promise<Response> {
  const invitation = await currentInvitation(getDb(), { registrationId, manageUrl, now, appUrl: getEnv().APP_URL })
  if (invitation.kind === 'waitlisted') {
    return new Response('No invitation while on the waiting list.', { status: 409, headers: PRIVATE_HEADERS })
  }
  return new Response(invitation.ics, {
    headers: {
      ...PRIVATE_HEADERS,
      'Content-Type': `text/calendar; charset=utf-8; method=${invitation.method}`,
      'Content-Disposition': 'attachment; filename="workshop.ics"',
    },
  })
}
