import type { LoaderFunctionArgs } from '@remix-run/node'
import { exportResponse } from '~/web/export-routes.server'
import { requireManagedSession } from '~/web/guards.server'

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { user, session } = await requireManagedSession(request, params.id)
  return exportResponse(request, { user, session, format: 'csv' })
}
