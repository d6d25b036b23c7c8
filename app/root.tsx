import type { LinksFunction, LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import {
  isRouteErrorResponse,
  Links,
  Meta,
  Outlet,
  Scripts,
  ScrollRestoration,
  useLocation,
  useRouteError,
  useRouteLoaderData,
} from '@remix-run/react'
import { useEffect, useRef, type ReactNode } from 'react'
import { ErrorPage } from './components/ErrorPage'
import { SiteFooter } from './components/SiteFooter'
import { SiteHeader } from './components/SiteHeader'
import { I18nProvider, loadMessages, translator } from './i18n/intl'
import { getLocale } from './i18n/locale.server'
import { getUser } from './web/user-session.server'
import { DEFAULT_LOCALE } from './i18n/locales'
import appStyles from './styles/app.css'
import { localeFromMatches, pageMeta } from './utils/meta'
import { useNonce } from './utils/nonce'

export const links: LinksFunction = () => [
  { rel: 'stylesheet', href: appStyles },
  { rel: 'icon', type: 'image/svg+xml', href: FAVICON },
]

const FAVICON =
  "data:image/svg+xml,%3Csvg xmlns='http://www.w3.org/2000/svg' viewBox='0 0 32 32'%3E%3Crect width='32' height='32' rx='6' fill='%23154a85'/%3E%3Cpath d='M8 22V12m6 10V8m6 14v-6m6 6V10' stroke='%23fff' stroke-width='3' stroke-linecap='round'/%3E%3C/svg%3E"

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await getUser(request)
  return { locale: getLocale(request), user: user ? { email: user.email, role: user.role } : null }
}

export function headers() {
  // The same URL renders in another language for another cookie or browser.
  return { Vary: 'Cookie, Accept-Language' }
}

export function Layout({ children }: { children: ReactNode }) {
  const data = useRouteLoaderData<typeof loader>('root')
  const locale = data?.locale ?? DEFAULT_LOCALE
  const nonce = useNonce()
  return (
    <html lang={locale}>
      <head>
        <meta charSet="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <meta name="color-scheme" content="light" />
        <Meta />
        <Links />
      </head>
      <body>
        <I18nProvider locale={locale}>
          <SiteHeader locale={locale} user={data?.user ?? null} />
          <main id="content" tabIndex={-1} className="page">
            {children}
          </main>
          <SiteFooter />
        </I18nProvider>
        <ScrollRestoration nonce={nonce} />
        <Scripts nonce={nonce} />
      </body>
    </html>
  )
}

export default function App() {
  useFocusAfterNavigation()
  useWholeLanguageForStaff()
  return <Outlet />
}

/**
 * Staff pages change in place as people are marked or searched (RosterList, QrScanButton): an
 * update a person's input starts cannot wait for messages, so staff get their whole language
 * right after the page is up (public pages load it on first need; decision 022).
 */
function useWholeLanguageForStaff() {
  const data = useRouteLoaderData<typeof loader>('root')
  const staff = data?.user != null && data.user.role !== 'participant'
  const locale = data?.locale ?? DEFAULT_LOCALE
  useEffect(() => {
    if (staff) void loadMessages(locale)
  }, [staff, locale])
}

/**
 * After an in-app navigation, focus goes to the new page's content (or to its error summary),
 * as a full page load would start there; otherwise it stays on <body> where the old link was
 * and screen readers announce nothing.
 */
function useFocusAfterNavigation() {
  const location = useLocation()
  const first = useRef(true)
  useEffect(() => {
    if (first.current) {
      first.current = false
      return
    }
    const target = document.querySelector<HTMLElement>('.error-summary') ?? document.getElementById('content')
    target?.focus()
    // Keyed on the address without its hash: following "#field" links (the error summary's)
    // must leave focus where the browser puts it.
  }, [location.pathname, location.search])
}

export function ErrorBoundary() {
  const error = useRouteError()
  if (isRouteErrorResponse(error) && error.status === 404) return <ErrorPage kind="notFound" />
  if (isRouteErrorResponse(error) && error.status === 403) return <ErrorPage kind="forbidden" />
  if (isRouteErrorResponse(error) && error.status < 500) return <ErrorPage kind="badRequest" />
  // On the server, entry.server's handleError has logged it (with tokens masked).
  if (!isRouteErrorResponse(error) && typeof document !== 'undefined') console.error(error)
  return <ErrorPage kind="serverError" />
}

export const meta: MetaFunction<typeof loader> = ({ matches, error }) => {
  const t = translator(localeFromMatches(matches))
  if (!error) return pageMeta(matches, undefined, t('site.tagline'))
  const notFound = isRouteErrorResponse(error) && error.status === 404
  return pageMeta(matches, t(notFound ? 'notFound.title' : 'error.title'))
}
