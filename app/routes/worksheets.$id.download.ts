import type { LoaderFunctionArgs } from '@remix-run/node'
import { parseId } from '~/models/sessions.server'
import { getUser } from '~/utils/auth.server'
import { worksheetDownload } from '~/utils/worksheet-download.server'

/** Public worksheets for anyone; the others for signed-in participants and organisers. */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const worksheetId = parseId(params.id)
  if (!worksheetId) throw new Response('Not found', { status: 404 })
  const user = await getUser(request)
  return worksheetDownload(request, { worksheetId, requester: user ? { kind: 'user', user } : { kind: 'anonymous' } })
}
