import { useLocale, useT } from '~/i18n/intl'
import type { ErasurePlan } from '~/models/erasure.server'
import { formatDate, formatTimeRange } from '~/utils/dates'

/** What erasing will do, said before the person confirms (issue 14: certificates above all). */
export function ErasurePlanView({ plan }: { plan: ErasurePlan }) {
  const t = useT()
  const locale = useLocale()
  return (
    <section aria-labelledby="erase-what">
      <h2 id="erase-what">{t('erase.what')}</h2>
      {plan.toAnonymise === 0 ? <p>{t('erase.nothing')}</p> : null}
      {plan.toCancel.length > 0 ? (
        <>
          <p>{t('erase.cancel', { count: plan.toCancel.length })}</p>
          <ul>
            {plan.toCancel.map((s, i) => (
              <li key={i}>
                {s.workshopTitle}, {formatTimeRange(s.startsAt, s.endsAt, locale)}
              </li>
            ))}
          </ul>
          <p>{t('erase.cancelNote')}</p>
        </>
      ) : null}
      {plan.toAnonymise > 0 ? <p>{t('erase.anonymise', { count: plan.toAnonymise })}</p> : null}
      {plan.feedback > 0 ? <p>{t('erase.feedback')}</p> : null}
      {plan.certificates.length > 0 ? (
        <>
          <p>{t('erase.certificates')}</p>
          <ul>
            {plan.certificates.map((c, i) => (
              <li key={i}>{t('erase.certificateUntil', { workshop: c.workshopTitle, date: formatDate(c.keptUntil, locale) })}</li>
            ))}
          </ul>
          <p>{t('erase.certificatesHint')}</p>
        </>
      ) : null}
      {plan.account ? <p>{t('erase.account')}</p> : null}
      <p>
        <strong>{t('erase.irreversible')}</strong>
      </p>
    </section>
  )
}
