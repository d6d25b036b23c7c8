import type { LoaderFunctionArgs } from '@remix-run/node'
import { requireRegistration } from '~/models/manage-link.server'
import { parseId } from '~/models/sessions.server'
import { worksheetDownload } from '~/utils/worksheet-download.server'

/** A participant's link from an e-mail or the manage page: no account needed. */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const { registration } = await requireRegistration(params.token)
  const worksheetId = parseId(params.id)
  if (!worksheetId) throw new Response('Not found', { status: 404 })
  return worksheetDownload(request, { worksheetId, requester: { kind: 'registration', registrationId: registration.id } })
}
