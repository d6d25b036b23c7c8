import { Form, Link, NavLink, useLocation } from '@remix-run/react'
import type { Role } from '~/models/vocabulary'
import { useT } from '~/i18n/intl'
import type { Locale } from '~/i18n/locales'

export type HeaderUser = { email: string; role: Role } | null

export function SiteHeader({ locale, user }: { locale: Locale; user: HeaderUser }) {
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
          <ul>
            <li>
              <NavLink to="/workshops">{t('site.nav.workshops')}</NavLink>
            </li>
            <li>
              <NavLink to="/worksheets">{t('worksheets.title')}</NavLink>
            </li>
            {user ? (
              <li>
                <NavLink to="/my/bookings">{t('auth.myBookings')}</NavLink>
              </li>
            ) : null}
            {user && user.role !== 'participant' ? (
              <li>
                <NavLink to="/organiser">{t('auth.workspace')}</NavLink>
              </li>
            ) : null}
            {user?.role === 'admin' ? (
              <li>
                <NavLink to="/admin/users">{t('auth.admin')}</NavLink>
              </li>
            ) : null}
            {user ? null : (
              <li>
                <NavLink to="/sign-in">{t('auth.signIn')}</NavLink>
              </li>
            )}
          </ul>
        </nav>
        {user ? (
          <Form method="post" action="/sign-out" className="header-form" reloadDocument>
            <span className="visually-hidden">{t('auth.signedInAs', { email: user.email })}</span>
            <button type="submit">{t('auth.signOut')}</button>
          </Form>
        ) : null}
        <Form method="post" action="/language" className="header-form" reloadDocument>
          <input type="hidden" name="redirectTo" value={location.pathname + location.search} />
          <button type="submit" name="lang" value={other} lang={other}>
            {t('language.switchTo')}
          </button>
        </Form>
      </div>
    </header>
  )
}
