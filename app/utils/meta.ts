import type { MetaDescriptor } from '@remix-run/node'
import { translator } from '~/i18n/intl'
import { DEFAULT_LOCALE, isLocale, type Locale } from '~/i18n/locales'

type Match = { id: string; data: unknown }

/** The page's language, read from the root loader's data (meta functions cannot use hooks). */
export function localeFromMatches(matches: Match[]): Locale {
  const root = matches.find((m) => m.id === 'root')?.data as { locale?: unknown } | undefined
  return isLocale(root?.locale) ? root.locale : DEFAULT_LOCALE
}

export function pageMeta(matches: Match[], title: string | undefined, description?: string): MetaDescriptor[] {
  const t = translator(localeFromMatches(matches))
  const site = t('site.name')
  return [{ title: title ? `${title} | ${site}` : site }, ...(description ? [{ name: 'description', content: description }] : [])]
}
