import { redirect, type ActionFunctionArgs } from '@remix-run/node'
import { newManageLink } from '~/models/registrations.server'
import { getDb } from '~/utils/db.server'
import { requireOwnBooking } from '~/web/booking-links.server'
import { readForm } from '~/web/forms.server'
import { redirectAfterPost } from '~/web/notices.server'

/** Opens the manage page of one of my bookings with a freshly minted link. */
export async function action({ request, params }: ActionFunctionArgs) {
  const now = new Date()
  const { registration } = await requireOwnBooking(request, params.id, now)
  // The body first: a request that is not a form is refused before a link is minted.
  // "Cancel" goes to the manage page's own confirmation step; nothing is cancelled here.
  const intent = (await readForm(request)).get('intent')
  const link = await newManageLink(getDb(), { registrationId: registration.id, now, appUrl: '' })
  return redirectAfterPost(intent === 'cancel' ? `${link}/cancel` : link)
}

export function loader() {
  return redirect('/my/bookings')
}
