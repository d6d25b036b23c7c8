import type { LoaderFunctionArgs } from '@remix-run/node'
import { manageUrl } from '~/models/registrations.server'
import { getEnv } from '~/utils/env.server'
import { invitationResponse, requireRegistration } from '~/web/booking-links.server'

export async function loader({ params }: LoaderFunctionArgs) {
  const now = new Date()
  const { token, registration } = await requireRegistration(params.token, now)
  return invitationResponse(registration.id, manageUrl(getEnv().APP_URL, token), now)
}
