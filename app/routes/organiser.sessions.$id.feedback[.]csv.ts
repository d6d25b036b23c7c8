import type { LoaderFunctionArgs } from '@remix-run/node'
import { feedbackExportResponse, sessionFileTitle } from '~/web/export-routes.server'
import { requireManagedSession } from '~/web/guards.server'

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { user, session } = await requireManagedSession(request, params.id)
  return feedbackExportResponse(request, {
    user,
    format: 'csv',
    scope: { sessionId: session.id },
    title: sessionFileTitle(session),
  })
}
