import type { MetaFunction } from '@remix-run/node'
import { Link, useLoaderData } from '@remix-run/react'
import { ContactDetails, OrganiserContacts } from '~/components/ContactDetails'
import { PrivacyPurposes } from '~/components/PrivacyPurposes'
import { translator, useLocale, useT } from '~/i18n/intl'
import type { Locale } from '~/i18n/locales'
import { CONSENT_VERSIONS, CURRENT_CONSENT_VERSION } from '~/models/consent'
import { publishingOrganisers } from '~/models/privacy.server'
import { PURPOSES, ruleDuration } from '~/models/retention-policy'
import { getDb } from '~/utils/db.server'
import { NBSP } from '~/utils/dates'
import { localeFromMatches, pageMeta } from '~/utils/meta'
import { publicBody } from '~/utils/public-body.server'
import { currentRetentionPolicy } from '~/web/retention.server'

/*
 * The privacy notice, true to the configuration: the controllers are the bodies publishing
 * workshops, the operator and the data protection officer come from the environment, and
 * every length is the one the retention job applies (the same policy).
 */
export async function loader() {
  const policy = currentRetentionPolicy()
  const { operator, dpo } = publicBody()
  return {
    controllers: await publishingOrganisers(getDb()),
    operator,
    dpo,
    purposes: PURPOSES.map((purpose) => ({ id: purpose.id, duration: ruleDuration(purpose.rule, policy) })),
    bookingDuration: ruleDuration('booking', policy),
    consentVersion: CURRENT_CONSENT_VERSION,
  }
}

export const meta: MetaFunction = ({ matches }) => pageMeta(matches, translator(localeFromMatches(matches))('privacy.title'))

/** A consent version is the day its text took effect: "7. 12. 2026", "7 December 2026". */
function formatVersionDay(version: string, locale: Locale): string {
  const format = new Intl.DateTimeFormat(locale === 'cs' ? 'cs' : 'en-GB', {
    day: 'numeric',
    month: locale === 'cs' ? 'numeric' : 'long',
    year: 'numeric',
    timeZone: 'UTC',
  })
  // Kept on one line, as every date in the app is.
  return format.format(new Date(`${version}T12:00:00Z`)).replace(/ /g, NBSP)
}

const UOOU = 'https://uoou.gov.cz'

export default function Privacy() {
  const { controllers, operator, dpo, purposes, bookingDuration, consentVersion } = useLoaderData<typeof loader>()
  const t = useT()
  const locale = useLocale()
  const consent = CONSENT_VERSIONS.find((v) => v.version === consentVersion) ?? CONSENT_VERSIONS[CONSENT_VERSIONS.length - 1]!
  return (
    <div className="narrow prose">
      <h1>{t('privacy.title')}</h1>
      <p>{t('privacy.intro')}</p>

      <section>
        <h2>{t('privacy.controller.title')}</h2>
        {controllers.length > 0 ? (
          <>
            <p>{t('privacy.controller.text')}</p>
            <OrganiserContacts organisers={controllers} />
          </>
        ) : (
          <p>{t('privacy.controller.none')}</p>
        )}
        {operator ? (
          <>
            <p>{t('privacy.operator', { name: operator.name })}</p>
            <ContactDetails contact={{ ...operator, name: null }} />
          </>
        ) : null}
        <p>{t('privacy.controller.processor')}</p>
      </section>

      <section>
        <h2>{t('privacy.dpo.title')}</h2>
        {dpo ? (
          <>
            <p>{t('privacy.dpo.text')}</p>
            <ContactDetails contact={dpo} />
          </>
        ) : (
          <p>{t('privacy.dpo.none')}</p>
        )}
      </section>

      <PrivacyPurposes purposes={purposes} bookingDuration={bookingDuration} />

      <section>
        <h2>{t('privacy.recipients.title')}</h2>
        <p>{t('privacy.recipients.text')}</p>
      </section>

      <section>
        <h2>{t('privacy.rights.title')}</h2>
        <ul>
          <li>
            <Link to="/my/data">{t('privacy.rights.myData.link')}</Link>: {t('privacy.rights.myData')}
          </li>
          <li>{t('privacy.rights.bookingLink')}</li>
          <li>{t('privacy.rights.correct')}</li>
          <li>{t('privacy.rights.withdraw')}</li>
          <li>
            {t('privacy.rights.complaint')} <a href={UOOU}>{t('privacy.rights.complaint.link')}</a>.
          </li>
        </ul>
      </section>

      <section>
        <h2>{t('privacy.legal.title')}</h2>
        <p>{t('privacy.legal.text')}</p>
      </section>

      <section>
        <h2>{t('privacy.consent.title')}</h2>
        <p>{t('privacy.consent.version', { date: formatVersionDay(consent.version, locale), version: consent.version })}</p>
        <blockquote>
          <p>{t(consent.message)}</p>
        </blockquote>
        <p>{t('privacy.consent.means')}</p>
        <ul>
          <li>{t('privacy.consent.point.purpose')}</li>
          <li>{t('privacy.consent.point.retention')}</li>
          <li>{t('privacy.rights.withdraw')}</li>
        </ul>
        <p>{t('privacy.consent.recorded')}</p>
      </section>
    </div>
  )
}

export { ErrorBoundary } from '~/components/RouteErrorBoundary'
