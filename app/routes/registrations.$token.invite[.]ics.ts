import type { LoaderFunctionArgs } from '@remix-run/node'
import { inviteResponse, requireRegistration } from '~/models/manage-link.server'
import { manageUrl } from '~/models/registrations.server'
import { getEnv } from '~/utils/env.server'

export async function loader({ params }: LoaderFunctionArgs) {
  const now = new Date()
  const { token, registration } = await requireRegistration(params.token, now)
  return inviteResponse(registration, manageUrl(getEnv().APP_URL, token), now)
}
