import { getLocale } from '~/i18n/locale.server'
import { recordAudit } from '~/models/audit.server'
import type { SignedInUser } from '~/models/auth.server'
import { exportRows, toCsv, toXlsx } from '~/models/exports.server'
import { exportFileName } from './file-response.server'
import { getDb } from '~/utils/db.server'
import { fileResponse } from './file-response.server'

/** A CSV or XLSX of registrations with attendance, recorded in the audit log. */
export async function exportResponse(
  request: Request,
  {
    user,
    scope,
    title,
    format,
  }: { user: SignedInUser; scope: { sessionId: number } | { workshopId: number }; title: string; format: 'csv' | 'xlsx' },
) {
  const locale = getLocale(request)
  const rows = await exportRows(getDb(), scope, locale)
  const entity =
    'sessionId' in scope
      ? { entityType: 'session', entityId: scope.sessionId }
      : { entityType: 'workshop', entityId: scope.workshopId }
  await recordAudit(getDb(), {
    actor: user,
    action: `export.${format}`,
    ...entity,
    details: { rows: rows.length },
    now: new Date(),
  })
  const fileName = exportFileName(title, format)
  return format === 'csv'
    ? fileResponse(toCsv(rows, locale), { type: 'text/csv; charset=utf-8', fileName })
    : fileResponse(await toXlsx(rows, locale, title), {
        type: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
        fileName,
      })
}
