import type { SignedInUser } from '~/models/auth.server'
import { findManagedSession } from '~/models/organiser-sessions.server'
import { getManagedWorkshop } from '~/models/organiser-workshops.server'
import { getDb } from '~/utils/db.server'
import { parseId } from '~/utils/fields.server'
import { orRefuse, refuse } from './refusals.server'
import { requireRole } from './user-session.server'

/** The organiser or admin making this request; everyone else is sent to sign in or refused. */
export function requireOrganiser(request: Request): Promise<SignedInUser> {
  return requireRole(request, ['admin', 'organiser'])
}

/** The organiser, and the record the URL names: an id that is not one names nothing (404). */
async function organiserAndId(request: Request, idParam: string | undefined) {
  const user = await requireOrganiser(request)
  return { user, id: parseId(idParam) ?? refuse('not_found') }
}

export async function requireManagedWorkshop(request: Request, idParam: string | undefined) {
  const { user, id } = await organiserAndId(request, idParam)
  const found = orRefuse(await getManagedWorkshop(getDb(), { user, workshopId: id }))
  return { user, ...found.value }
}

/** The session as every organiser page of a session shows it (managedSessionView). */
export async function requireManagedSession(request: Request, idParam: string | undefined) {
  const { user, id } = await organiserAndId(request, idParam)
  const found = orRefuse(await findManagedSession(getDb(), { user, sessionId: id }))
  return { user, session: found.value }
}
