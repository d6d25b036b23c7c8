import type { LoaderFunctionArgs } from '@remix-run/node'
import { getLocale } from '~/i18n/locale.server'
import { recordAudit } from '~/models/audit.server'
import { attendanceSheetPdf } from '~/models/documents.server'
import { exportFileName } from '~/web/file-response.server'
import { getDb } from '~/utils/db.server'
import { fileResponse } from '~/web/file-response.server'
import { requireManagedSession } from '~/web/guards.server'

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { user, session } = await requireManagedSession(request, params.id)
  const { pdf, title } = await attendanceSheetPdf(getDb(), { sessionId: session.id, locale: getLocale(request) })
  await recordAudit(getDb(), {
    actor: user,
    action: 'export.attendance-sheet',
    entityType: 'session',
    entityId: session.id,
    now: new Date(),
  })
  return fileResponse(pdf, {
    type: 'application/pdf',
    fileName: exportFileName(`Prezenční listina – ${title}`, 'pdf'),
    inline: true,
  })
}
