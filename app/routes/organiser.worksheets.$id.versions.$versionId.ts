import type { LoaderFunctionArgs } from '@remix-run/node'
import { parseId } from '~/models/sessions.server'
import { worksheetDownload } from '~/utils/worksheet-download.server'
import { requireOrganiser } from '~/utils/organiser-guards.server'

export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requireOrganiser(request)
  const worksheetId = parseId(params.id)
  const versionId = parseId(params.versionId)
  if (!worksheetId || !versionId) throw new Response('Not found', { status: 404 })
  return worksheetDownload(request, { worksheetId, versionId, requester: { kind: 'user', user } })
}
