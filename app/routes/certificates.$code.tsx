import { data, type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node'
import { useLoaderData } from '@remix-run/react'
import { translator, useLocale, useT } from '~/i18n/intl'
import { verifyCertificate } from '~/models/attendance.server'
import { currentRetentionPolicy } from '~/web/retention.server'
import { formatCode, isCode, normalizeCode } from '~/utils/codes'
import { CERTIFICATE_CODE_LENGTH } from '~/utils/codes.server'
import { formatDate, formatTimeRange } from '~/utils/dates'
import { getDb } from '~/utils/db.server'
import { localeFromMatches, pageMeta } from '~/utils/meta'

export const meta: MetaFunction = ({ matches }) => [
  ...pageMeta(matches, translator(localeFromMatches(matches))('verify.title')),
  { name: 'robots', content: 'noindex' },
]

/** Public: confirms a certificate with as little personal data as that takes. */
export async function loader({ params }: LoaderFunctionArgs) {
  const code = normalizeCode(params.code ?? '')
  const { certificateMonths } = currentRetentionPolicy()
  const certificate = isCode(code, CERTIFICATE_CODE_LENGTH) ? await verifyCertificate(getDb(), { code, certificateMonths }) : undefined
  const body = certificate
    ? {
        valid: true as const,
        code: formatCode(certificate.code),
        fullName: certificate.holderName,
        nameKeptUntil: certificate.nameKeptUntil,
        workshopTitle: certificate.workshopTitle,
        startsAt: certificate.startsAt,
        endsAt: certificate.endsAt,
        lengthHours: certificate.lengthHours,
        organiserName: certificate.organiserName,
        accreditationRef: certificate.accreditationRef,
      }
    : { valid: false as const, code: formatCode(code) }
  return data(body, { status: certificate ? 200 : 404 })
}

export const headers = () => ({ 'Cache-Control': 'no-store', 'X-Robots-Tag': 'noindex' })

export default function VerifyCertificate() {
  const result = useLoaderData<typeof loader>()
  const t = useT()
  const locale = useLocale()
  return (
    <div className="narrow">
      <h1>{t('verify.title')}</h1>
      {result.valid ? (
        <>
          <p className="notice notice--success">{t('verify.valid')}</p>
          <dl className="facts">
            <div>
              <dt>{t('verify.name')}</dt>
              <dd>{result.fullName ?? t('verify.nameGone')}</dd>
            </div>
            <div>
              <dt>{t('verify.workshop')}</dt>
              <dd>{result.workshopTitle}</dd>
            </div>
            <div>
              <dt>{t('verify.date')}</dt>
              <dd>{formatTimeRange(result.startsAt, result.endsAt, locale)}</dd>
            </div>
            <div>
              <dt>{t('verify.length')}</dt>
              <dd>{t('hours', { hours: result.lengthHours })}</dd>
            </div>
            <div>
              <dt>{t('verify.organiser')}</dt>
              <dd>{result.organiserName}</dd>
            </div>
            {result.accreditationRef ? (
              <div>
                <dt>{t('verify.accreditation')}</dt>
                <dd>{result.accreditationRef}</dd>
              </div>
            ) : null}
            <div>
              <dt>{t('verify.code')}</dt>
              <dd>{result.code}</dd>
            </div>
          </dl>
          <p className="hint">
            {t(result.fullName ? 'verify.nameKeptUntil' : 'verify.nameRemoved', { date: formatDate(result.nameKeptUntil, locale) })}
          </p>
        </>
      ) : (
        <p className="notice notice--warning">{t('verify.invalid')}</p>
      )}
    </div>
  )
}
