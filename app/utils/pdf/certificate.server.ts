import { translator } from '~/i18n/intl'
import type { Locale } from '~/i18n/locales'
import { formatCode } from '../codes'
import { formatDayMonthYear, formatTimeRange } from '../dates'
import { drawQr, finish, newDocument, type Pdf } from './document.server'

/** What a certificate says; the attendance model fills it in. */
export type CertificateData = {
  code: string
  fullName: string
  dateOfBirth: string | null
  workshopTitle: string
  lengthHours: number
  startsAt: string
  endsAt: string
  place: string | null
  lecturer: string | null
  organiserName: string
  accreditationRef: string | null
  issuedAt: string
}

/** Osvědčení: who attended what, when, for how long, from whom, and how to check it. */
export function drawCertificate(doc: Pdf, data: CertificateData, verifyUrl: string, locale: Locale): void {
  const t = translator(locale)
  const width = doc.page.width - doc.page.margins.left - doc.page.margins.right
  const left = doc.page.margins.left
  doc
    .rect(20, 20, doc.page.width - 40, doc.page.height - 40)
    .lineWidth(2)
    .stroke('#154a85')
  doc.y = 90
  doc.font('regular').fontSize(12).fillColor('#154a85').text(data.organiserName, left, doc.y, { width, align: 'center' })
  doc.moveDown(2.5).font('bold').fontSize(32).fillColor('#000000').text(t('certificate.title'), { width, align: 'center' })
  doc.moveDown(0.3).font('regular').fontSize(13).text(t('certificate.subtitle'), { width, align: 'center' })
  doc.moveDown(2).font('bold').fontSize(24).text(data.fullName, { width, align: 'center' })
  if (data.dateOfBirth) {
    doc
      .moveDown(0.3)
      .font('regular')
      .fontSize(12)
      .text(t('certificate.born', { date: formatDayMonthYear(`${data.dateOfBirth}T12:00:00.000Z`, locale) }), {
        width,
        align: 'center',
      })
  }
  doc.moveDown(1.5).font('regular').fontSize(13).text(t('certificate.attended'), { width, align: 'center' })
  doc.moveDown(0.5).font('bold').fontSize(18).text(data.workshopTitle, { width, align: 'center' })
  doc.moveDown(0.8).font('regular').fontSize(12)
  const lines = [
    `${t('certificate.when')}: ${formatTimeRange(data.startsAt, data.endsAt, locale)}`,
    `${t('certificate.length')}: ${t('hours', { hours: data.lengthHours })}`,
    data.place ? `${t('certificate.place')}: ${data.place}` : '',
    data.lecturer ? `${t('certificate.lecturer')}: ${data.lecturer}` : '',
    data.accreditationRef ? `${t('certificate.accreditation')}: ${data.accreditationRef}` : '',
  ].filter(Boolean)
  for (const line of lines) doc.text(line, { width, align: 'center' })
  doc.moveDown(1).text(`${t('certificate.issued')}: ${formatDayMonthYear(data.issuedAt, locale)}`, { width, align: 'center' })

  const qrSize = 110
  const qrY = doc.page.height - 70 - qrSize
  drawQr(doc, verifyUrl, { x: left, y: qrY, size: qrSize })
  doc.fontSize(10).fillColor('#000000')
  doc.font('bold').text(t('certificate.verify'), left + qrSize + 16, qrY + 20, { width: width - qrSize - 16 })
  doc.font('regular').text(verifyUrl, { width: width - qrSize - 16 })
  doc.text(`${t('certificate.code')}: ${formatCode(data.code)}`, { width: width - qrSize - 16 })
}

export async function renderCertificate(data: CertificateData, verifyUrl: string, locale: Locale = 'cs'): Promise<Buffer> {
  const doc = await newDocument({ title: `${translator(locale)('certificate.title')}: ${data.fullName}`, margin: 60 })
  drawCertificate(doc, data, verifyUrl, locale)
  return finish(doc)
}
