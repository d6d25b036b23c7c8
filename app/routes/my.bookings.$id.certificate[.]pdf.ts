import type { LoaderFunctionArgs } from '@remix-run/node'
import { findOwnRegistration } from '~/models/registrations.server'
import { parseId } from '~/models/sessions.server'
import { requireUser } from '~/utils/auth.server'
import { certificateResponse } from '~/utils/certificate-download.server'
import { getDb } from '~/utils/db.server'

export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requireUser(request)
  const id = parseId(params.id)
  const registration = id ? await findOwnRegistration(getDb(), { id, email: user.email, now: new Date() }) : undefined
  if (!registration) throw new Response('Not found', { status: 404 })
  return certificateResponse(registration.id, registration.locale)
}
