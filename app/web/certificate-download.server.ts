import type { Locale } from '~/i18n/locales'
import { certificateUrl, findValidCertificate } from '~/models/attendance.server'
import { getDb } from '~/utils/db.server'
import { getEnv } from '~/utils/env.server'
import { renderCertificate } from '~/utils/pdf/certificate.server'
import { exportFileName, fileResponse } from './file-response.server'
import { orNotFound } from './refusals.server'

/** The certificate of one registration as a PDF, or 404 when there is no valid one. */
export async function certificateResponse(registrationId: number, locale: Locale): Promise<Response> {
  const certificate = orNotFound(await findValidCertificate(getDb(), { registrationId }))
  const pdf = await renderCertificate(certificate, certificateUrl(getEnv().APP_URL, certificate.code), locale)
  return fileResponse(pdf, {
    type: 'application/pdf',
    fileName: exportFileName(`Osvědčení – ${certificate.fullName} – ${certificate.workshopTitle}`, 'pdf'),
  })
}
