import type { LoaderFunctionArgs } from '@remix-run/node'
import { getEnv } from '~/utils/env.server'
import { invitationResponse, requireOwnBooking } from '~/web/booking-links.server'

export async function loader({ request, params }: LoaderFunctionArgs) {
  const now = new Date()
  const { registration } = await requireOwnBooking(request, params.id, now)
  // Signed in, the person manages their bookings from the list, not from a link.
  return invitationResponse(registration.id, `${getEnv().APP_URL}/my/bookings`, now)
}
