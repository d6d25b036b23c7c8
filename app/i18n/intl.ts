import { IntlMessageFormat } from 'intl-messageformat'
import { createContext, createElement, useContext, type ReactNode } from 'react'
import { catalogues } from './catalogues.server'
import { DEFAULT_LOCALE, type Locale } from './locales'
import { noteMessageUse } from './message-use.server'
import type { cs } from './messages/cs'

export type MessageId = keyof typeof cs
export type MessageValues = Record<string, string | number | Date>
export type Translate = (id: MessageId, values?: MessageValues) => string
type Messages = Partial<Record<string, string>>

/*
 * ICU MessageFormat through FormatJS's intl-messageformat. Each message is parsed once per
 * process and kept, so a page render only formats; plural categories come from
 * Intl.PluralRules (CLDR), never from our own rules.
 *
 * The server holds every message (catalogues.server.ts). The browser starts with the messages
 * its page was rendered with (seedMessages, from the document) and loads the rest of its
 * language as one script the first time a client-side render asks for a message it lacks;
 * that render waits for it (Suspense), as a navigation waits for its data (decision 022).
 */
const inBrowser: Partial<Record<Locale, Messages>> = {}
const loading = new Map<Locale, Promise<void>>()
const loaders: Record<Locale, () => Promise<Messages>> = {
  cs: () => import('./messages/cs').then((m) => m.cs),
  en: () => import('./messages/en').then((m) => m.en),
}

/** The messages a server-rendered page used, handed over before hydration. */
export function seedMessages(locale: Locale, messages: Messages): void {
  inBrowser[locale] = { ...messages, ...inBrowser[locale] }
}

/** Every message of a language, in the browser; on the server they are all there already. */
export function loadMessages(locale: Locale): Promise<void> {
  if (catalogues) return Promise.resolve()
  let pending = loading.get(locale)
  if (!pending) {
    pending = loaders[locale]().then((all) => {
      inBrowser[locale] = { ...all, ...inBrowser[locale] }
    })
    loading.set(locale, pending)
  }
  return pending
}

function messageText(locale: Locale, id: MessageId): string {
  if (catalogues) {
    noteMessageUse(locale, id)
    return catalogues[locale][id]
  }
  const text = inBrowser[locale]?.[id]
  if (text !== undefined) return text
  // Suspends the render until the language's messages are in (React retries it then).
  throw loadMessages(locale)
}

const translators = new Map<Locale, Translate>()

export function translator(locale: Locale): Translate {
  let t = translators.get(locale)
  if (!t) {
    const compiled = new Map<MessageId, IntlMessageFormat>()
    t = (id, values) => {
      const text = messageText(locale, id)
      let format = compiled.get(id)
      if (!format) {
        format = new IntlMessageFormat(text, locale)
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
