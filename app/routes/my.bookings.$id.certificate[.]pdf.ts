import type { LoaderFunctionArgs } from '@remix-run/node'
import { findOwnRegistration } from '~/models/registrations.server'
import { parseId } from '~/utils/fields'
import { requireUser } from '~/web/user-session.server'
import { certificateResponse } from '~/web/certificate-download.server'
import { getDb } from '~/utils/db.server'

export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requireUser(request)
  const id = parseId(params.id)
  const registration = id ? await findOwnRegistration(getDb(), { id, email: user.email, now: new Date() }) : undefined
  if (!registration) throw new Response('Not found', { status: 404 })
  return certificateResponse(registration.id, registration.locale)
}
