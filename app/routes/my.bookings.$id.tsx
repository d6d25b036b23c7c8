import { redirect, type ActionFunctionArgs } from '@remix-run/node'
import { findOwnRegistration, newManageLink } from '~/models/registrations.server'
import { parseId } from '~/models/sessions.server'
import { requireUser } from '~/utils/auth.server'
import { getDb } from '~/utils/db.server'
import { readFormData } from '~/utils/form.server'

/** Opens the manage page of one of my bookings with a freshly minted link. */
export async function action({ request, params }: ActionFunctionArgs) {
  const user = await requireUser(request)
  const id = parseId(params.id)
  // Someone else's booking answers exactly like a missing one.
  const registration = id ? await findOwnRegistration(getDb(), { id, email: user.email, now: new Date() }) : undefined
  if (!id || !registration) throw new Response('Not found', { status: 404 })
  // The body first: a request that is not a form is refused before a link is minted.
  // "Cancel" goes to the manage page's own confirmation step; nothing is cancelled here.
  const intent = (await readFormData(request)).get('intent')
  const link = await newManageLink(getDb(), { registrationId: id, now: new Date(), appUrl: '' })
  return redirect(intent === 'cancel' ? `${link}/cancel` : link, 303)
}

export function loader() {
  return redirect('/my/bookings')
}
