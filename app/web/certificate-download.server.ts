import type { Locale } from '~/i18n/locales'
import { certificateUrl } from '~/models/attendance.server'
import { certificateDocument } from '~/models/documents.server'
import { getDb } from '~/utils/db.server'
import { getEnv } from '~/utils/env.server'
import { fileResponse } from './file-response.server'
import { orNotFound } from './refusals.server'

/** The certificate of one registration as a PDF, or 404 when there is no valid one. */
export async function certificateResponse(registrationId: number, locale: Locale): Promise<Response> {
  const appUrl = getEnv().APP_URL
  const { pdf, fileName } = orNotFound(
    await certificateDocument(getDb(), { registrationId }, { locale, verifyUrl: (code) => certificateUrl(appUrl, code) }),
  )
  return fileResponse(pdf, { type: 'application/pdf', fileName })
}
