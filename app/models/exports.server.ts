import { stringify } from 'csv-stringify/sync'
import { translator } from '~/i18n/intl'
import type { Locale } from '~/i18n/locales'
import type { Db } from '~/utils/db.server'
import { formatDateTime } from '~/utils/dates'
import { compareCzechNames } from './attendance.server'
import { recordAudit } from './audit.server'
import type { SignedInUser } from './auth.server'

export type ExportScope = { sessionId: number } | { workshopId: number }
export type ExportFormat = 'csv' | 'xlsx'

export type ExportRow = {
  session: string
  fullName: string
  email: string
  organisation: string
  participantType: string
  schoolLevel: string
  status: string
  attendance: string
  walkIn: string
  bookedAt: string
}

/** Registrations with attendance, of one session or of every session of a workshop. */
export async function exportRows(db: Db, scope: ExportScope, locale: Locale): Promise<ExportRow[]> {
  const t = translator(locale)
  let query = db
    .selectFrom('registrations')
    .innerJoin('sessions', 'sessions.id', 'registrations.session_id')
    .select([
      'sessions.starts_at',
      'sessions.ends_at',
      'registrations.full_name',
      'registrations.email',
      'registrations.organisation',
      'registrations.participant_type',
      'registrations.school_level',
      'registrations.status',
      'registrations.attendance',
      'registrations.walk_in',
      'registrations.created_at',
    ])
  query =
    'sessionId' in scope
      ? query.where('sessions.id', '=', scope.sessionId)
      : query.where('sessions.workshop_id', '=', scope.workshopId)
  const rows = await query.orderBy('sessions.starts_at').execute()
  return rows
    .sort((a, b) =>
      a.starts_at === b.starts_at ? compareCzechNames(a.full_name, b.full_name) : a.starts_at < b.starts_at ? -1 : 1,
    )
    .map((r) => ({
      session: formatDateTime(r.starts_at, locale),
      fullName: r.full_name || t('person.anonymised'),
      email: r.email,
      organisation: r.organisation ?? '',
      participantType: r.participant_type ? t(`booking.fields.participantType.${r.participant_type}`) : '',
      schoolLevel: r.school_level ? t(`booking.fields.schoolLevel.${r.school_level}`) : '',
      status: t(`my.status.${r.status}`),
      attendance: r.attendance ? t(`attendance.${r.attendance}`) : '',
      walkIn: r.walk_in === 1 ? t('export.yes') : '',
      bookedAt: formatDateTime(r.created_at, locale),
    }))
}

/** The rows an organiser downloads, with the download in the audit log. */
export async function exportRegistrations(
  db: Db,
  {
    scope,
    format,
    locale,
    user,
    now,
  }: { scope: ExportScope; format: ExportFormat; locale: Locale; user: SignedInUser; now: Date },
): Promise<ExportRow[]> {
  const rows = await exportRows(db, scope, locale)
  const entity =
    'sessionId' in scope
      ? { entityType: 'session', entityId: scope.sessionId }
      : { entityType: 'workshop', entityId: scope.workshopId }
  await recordAudit(db, { actor: user, action: `export.${format}`, ...entity, details: { rows: rows.length }, now })
  return rows
}

function headers(locale: Locale): Record<keyof ExportRow, string> {
  const t = translator(locale)
  return {
    session: t('export.col.session'),
    fullName: t('export.col.name'),
    email: t('export.col.email'),
    organisation: t('export.col.organisation'),
    participantType: t('export.col.type'),
    schoolLevel: t('export.col.schoolLevel'),
    status: t('export.col.status'),
    attendance: t('export.col.attendance'),
    walkIn: t('export.col.walkIn'),
    bookedAt: t('export.col.bookedAt'),
  }
}

/**
 * CSV as Czech Excel opens it: a UTF-8 byte-order mark (or diacritics break), semicolons
 * (the comma is the decimal separator there), CRLF line ends, every value quoted when needed.
 */
export function toCsv(rows: ExportRow[], locale: Locale): Buffer {
  return csvTable(headers(locale), rows)
}

/** Any table as Czech Excel opens it; `columns` maps each key to its header. */
export function csvTable<K extends string>(columns: Record<K, string>, rows: Record<K, string | number>[]): Buffer {
  const text = stringify(rows.map(neutraliseFormulas), {
    header: true,
    columns: Object.entries<string>(columns).map(([key, header]) => ({ key, header })),
    delimiter: ';',
    record_delimiter: 'windows',
    bom: true,
  })
  return Buffer.from(text, 'utf8')
}

/** XLSX avoids the CSV questions altogether: typed cells, a frozen header row, filters. */
export async function toXlsx(rows: ExportRow[], locale: Locale, sheetName: string): Promise<Buffer> {
  return xlsxTable(headers(locale), rows, sheetName)
}

/** Any table as one XLSX sheet; numbers stay numbers. */
export async function xlsxTable<K extends string>(
  columns: Record<K, string>,
  rows: Record<K, string | number>[],
  sheetName: string,
): Promise<Buffer> {
  // Loaded on first use: exceljs costs half a second and ~25 MB at start-up otherwise.
  const { default: ExcelJS } = await import('exceljs')
  const workbook = new ExcelJS.Workbook()
  workbook.creator = 'Workshopy'
  const sheet = workbook.addWorksheet(sheetName.replace(/[\\/?*[\]:]/g, ' ').slice(0, 31) || 'Export', {
    views: [{ state: 'frozen', ySplit: 1 }],
  })
  sheet.columns = Object.entries<string>(columns).map(([key, header]) => ({
    key,
    header,
    width: Math.max(12, header.length + 4),
  }))
  sheet.getRow(1).font = { bold: true }
  sheet.addRows(rows)
  sheet.autoFilter = { from: { row: 1, column: 1 }, to: { row: 1, column: sheet.columns.length } }
  return Buffer.from(await workbook.xlsx.writeBuffer())
}

/**
 * A value starting with = + - @ (or a tab/CR) is a formula to Excel: a name like
 * "=HYPERLINK(…)" typed into the booking form must not run when an organiser opens the CSV.
 * OWASP's advice: prefix such values with an apostrophe. (XLSX cells are typed text already.)
 */
function neutraliseFormulas<R extends Record<string, string | number>>(row: R): R {
  return Object.fromEntries(
    Object.entries(row).map(([key, value]) => [
      key,
      typeof value === 'string' && /^[=+\-@\t\r]/.test(value) ? `'${value}` : value,
    ]),
  ) as R
}
