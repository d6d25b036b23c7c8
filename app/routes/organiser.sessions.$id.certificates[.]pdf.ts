import type { LoaderFunctionArgs } from '@remix-run/node'
import { getLocale } from '~/i18n/locale.server'
import { printSessionCertificates } from '~/models/documents.server'
import { getDb } from '~/utils/db.server'
import { getEnv } from '~/utils/env.server'
import { pdfResponse } from '~/web/export-routes.server'
import { requireManagedSession } from '~/web/guards.server'

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { user, session } = await requireManagedSession(request, params.id)
  const pdf = await printSessionCertificates(getDb(), {
    sessionId: session.id,
    locale: getLocale(request),
    appUrl: getEnv().APP_URL,
    user,
    now: new Date(),
  })
  return pdfResponse(pdf, `Osvědčení – ${session.workshopTitle}`)
}
