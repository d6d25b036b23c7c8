import type { LoaderFunctionArgs } from '@remix-run/node'
import { inviteResponse } from '~/models/manage-link.server'
import { findOwnRegistration } from '~/models/registrations.server'
import { parseId } from '~/utils/fields'
import { requireUser } from '~/web/user-session.server'
import { getDb } from '~/utils/db.server'
import { getEnv } from '~/utils/env.server'

export async function loader({ request, params }: LoaderFunctionArgs) {
  const now = new Date()
  const user = await requireUser(request)
  const id = parseId(params.id)
  const registration = id ? await findOwnRegistration(getDb(), { id, email: user.email, now }) : undefined
  if (!registration) throw new Response('Not found', { status: 404 })
  return inviteResponse(registration, `${getEnv().APP_URL}/my/bookings`, now)
}
