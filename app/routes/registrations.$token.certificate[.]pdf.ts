import type { LoaderFunctionArgs } from '@remix-run/node'
import { requireRegistration } from '~/web/booking-links.server'
import { certificateResponse } from '~/web/certificate-download.server'

export async function loader({ params }: LoaderFunctionArgs) {
  const { registration } = await requireRegistration(params.token, new Date())
  return certificateResponse(registration.id, registration.locale)
}
