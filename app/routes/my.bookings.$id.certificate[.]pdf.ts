import type { LoaderFunctionArgs } from '@remix-run/node'
import { requireOwnBooking } from '~/web/booking-links.server'
import { certificateResponse } from '~/web/certificate-download.server'

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { registration } = await requireOwnBooking(request, params.id, new Date())
  return certificateResponse(registration.id, registration.locale)
}
