import type { Locale } from './locales'
import { cs } from './messages/cs'
import { en } from './messages/en'

/*
 * Every message in every language, for the server. The browser gets this module empty (the
 * .server suffix): it receives the messages a page rendered with the page, and the rest of its
 * language only when a client-side render first needs them (intl.ts, decision 022).
 */
export const catalogues: Record<Locale, Record<keyof typeof cs, string>> = { cs, en }
