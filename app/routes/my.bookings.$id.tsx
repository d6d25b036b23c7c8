import { redirect, type ActionFunctionArgs } from '@remix-run/node'
import { findOwnRegistration, newManageLink } from '~/models/registrations.server'
import { parseId } from '~/utils/fields'
import { requireUser } from '~/web/user-session.server'
import { getDb } from '~/utils/db.server'
import { readForm } from '~/web/forms.server'

/** Opens the manage page of one of my bookings with a freshly minted link. */
export async function action({ request, params }: ActionFunctionArgs) {
  const user = await requireUser(request)
  const id = parseId(params.id)
  // Someone else's booking answers exactly like a missing one.
  const registration = id ? await findOwnRegistration(getDb(), { id, email: user.email, now: new Date() }) : undefined
  if (!id || !registration) throw new Response('Not found', { status: 404 })
  // The body first: a request that is not a form is refused before a link is minted.
  // "Cancel" goes to the manage page's own confirmation step; nothing is cancelled here.
  const intent = (await readForm(request)).get('intent')
  const link = await newManageLink(getDb(), { registrationId: id, now: new Date(), appUrl: '' })
  return redirect(intent === 'cancel' ? `${link}/cancel` : link, 303)
}

export function loader() {
  return redirect('/my/bookings')
}
