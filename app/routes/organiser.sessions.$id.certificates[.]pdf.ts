import type { LoaderFunctionArgs } from '@remix-run/node'
import { getLocale } from '~/i18n/locale.server'
import { recordAudit } from '~/models/audit.server'
import { sessionCertificatesPdf } from '~/models/documents.server'
import { exportFileName } from '~/web/file-response.server'
import { getDb } from '~/utils/db.server'
import { getEnv } from '~/utils/env.server'
import { fileResponse } from '~/web/file-response.server'
import { requireManagedSession } from '~/web/guards.server'

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { user, session } = await requireManagedSession(request, params.id)
  const pdf = await sessionCertificatesPdf(getDb(), {
    sessionId: session.id,
    locale: getLocale(request),
    appUrl: getEnv().APP_URL,
  })
  await recordAudit(getDb(), {
    actor: user,
    action: 'export.certificates',
    entityType: 'session',
    entityId: session.id,
    now: new Date(),
  })
  return fileResponse(pdf, {
    type: 'application/pdf',
    fileName: exportFileName(`Osvědčení – ${session.workshop_title}`, 'pdf'),
    inline: true,
  })
}
