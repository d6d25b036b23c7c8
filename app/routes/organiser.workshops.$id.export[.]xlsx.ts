import type { LoaderFunctionArgs } from '@remix-run/node'
import { exportResponse } from '~/web/export-routes.server'
import { requireManagedWorkshop } from '~/web/guards.server'

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { user, workshop } = await requireManagedWorkshop(request, params.id)
  return exportResponse(request, { user, workshop, format: 'xlsx' })
}
