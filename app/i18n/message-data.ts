import type { Locale } from './locales'

/*
 * How a document hands its messages to the browser: a JSON data block, read once before
 * hydration. It is never executed; it carries the page's nonce anyway, like every inline
 * script of ours, so no script element on a page goes without one.
 */
const ELEMENT_ID = 'page-messages'

export type PageMessages = Partial<Record<Locale, Record<string, string>>>

/** Built on the server from the ids a render used and the full catalogues. */
export function messagesScript(messages: PageMessages, nonce: string): string {
  // "<" escaped, so no message can close the element early.
  const json = JSON.stringify(messages).replace(/</g, '\\u003c')
  return `<script type="application/json" id="${ELEMENT_ID}" nonce="${nonce}">${json}</script>`
}

export function readPageMessages(document: Document): PageMessages {
  const text = document.getElementById(ELEMENT_ID)?.textContent
  return text ? (JSON.parse(text) as PageMessages) : {}
}
