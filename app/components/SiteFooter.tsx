import { Link } from '@remix-run/react'
import { useT } from '~/i18n/intl'

export function SiteFooter() {
  const t = useT()
  return (
    <footer className="site-footer">
      <div className="site-footer__inner">
        <p>{t('site.footer.text')}</p>
        <p>
          <Link to="/privacy">{t('privacy.title')}</Link> · <Link to="/open-data">{t('opendata.title')}</Link>
        </p>
      </div>
    </footer>
  )
}
