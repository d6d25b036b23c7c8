import { Link } from '@remix-run/react'
import { useLocale, useT } from '~/i18n/intl'

export function SiteFooter() {
  const t = useT()
  // The same statement at either address; each language links the one that reads as its own.
  const statement = useLocale() === 'cs' ? '/pristupnost' : '/accessibility'
  return (
    <footer className="site-footer">
      <div className="site-footer__inner">
        <p>{t('site.footer.text')}</p>
        <p>
          <Link to="/privacy">{t('privacy.title')}</Link> · <Link to={statement}>{t('a11y.title')}</Link> ·{' '}
          <Link to="/open-data">{t('opendata.title')}</Link>
        </p>
      </div>
    </footer>
  )
}
