import { parse, serialize } from 'cookie'
import { z } from 'zod'
import { getEnv } from '~/utils/env.server'
import { parseForm } from '~/utils/fields.server'
import { DEFAULT_LOCALE, isLocale, LOCALES, localeFromAcceptLanguage, type Locale } from './locales'

const COOKIE = 'lang'

/*
 * A language preference is not a secret and grants nothing, so the cookie is plain and read
 * synchronously: the page cache keys on it before Remix runs.
 * A choice made with the switcher wins; then the browser's languages; then Czech.
 */
export function resolveLocale(cookieHeader: string | null | undefined, acceptLanguage: string | null | undefined): Locale {
  const chosen = cookieHeader ? parse(cookieHeader)[COOKIE] : undefined
  if (isLocale(chosen)) return chosen
  return localeFromAcceptLanguage(acceptLanguage ?? null) ?? DEFAULT_LOCALE
}

export function getLocale(request: Request): Locale {
  return resolveLocale(request.headers.get('Cookie'), request.headers.get('Accept-Language'))
}

export function serializeLocale(locale: Locale): string {
  return serialize(COOKIE, locale, {
    path: '/',
    httpOnly: true,
    sameSite: 'lax',
    secure: getEnv().APP_URL.startsWith('https://'),
    maxAge: 60 * 60 * 24 * 365,
  })
}

/** The language switcher in every page's header: no page of its own, so no field messages. */
const LanguageForm = z.object({
  lang: z.enum(LOCALES),
  redirectTo: z.string().max(4000),
})

export function parseLanguageForm(form: FormData) {
  return parseForm(LanguageForm, form)
}
