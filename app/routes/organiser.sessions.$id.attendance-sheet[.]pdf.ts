import type { LoaderFunctionArgs } from '@remix-run/node'
import { getLocale } from '~/i18n/locale.server'
import { printAttendanceSheet } from '~/models/documents.server'
import { getDb } from '~/utils/db.server'
import { pdfResponse } from '~/web/export-routes.server'
import { requireManagedSession } from '~/web/guards.server'

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { user, session } = await requireManagedSession(request, params.id)
  const { pdf, title } = await printAttendanceSheet(getDb(), {
    sessionId: session.id,
    locale: getLocale(request),
    user,
    now: new Date(),
  })
  return pdfResponse(pdf, `Prezenční listina – ${title}`)
}
