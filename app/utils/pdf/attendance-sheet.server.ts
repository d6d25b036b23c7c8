import { translator } from '~/i18n/intl'
import type { Locale } from '~/i18n/locales'
import { formatTimeRange } from '../dates'
import { finish, newDocument, type Pdf } from './document.server'

export type AttendanceSheetInput = {
  workshopTitle: string
  startsAt: string
  endsAt: string
  place: string
  lecturer: string | null
  organiserName: string
  lengthHours: number
  accreditationRef: string | null
  /** In the order they are printed (Czech alphabetical by surname). */
  people: { fullName: string; organisation: string | null }[]
  /** Empty rows at the end for people who come without booking. */
  blankRows?: number
}

const COLUMNS = [
  { key: 'number', width: 32 },
  { key: 'name', width: 175 },
  { key: 'organisation', width: 165 },
  { key: 'signature', width: 143 },
] as const
/** The least height of a row: room enough to sign in. */
const ROW_HEIGHT = 30
const HEADER_HEIGHT = 22
const FONT_SIZE = 10
const PADDING_X = 4
const PADDING_Y = 6

/**
 * Prezenční listina: the paper sheet accredited trainings need, one row per person with an
 * empty signature column. The header row repeats on every page; pages are numbered.
 */
export async function renderAttendanceSheet(input: AttendanceSheetInput, locale: Locale = 'cs'): Promise<Buffer> {
  const t = translator(locale)
  const doc = await newDocument({ title: `${t('sheet.title')}: ${input.workshopTitle}` })
  const left = doc.page.margins.left

  doc.font('bold').fontSize(18).text(t('sheet.title'))
  doc.moveDown(0.2).fontSize(13).text(input.workshopTitle)
  doc.moveDown(0.4).font('regular').fontSize(10)
  const facts: [string, string][] = [
    [t('sheet.when'), formatTimeRange(input.startsAt, input.endsAt, locale)],
    [t('sheet.where'), input.place],
    [t('sheet.lecturer'), input.lecturer ?? ''],
    [t('sheet.organiser'), input.organiserName],
    [t('sheet.length'), t('hours', { hours: input.lengthHours })],
  ]
  if (input.accreditationRef) facts.push([t('sheet.accreditation'), input.accreditationRef])
  for (const [label, value] of facts) {
    doc
      .font('bold')
      .text(`${label}: `, { continued: true })
      .font('regular')
      .text(value || '……………………………………')
  }
  doc.moveDown(0.8)

  const header = () => drawHeader(doc, left, t)
  header()
  const rows = [...input.people, ...Array.from({ length: input.blankRows ?? 0 }, () => ({ fullName: '', organisation: null }))]
  rows.forEach((person, index) => {
    const cells = [String(index + 1), person.fullName, person.organisation ?? '', '']
    // Long names and organisations ("Obecní úřad Bílý Kostel nad Nisou, odbor …") wrap inside
    // their cell and the row grows with them: a sheet must never cut off who signed it.
    doc.font('regular').fontSize(FONT_SIZE)
    const heights = COLUMNS.map((column, i) =>
      cells[i] ? doc.heightOfString(cells[i]!, { width: column.width - 2 * PADDING_X }) : 0,
    )
    const rowHeight = Math.max(ROW_HEIGHT, Math.ceil(Math.max(...heights) + 2 * PADDING_Y))
    // The page number sits in the bottom margin; 10 points keep the table clear of it.
    if (doc.y + rowHeight > doc.page.height - doc.page.margins.bottom - 10) {
      doc.addPage()
      header()
    }
    const y = doc.y
    let x = left
    COLUMNS.forEach((column, i) => {
      doc.rect(x, y, column.width, rowHeight).stroke('#555555')
      // Centred in the row, so a number beside a name of three lines stays level with it.
      doc
        .fillColor('#000000')
        .text(cells[i]!, x + PADDING_X, y + (rowHeight - heights[i]!) / 2, { width: column.width - 2 * PADDING_X })
      x += column.width
    })
    doc.x = left
    doc.y = y + rowHeight
  })

  const pages = doc.bufferedPageRange()
  for (let i = 0; i < pages.count; i++) {
    doc.switchToPage(pages.start + i)
    const bottom = doc.page.height - doc.page.margins.bottom
    doc.page.margins.bottom = 0
    doc
      .fontSize(8)
      .fillColor('#444444')
      .text(`${input.workshopTitle} · ${t('sheet.page', { page: i + 1, pages: pages.count })}`, left, bottom + 10, {
        width: doc.page.width - left * 2,
        align: 'center',
        lineBreak: false,
      })
  }
  return finish(doc)
}

function drawHeader(doc: Pdf, left: number, t: ReturnType<typeof translator>) {
  const y = doc.y
  const labels = [t('sheet.col.number'), t('sheet.col.name'), t('sheet.col.organisation'), t('sheet.col.signature')]
  let x = left
  COLUMNS.forEach((column, i) => {
    doc.rect(x, y, column.width, HEADER_HEIGHT).fillAndStroke('#e8edf3', '#555555')
    doc
      .fillColor('#000000')
      .font('bold')
      .fontSize(10)
      .text(labels[i]!, x + 4, y + 6, { width: column.width - 8, lineBreak: false })
    x += column.width
  })
  doc.font('regular')
  doc.x = left
  doc.y = y + HEADER_HEIGHT
}
