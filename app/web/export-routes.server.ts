import type { LoaderFunctionArgs } from '@remix-run/node'
import { translator } from '~/i18n/intl'
import { getLocale } from '~/i18n/locale.server'
import type { SignedInUser } from '~/models/auth.server'
import { csvTable, exportRegistrations, toCsv, toXlsx, xlsxTable, type ExportFormat } from '~/models/exports.server'
import { exportFeedback, type FeedbackScope } from '~/models/feedback.server'
import type { ManagedSession } from '~/models/organiser-sessions.server'
import { formatDateTime } from '~/utils/dates'
import { getDb } from '~/utils/db.server'
import { exportFileName, fileResponse } from './file-response.server'
import { requireManagedSession, requireManagedWorkshop } from './guards.server'

type Subject = { session: ManagedSession } | { workshop: { id: number; title: string } }

/** A CSV or XLSX of the registrations, with attendance, of one session or of a whole workshop. */
export async function exportResponse(
  request: Request,
  { user, format, ...subject }: { user: SignedInUser; format: ExportFormat } & Subject,
) {
  const locale = getLocale(request)
  const { scope, title } =
    'session' in subject
      ? {
          scope: { sessionId: subject.session.id },
          title: sessionFileTitle(subject.session),
        }
      : { scope: { workshopId: subject.workshop.id }, title: subject.workshop.title }
  const rows = await exportRegistrations(getDb(), { scope, format, locale, user, now: new Date() })
  const fileName = exportFileName(title, format)
  return format === 'csv'
    ? fileResponse(toCsv(rows, locale), { type: 'text/csv; charset=utf-8', fileName })
    : fileResponse(await toXlsx(rows, locale, title), {
        type: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
        fileName,
      })
}

/** A PDF shown in the browser's viewer, to print or save. */
export function pdfResponse(pdf: Buffer, title: string) {
  return fileResponse(pdf, { type: 'application/pdf', fileName: exportFileName(title, 'pdf'), inline: true })
}

/** The feedback answers of a session or a workshop, without names, as CSV or XLSX. */
export async function feedbackExportResponse(
  request: Request,
  { user, format, scope, title }: { user: SignedInUser; format: ExportFormat; scope: FeedbackScope; title: string },
) {
  const locale = getLocale(request)
  const { columns, rows } = await exportFeedback(getDb(), { scope, locale, user, format, now: new Date() })
  const fileName = exportFileName(`${title} – ${translator(locale)('fb.title')}`, format)
  return format === 'csv'
    ? fileResponse(csvTable(columns, rows, locale), { type: 'text/csv; charset=utf-8', fileName })
    : fileResponse(await xlsxTable(columns, rows, title, locale), {
        type: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
        fileName,
      })
}

/** A session's title in file names: 14.00 rather than 14:00, as a file name may not hold a colon. */
export function sessionFileTitle(session: ManagedSession) {
  return `${session.workshopTitle} – ${formatDateTime(session.startsAt, 'cs').replace(/:/g, '.')}`
}

/** The loader of a feedback download: a session's (`session`) or a workshop's answers. */
export function feedbackExportLoader(of: 'session' | 'workshop', format: ExportFormat) {
  return async ({ request, params }: LoaderFunctionArgs) => {
    if (of === 'session') {
      const { user, session } = await requireManagedSession(request, params.id)
      return feedbackExportResponse(request, { user, format, scope: { sessionId: session.id }, title: sessionFileTitle(session) })
    }
    const { user, workshop } = await requireManagedWorkshop(request, params.id)
    return feedbackExportResponse(request, { user, format, scope: { workshopId: workshop.id }, title: workshop.title })
  }
}
