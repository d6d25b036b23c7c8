import { Form, Link, NavLink, useLocation } from '@remix-run/react'
import { useT } from '~/i18n/intl'
import type { Locale } from '~/i18n/locales'

export function SiteHeader({ locale }: { locale: Locale }) {
  const t = useT()
  const location = useLocation()
  const other: Locale = locale === 'cs' ? 'en' : 'cs'
  return (
    <header className="site-header">
      <a className="skip-link" href="#content">
        {t('site.skipToContent')}
      </a>
      <div className="site-header__inner">
        <Link to="/workshops" className="site-header__name">
          {t('site.name')}
        </Link>
        <nav aria-label={t('site.nav.label')} className="site-header__nav">
          <NavLink to="/workshops" end={false}>
            {t('site.nav.workshops')}
          </NavLink>
        </nav>
        <Form method="post" action="/language" className="language-switch" reloadDocument>
          <input type="hidden" name="redirectTo" value={location.pathname + location.search} />
          <button type="submit" name="lang" value={other} lang={other}>
            {t('language.switchTo')}
          </button>
        </Form>
      </div>
    </header>
  )
}
