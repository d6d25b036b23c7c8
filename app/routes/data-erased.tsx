import type { MetaFunction } from '@remix-run/node'
import { Link } from '@remix-run/react'
import { translator, useT } from '~/i18n/intl'
import { localeFromMatches, pageMeta } from '~/utils/meta'
import { useRedirectNotice } from '~/web/notices'

export const meta: MetaFunction = ({ matches }) => [
  ...pageMeta(matches, translator(localeFromMatches(matches))('erase.done')),
  { name: 'robots', content: 'noindex' },
]

/** Where an erasure lands: the person may be signed out by now, so the counts come in the address. */
export default function DataErased() {
  const { cancelled, anonymised } = useRedirectNotice('cancelled', 'anonymised')
  const t = useT()
  const count = (value: string | undefined) => (value && /^\d{1,4}$/.test(value) ? Number(value) : 0)
  return (
    <div className="narrow">
      <h1>{t('erase.done')}</h1>
      <p role="status">{t('erase.doneDetail', { cancelled: count(cancelled), anonymised: count(anonymised) }).trim()}</p>
      <p>
        <Link to="/privacy">{t('data.retention')}</Link>
      </p>
      <p>
        <Link to="/workshops">{t('erase.toCatalogue')}</Link>
      </p>
    </div>
  )
}
