import { IntlMessageFormat } from 'intl-messageformat'
import { createContext, createElement, useContext, type ReactNode } from 'react'
import { DEFAULT_LOCALE, type Locale } from './locales'
import { cs } from './messages/cs'
import { en } from './messages/en'

export type MessageId = keyof typeof cs
export type MessageValues = Record<string, string | number | Date>
export type Translate = (id: MessageId, values?: MessageValues) => string

const catalogues: Record<Locale, Record<MessageId, string>> = { cs, en }

/*
 * ICU MessageFormat through FormatJS's intl-messageformat. Each message is parsed once per
 * process and kept, so a page render only formats; plural categories come from
 * Intl.PluralRules (CLDR), never from our own rules.
 */
const translators = new Map<Locale, Translate>()

export function translator(locale: Locale): Translate {
  let t = translators.get(locale)
  if (!t) {
    const compiled = new Map<MessageId, IntlMessageFormat>()
    t = (id, values) => {
      let format = compiled.get(id)
      if (!format) {
        format = new IntlMessageFormat(catalogues[locale][id], locale)
        compiled.set(id, format)
      }
      return String(format.format(values))
    }
    translators.set(locale, t)
  }
  return t
}

const LocaleContext = createContext<Locale>(DEFAULT_LOCALE)

export function I18nProvider({ locale, children }: { locale: Locale; children: ReactNode }) {
  return createElement(LocaleContext.Provider, { value: locale }, children)
}

export function useLocale(): Locale {
  return useContext(LocaleContext)
}

/** The translate function for the current page's language. */
export function useT(): Translate {
  return translator(useLocale())
}
