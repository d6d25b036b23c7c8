import type { LoaderFunctionArgs } from '@remix-run/node'
import { formatDateTime } from '~/utils/dates'
import { exportResponse } from '~/web/export-routes.server'
import { requireManagedSession } from '~/web/guards.server'

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { user, session } = await requireManagedSession(request, params.id)
  const title = `${session.workshop_title} – ${formatDateTime(session.starts_at, 'cs').replace(/:/g, '.')}`
  return exportResponse(request, { user, scope: { sessionId: session.id }, title, format: 'xlsx' })
}
