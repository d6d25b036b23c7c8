import type { LoaderFunctionArgs } from '@remix-run/node'
import { feedbackExportResponse } from '~/web/export-routes.server'
import { requireManagedWorkshop } from '~/web/guards.server'

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { user, workshop } = await requireManagedWorkshop(request, params.id)
  return feedbackExportResponse(request, { user, format: 'xlsx', scope: { workshopId: workshop.id }, title: workshop.title })
}
