import type { SignedInUser } from '~/models/auth.server'
import { getManagedWorkshop } from '~/models/organiser-workshops.server'
import { getManagedSession } from '~/models/organiser-sessions.server'
import { parseId } from '~/utils/fields'
import { requireRole } from './user-session.server'
import { getDb } from '~/utils/db.server'

/** The organiser or admin making this request; everyone else is sent to sign in or refused. */
export function requireOrganiser(request: Request): Promise<SignedInUser> {
  return requireRole(request, ['admin', 'organiser'])
}

function refuse(kind: 'not_found' | 'forbidden'): never {
  throw new Response(kind === 'forbidden' ? 'Forbidden' : 'Not found', { status: kind === 'forbidden' ? 403 : 404 })
}

export async function requireManagedWorkshop(request: Request, idParam: string | undefined) {
  const user = await requireOrganiser(request)
  const workshopId = parseId(idParam)
  if (!workshopId) refuse('not_found')
  const found = await getManagedWorkshop(getDb(), { user, workshopId })
  if (found.kind !== 'ok') refuse(found.kind)
  return { user, ...found.value }
}

export async function requireManagedSession(request: Request, idParam: string | undefined) {
  const user = await requireOrganiser(request)
  const sessionId = parseId(idParam)
  if (!sessionId) refuse('not_found')
  const found = await getManagedSession(getDb(), { user, sessionId })
  if (found.kind !== 'ok') refuse(found.kind)
  return { user, session: found.value }
}
