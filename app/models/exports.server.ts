import { stringify } from 'csv-stringify/sync'
import { translator } from '~/i18n/intl'
import type { Locale } from '~/i18n/locales'
import type { Db } from '~/utils/db.server'
import { formatDateTime, pragueIsoSeconds, pragueWallClock } from '~/utils/dates'
import { compareCzechNames } from './attendance.server'
import { recordAudit } from './audit.server'
import type { SignedInUser } from './auth.server'

export type ExportScope = { sessionId: number } | { workshopId: number }
export type ExportFormat = 'csv' | 'xlsx'

export type ExportRow = {
  /** When the session starts (ISO instant): a date cell in XLSX, text and ISO 8601 in CSV. */
  session: string
  fullName: string
  email: string
  organisation: string
  participantType: string
  schoolLevel: string
  status: string
  attendance: string
  walkIn: string
  /** When the booking was made (ISO instant). */
  bookedAt: string
  /** What the person wrote when booking, often accessibility needs the organiser must see. */
  note: string
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
      'registrations.note',
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
      session: r.starts_at,
      fullName: r.full_name || t('person.anonymised'),
      email: r.email,
      organisation: r.organisation ?? '',
      participantType: r.participant_type ? t(`booking.fields.participantType.${r.participant_type}`) : '',
      schoolLevel: r.school_level ? t(`booking.fields.schoolLevel.${r.school_level}`) : '',
      status: t(`my.status.${r.status}`),
      attendance: r.attendance ? t(`attendance.${r.attendance}`) : '',
      walkIn: r.walk_in === 1 ? t('export.yes') : '',
      bookedAt: r.created_at,
      note: r.note ?? '',
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

function headers(locale: Locale): TableColumns<keyof ExportRow> {
  const t = translator(locale)
  return {
    session: { header: t('export.col.session'), kind: 'instant' },
    fullName: t('export.col.name'),
    email: t('export.col.email'),
    organisation: t('export.col.organisation'),
    participantType: t('export.col.type'),
    schoolLevel: t('export.col.schoolLevel'),
    status: t('export.col.status'),
    attendance: t('export.col.attendance'),
    walkIn: t('export.col.walkIn'),
    bookedAt: { header: t('export.col.bookedAt'), kind: 'instant' },
    note: { header: t('export.col.note'), kind: 'long' },
  }
}

/**
 * A column's header, and how its values are written: text by default; an instant (an ISO
 * string, or null) becomes a date cell in XLSX and, in CSV, the date as Czech people write it
 * beside ISO 8601 with Prague's offset (text for people, ISO for programs that read the file);
 * long text gets a wide, wrapping column in XLSX.
 */
export type TableColumn = string | { header: string; kind: 'instant' | 'long' }
export type TableColumns<K extends string> = Record<K, TableColumn>
type TableValue = string | number | null

const header = (column: TableColumn) => (typeof column === 'string' ? column : column.header)
const kindOf = (column: TableColumn) => (typeof column === 'string' ? 'text' : column.kind)

/**
 * CSV as Czech Excel opens it: a UTF-8 byte-order mark (or diacritics break), semicolons
 * (the comma is the decimal separator there), CRLF line ends, every value quoted when needed.
 */
export function toCsv(rows: ExportRow[], locale: Locale): Buffer {
  return csvTable(headers(locale), rows, locale)
}

/** Any table as Czech Excel opens it; `columns` maps each key to its header (an instant column becomes two). */
export function csvTable<K extends string>(
  columns: TableColumns<K>,
  rows: Record<K, TableValue>[],
  locale: Locale = 'cs',
): Buffer {
  const t = translator(locale)
  const out: { key: string; header: string; value: (row: Record<K, TableValue>) => string | number }[] = []
  for (const [key, column] of Object.entries<TableColumn>(columns)) {
    const read = (row: Record<K, TableValue>) => row[key as K]
    if (kindOf(column) === 'instant') {
      const instant = (row: Record<K, TableValue>) => {
        const value = read(row)
        return typeof value === 'string' && value ? value : null
      }
      out.push({ key, header: header(column), value: (row) => formatInstant(instant(row), (iso) => formatDateTime(iso, locale)) })
      out.push({
        key: `${key}Iso`,
        header: t('export.col.iso', { column: header(column) }),
        value: (row) => formatInstant(instant(row), pragueIsoSeconds),
      })
    } else out.push({ key, header: header(column), value: (row) => read(row) ?? '' })
  }
  const records = rows.map((row) => Object.fromEntries(out.map((c) => [c.key, c.value(row)])))
  const text = stringify(records.map(neutraliseFormulas), {
    header: true,
    columns: out.map(({ key, header }) => ({ key, header })),
    delimiter: ';',
    record_delimiter: 'windows',
    bom: true,
  })
  return Buffer.from(text, 'utf8')
}

const formatInstant = (iso: string | null, format: (iso: string) => string) => (iso ? format(iso) : '')

/** XLSX avoids the CSV questions altogether: typed cells, a frozen header row, filters. */
export async function toXlsx(rows: ExportRow[], locale: Locale, sheetName: string): Promise<Buffer> {
  return xlsxTable(headers(locale), rows, sheetName, locale)
}

/**
 * How date cells read: "23. 11. 2026 9:00" the Czech way. A number format is a pattern the
 * spreadsheet applies, not text, so sorting and filtering by date work.
 */
export const XLSX_DATE_FORMAT: Record<Locale, string> = { cs: 'd. m. yyyy h:mm', en: 'd mmm yyyy h:mm' }

/** Any table as one XLSX sheet; numbers stay numbers, instants become date cells in Prague time. */
export async function xlsxTable<K extends string>(
  columns: TableColumns<K>,
  rows: Record<K, TableValue>[],
  sheetName: string,
  locale: Locale = 'cs',
): Promise<Buffer> {
  // Loaded on first use: exceljs costs half a second and ~25 MB at start-up otherwise.
  const { default: ExcelJS } = await import('exceljs')
  const workbook = new ExcelJS.Workbook()
  workbook.creator = 'Workshopy'
  const sheet = workbook.addWorksheet(sheetName.replace(/[\\/?*[\]:]/g, ' ').slice(0, 31) || 'Export', {
    views: [{ state: 'frozen', ySplit: 1 }],
  })
  const entries = Object.entries<TableColumn>(columns)
  sheet.columns = entries.map(([key, column]) => ({
    key,
    header: header(column),
    width: kindOf(column) === 'long' ? 50 : Math.max(kindOf(column) === 'instant' ? 18 : 12, header(column).length + 4),
  }))
  sheet.getRow(1).font = { bold: true }
  sheet.addRows(
    rows.map((row) =>
      Object.fromEntries(
        entries.map(([key, column]) => {
          const value = row[key as K]
          // A Date whose UTC fields are Prague's wall clock: Excel stores no zone and shows it as is.
          if (kindOf(column) === 'instant') return [key, typeof value === 'string' && value ? pragueWallClock(value) : null]
          return [key, value ?? '']
        }),
      ),
    ),
  )
  entries.forEach(([key, column]) => {
    const kind = kindOf(column)
    if (kind === 'text') return
    sheet.getColumn(key).eachCell((cell, rowNumber) => {
      if (rowNumber === 1) return
      if (kind === 'instant') cell.numFmt = XLSX_DATE_FORMAT[locale]
      else cell.alignment = { wrapText: true, vertical: 'top' }
    })
  })
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
