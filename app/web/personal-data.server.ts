import { createElement } from 'react'
import { renderToStaticMarkup } from 'react-dom/server'
import { PersonalDataView } from '~/components/PersonalDataView'
import { I18nProvider, translator } from '~/i18n/intl'
import type { Locale } from '~/i18n/locales'
import { getLocale } from '~/i18n/locale.server'
import { personalDataExport, type DataSubject, type PersonalDataExport } from '~/models/personal-data.server'
import { getDb } from '~/utils/db.server'
import { getEnv } from '~/utils/env.server'
import { fileResponse } from './file-response.server'
import { requireRegistration } from './booking-links.server'
import { requireUser } from './user-session.server'

/** Everything held about the signed-in person's address. */
export async function signedInPersonalData(request: Request, now: Date) {
  const user = await requireUser(request)
  return { user, data: await exportFor({ email: user.email }, now) }
}

/** Everything held about the booking behind a manage link (that booking only: the link proves no more). */
export async function bookingPersonalData(tokenParam: string | undefined, now: Date) {
  const { token, registration } = await requireRegistration(tokenParam, now)
  return { token, data: await exportFor({ registrationId: registration.id }, now) }
}

function exportFor(subject: DataSubject, now: Date) {
  return personalDataExport(getDb(), { subject, now, appUrl: getEnv().APP_URL })
}

/** The export as a file: JSON (docs/schemas/personal-data-export.schema.json) or a page to keep or print. */
export function personalDataDownload(request: Request, data: PersonalDataExport, format: 'json' | 'html'): Response {
  const day = data.generatedAt.slice(0, 10)
  if (format === 'json') {
    return fileResponse(Buffer.from(JSON.stringify(data, null, 2), 'utf8'), {
      type: 'application/json; charset=utf-8',
      fileName: `osobni-udaje-${day}.json`,
    })
  }
  return fileResponse(Buffer.from(personalDataPage(data, getLocale(request)), 'utf8'), {
    type: 'text/html; charset=utf-8',
    fileName: `osobni-udaje-${day}.html`,
  })
}

/** A whole page with its own small style sheet: it is opened from a disk, without the app. */
function personalDataPage(data: PersonalDataExport, locale: Locale): string {
  const t = translator(locale)
  const title = data.subject.kind === 'person' ? t('data.title') : t('data.titleBooking')
  const intro = data.subject.kind === 'person' ? t('data.intro', { email: data.subject.email }) : t('data.introBooking')
  const body = renderToStaticMarkup(
    createElement(I18nProvider, {
      locale,
      children: createElement(
        'main',
        null,
        createElement('h1', null, title),
        createElement('p', null, intro),
        createElement(PersonalDataView, { data }),
      ),
    }),
  )
  return `<!DOCTYPE html>
<html lang="${locale}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(title)}</title>
<style>
body { font: 16px/1.5 system-ui, sans-serif; color: #1b1b1b; max-width: 48rem; margin: 2rem auto; padding: 0 1rem; }
h1 { font-size: 1.75rem; } h2 { font-size: 1.35rem; margin-top: 2rem; border-bottom: 1px solid #ccc; } h3 { font-size: 1.1rem; }
dl.facts { display: grid; grid-template-columns: minmax(10rem, 14rem) 1fr; gap: 0.25rem 1rem; }
dl.facts div { display: contents; } dt { font-weight: 600; } dd { margin: 0; }
a { color: #0b4f9c; }
@media print { body { margin: 0; } a { color: inherit; } }
</style>
</head>
<body>
${body}
</body>
</html>
`
}

function escapeHtml(text: string): string {
  return text.replace(/[&<>"]/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' })[c]!)
}
