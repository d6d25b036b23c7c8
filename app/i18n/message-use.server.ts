import { AsyncLocalStorage } from 'node:async_hooks'
import { catalogues } from './catalogues.server'
import type { Locale } from './locales'
import type { PageMessages } from './message-data'

/** The message ids one document render used, per language. */
export type MessageUse = Map<Locale, Set<string>>

const recording = new AsyncLocalStorage<MessageUse>()

/** Runs `render` and everything it schedules with message use recorded into `use`. */
export function recordMessageUse<T>(use: MessageUse, render: () => T): T {
  return recording.run(use, render)
}

export function noteMessageUse(locale: Locale, id: string): void {
  const use = recording.getStore()
  if (!use) return
  let ids = use.get(locale)
  if (!ids) use.set(locale, (ids = new Set()))
  ids.add(id)
}

/** The texts of the recorded ids, in the shape the browser reads (message-data.ts). */
export function usedMessages(use: MessageUse): PageMessages {
  const messages: PageMessages = {}
  for (const [locale, ids] of use) {
    const all: Partial<Record<string, string>> = catalogues[locale]
    messages[locale] = Object.fromEntries([...ids].map((id) => [id, all[id] ?? '']))
  }
  return messages
}
