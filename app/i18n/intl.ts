import { IntlMessageFormat } from 'intl-messageformat'
import { boundedMemo } from '~/utils/bounded-memo'
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
    const formatted = boundedMemo<string, string>(2_000)
    t = (id, values) => {
      // Read first, even when the answer is kept: reading records the message's use.
      const text = messageText(locale, id)
      const format = () => {
        let message = compiled.get(id)
        if (!message) {
          message = new IntlMessageFormat(text, locale)
          compiled.set(id, message)
        }
        return String(message.format(values))
      }
      const key = formattedKey(id, values)
      return key === undefined ? format() : formatted.keep(key, format)
    }
    translators.set(locale, t)
  }
  return t
}

/*
 * A page says the same few things many times ("Next session" on every card, "2 hours"): a
 * message formatted with the same plain values gives the same text, so it is kept. Formatting
 * was 4 % of a rendered catalogue's server CPU. Values that are Dates are left out: a Date is
 * an object whose time can be changed after it was used as a key.
 */
function formattedKey(id: MessageId, values: MessageValues | undefined): string | undefined {
  if (values === undefined) return id
  let key: string = id
  for (const name in values) {
    const value = values[name]
    // A string's length goes first, so no text can pass for the names and values after it.
    if (typeof value === 'number') key += `\u0000${name}\u0001${value}`
    else if (typeof value === 'string') key += `\u0000${name}\u0002${value.length}:${value}`
    else return undefined
  }
  return key
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
