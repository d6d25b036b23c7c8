import { translator } from '~/i18n/intl'
import type { Locale } from '~/i18n/locales'
import type { Db } from '~/utils/db.server'
import { safeFileName } from '~/utils/file-names'
import { recordAudit } from './audit.server'
import type { SignedInUser } from './auth.server'
import { renderAttendanceSheet } from '~/utils/pdf/attendance-sheet.server'
import { drawCertificate, renderCertificate } from '~/utils/pdf/certificate.server'
import { finish, newDocument } from '~/utils/pdf/document.server'
import { certificateUrl, compareCzechNames, findValidCertificate, type CertificateData } from './attendance.server'

/** The attendance sheet of a session: everyone holding a seat, in Czech alphabetical order. */
export async function attendanceSheetPdf(db: Db, { sessionId, locale }: { sessionId: number; locale: Locale }) {
  const session = await db
    .selectFrom('sessions')
    .innerJoin('workshops', 'workshops.id', 'sessions.workshop_id')
    .innerJoin('organisers', 'organisers.id', 'workshops.organiser_id')
    .select([
      'sessions.starts_at',
      'sessions.ends_at',
      'sessions.venue_name',
      'sessions.room',
      'sessions.address',
      'sessions.online_url',
      'sessions.lecturer',
      'workshops.title',
      'workshops.length_hours',
      'workshops.accreditation_ref',
      'organisers.name as organiser',
    ])
    .where('sessions.id', '=', sessionId)
    .executeTakeFirstOrThrow()
  // Notes from the booking are left off: the sheet goes round the room for signatures, and a
  // note often tells of someone's health or disability. Organisers read them on the roster.
  const people = await db
    .selectFrom('registrations')
    .select(['full_name', 'organisation'])
    .where('session_id', '=', sessionId)
    .where('status', '=', 'confirmed')
    .execute()
  people.sort((a, b) => compareCzechNames(a.full_name, b.full_name))
  const pdf = await renderAttendanceSheet(
    {
      workshopTitle: session.title,
      startsAt: session.starts_at,
      endsAt: session.ends_at,
      place: [session.venue_name, session.room, session.address].filter(Boolean).join(', ') || session.online_url || '',
      lecturer: session.lecturer,
      organiserName: session.organiser,
      lengthHours: session.length_hours,
      accreditationRef: session.accreditation_ref,
      people: people.map((p) => ({ fullName: p.full_name, organisation: p.organisation })),
      blankRows: 5,
    },
    locale,
  )
  return { pdf, title: session.title, rows: people.length }
}

type Printing = { sessionId: number; locale: Locale; user: SignedInUser; now: Date }

/** The attendance sheet as an organiser prints it: every print is in the audit log. */
export async function printAttendanceSheet(db: Db, { user, now, ...sheet }: Printing) {
  const printed = await attendanceSheetPdf(db, sheet)
  await recordAudit(db, {
    actor: user,
    action: 'export.attendance-sheet',
    entityType: 'session',
    entityId: sheet.sessionId,
    details: { rows: printed.rows },
    now,
  })
  return printed
}

/** A session's certificates as an organiser prints them: every print is in the audit log. */
export async function printSessionCertificates(db: Db, { user, now, sessionId, locale, appUrl }: Printing & { appUrl: string }) {
  const certificates = await validSessionCertificates(db, sessionId)
  const pdf = await renderCertificates(certificates, { locale, appUrl })
  await recordAudit(db, {
    actor: user,
    action: 'export.certificates',
    entityType: 'session',
    entityId: sessionId,
    details: { rows: certificates.length },
    now,
  })
  return pdf
}

/** Every valid certificate of a session in one PDF, one page each, for printing. */
export async function sessionCertificatesPdf(
  db: Db,
  { sessionId, locale, appUrl }: { sessionId: number; locale: Locale; appUrl: string },
) {
  return renderCertificates(await validSessionCertificates(db, sessionId), { locale, appUrl })
}

/** A session's certificates that stand, in Czech alphabetical order of their holders. */
async function validSessionCertificates(db: Db, sessionId: number): Promise<CertificateData[]> {
  const ids = await db
    .selectFrom('certificates')
    .innerJoin('registrations', 'registrations.id', 'certificates.registration_id')
    .select('registrations.id')
    .where('registrations.session_id', '=', sessionId)
    .where('certificates.revoked_at', 'is', null)
    .execute()
  const certificates: CertificateData[] = []
  for (const { id } of ids) {
    const certificate = await findValidCertificate(db, { registrationId: id })
    if (certificate) certificates.push(certificate)
  }
  certificates.sort((a, b) => compareCzechNames(a.fullName, b.fullName))
  return certificates
}

/** Many certificates share one document, so the embedded font is read and subset once. */
export async function renderCertificates(
  certificates: CertificateData[],
  { locale, appUrl }: { locale: Locale; appUrl: string },
) {
  const doc = await newDocument({ title: certificates[0]?.workshopTitle ?? 'Osvědčení', margin: 60 })
  certificates.forEach((certificate, i) => {
    if (i > 0) doc.addPage()
    drawCertificate(doc, certificate, certificateUrl(appUrl, certificate.code), locale)
  })
  return finish(doc)
}

/**
 * One person's certificate as a PDF with its file name, for the download and for the e-mail
 * that attaches it; none unless it stands (issued, not revoked, its holder still attended).
 */
export async function certificateDocument(
  db: Db,
  query: { code: string } | { registrationId: number },
  { locale, verifyUrl }: { locale: Locale; verifyUrl: (code: string) => string },
): Promise<{ pdf: Buffer; fileName: string } | undefined> {
  const certificate = await findValidCertificate(db, query)
  if (!certificate) return undefined
  const pdf = await renderCertificate(certificate, verifyUrl(certificate.code), locale)
  const name = translator(locale)('certificate.fileName', { name: certificate.fullName, workshop: certificate.workshopTitle })
  return { pdf, fileName: safeFileName(name, 'pdf') }
}
