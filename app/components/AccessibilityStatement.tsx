import { useLocale, useT } from '~/i18n/intl'
import type { Locale } from '~/i18n/locales'
import { ContactDetails, OrganiserContacts, type Contact, type OrganiserContact } from './ContactDetails'

/*
 * The accessibility statement (prohlášení o přístupnosti) in the parts law 99/2019 Sb. and its
 * decree 193/2019 Sb. ask for, after the EU model statement (Implementing Decision 2018/1523):
 * commitment and scope, compliance status, non-accessible content with the reasons, how the
 * statement was prepared, feedback and contacts, the enforcement procedure.
 *
 * Review it when the application changes what the sections say, and move REVIEWED on; the
 * browser tests' axe sweep (tests/e2e/accessibility-sweep.e2e.test.ts) is the automated part
 * of the self-assessment it describes.
 */
export const STATEMENT = {
  prepared: '2026-12-07',
  reviewed: '2026-12-07',
} as const

/** The supervisory body since April 2023 (law 471/2022 Sb. moved it from the Ministry of the Interior). */
export const SUPERVISORY_BODY_URL = 'https://www.dia.gov.cz/egovernment/pristupnost-internetovych-stranek-a-mobilnich-aplikaci/'

export type AccessibilityStatementProps = {
  operator: (Contact & { name: string }) | null
  organisers: OrganiserContact[]
  siteAddress: string
}

/** "7. 12. 2026" (with non-breaking spaces) or "7 December 2026". */
function formatStatementDay(day: string, locale: Locale): string {
  const [year, month, date] = day.split('-').map(Number)
  if (locale === 'cs') return `${date}.\u00a0${month}.\u00a0${year}`
  return new Intl.DateTimeFormat('en-GB', { day: 'numeric', month: 'long', year: 'numeric', timeZone: 'UTC' }).format(
    new Date(Date.UTC(year!, month! - 1, date!, 12)),
  )
}

export function AccessibilityStatement({ operator, organisers, siteAddress }: AccessibilityStatementProps) {
  const t = useT()
  const locale = useLocale()
  return (
    <div className="narrow prose">
      <h1>{t('a11y.title')}</h1>
      <p>{operator ? t('a11y.commitment', { body: operator.name }) : t('a11y.commitment.unnamed')}</p>
      <p>{t('a11y.scope', { address: siteAddress })}</p>

      <section aria-labelledby="a11y-status">
        <h2 id="a11y-status">{t('a11y.status.title')}</h2>
        <p>{t('a11y.status.partial')}</p>
        <p>{t('a11y.status.standard')}</p>
      </section>

      <section aria-labelledby="a11y-inaccessible">
        <h2 id="a11y-inaccessible">{t('a11y.inaccessible.title')}</h2>
        <p>{t('a11y.inaccessible.intro')}</p>
        <h3>{t('a11y.nonCompliance.title')}</h3>
        <ul>
          <li>{t('a11y.nonCompliance.worksheets')}</li>
          <li>{t('a11y.nonCompliance.pdf')}</li>
        </ul>
        <h3>{t('a11y.burden.title')}</h3>
        <p>{t('a11y.burden.none')}</p>
        <h3>{t('a11y.outOfScope.title')}</h3>
        <p>{t('a11y.outOfScope.thirdParty')}</p>
      </section>

      <section aria-labelledby="a11y-preparation">
        <h2 id="a11y-preparation">{t('a11y.preparation.title')}</h2>
        <p>{t('a11y.preparation.date', { date: formatStatementDay(STATEMENT.prepared, locale) })}</p>
        <p>{t('a11y.preparation.method')}</p>
        <p>{t('a11y.preparation.reviewed', { date: formatStatementDay(STATEMENT.reviewed, locale) })}</p>
      </section>

      <section aria-labelledby="a11y-feedback">
        <h2 id="a11y-feedback">{t('a11y.feedback.title')}</h2>
        {operator ? (
          <>
            <p>{t('a11y.feedback.text')}</p>
            <ContactDetails contact={operator} />
            {organisers.length > 0 ? (
              <>
                <p>{t('a11y.feedback.organisers')}</p>
                <OrganiserContacts organisers={organisers} />
              </>
            ) : null}
          </>
        ) : (
          <>
            <p>{t('a11y.feedback.onlyOrganisers')}</p>
            {organisers.length > 0 ? <OrganiserContacts organisers={organisers} /> : <p>{t('privacy.controller.none')}</p>}
          </>
        )}
      </section>

      <section aria-labelledby="a11y-enforcement">
        <h2 id="a11y-enforcement">{t('a11y.enforcement.title')}</h2>
        <p>{t('a11y.enforcement.text')}</p>
        <p>
          <a href={SUPERVISORY_BODY_URL} hrefLang="cs">
            {t('a11y.enforcement.link')}
          </a>
        </p>
      </section>
    </div>
  )
}
