import type { MetaDescriptor } from '@remix-run/node'
import { translator } from '~/i18n/intl'
import { DEFAULT_LOCALE, isLocale, type Locale } from '~/i18n/locales'

type Match = { id: string; data: unknown }

/** The page's language, read from the root loader's data (meta functions cannot use hooks). */
export function localeFromMatches(matches: Match[]): Locale {
  const root = matches.find((m) => m.id === 'root')?.data as { locale?: unknown } | undefined
  return isLocale(root?.locale) ? root.locale : DEFAULT_LOCALE
}

/**
 * For pages whose address holds a token (sign-in links, manage links): no Referer ever carries
 * more than the origin, not even to this site, so the token stays out of every log and
 * third-party request. Unlike `no-referrer` it still lets a form's POST send its Origin, which
 * the same-origin check needs: under `no-referrer` Chromium sends `Origin: null` and the form
 * fails without JavaScript (decision 012).
 */
export const TOKEN_PAGE_REFERRER: MetaDescriptor = { name: 'referrer', content: 'strict-origin' }

export function pageMeta(matches: Match[], title: string | undefined, description?: string): MetaDescriptor[] {
  const t = translator(localeFromMatches(matches))
  const site = t('site.name')
  return [{ title: title ? `${title} | ${site}` : site }, ...(description ? [{ name: 'description', content: description }] : [])]
}
