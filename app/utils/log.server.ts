import { inspect } from 'node:util'

/*
 * Logs keep secrets out: a manage link's or a sign-in link's token opens a booking or an
 * account, and logs travel further than the database (files, support tickets, log services).
 */

/** Paths whose next segment is a token: /registrations/<token>/…, /sign-in/<token>, /calendar/<token>, /feeds/<token>.ics. */
const TOKEN_IN_PATH = /(\/(?:registrations|sign-in|calendar|feeds)\/)[^/?#&\s"'`<>\\:;,()]+/g
/** A token anywhere else (a query string, a link in an error message): 43 base64url characters. */
const BARE_TOKEN = /(?<![A-Za-z0-9_-])[A-Za-z0-9_-]{43}(?![A-Za-z0-9_-])/g
/** Same-site targets carried in query strings may hold one, percent-encoded. */
const ENCODED_TOKEN_IN_PATH = /(%2F(?:registrations|sign-in|calendar|feeds)%2F)[^&\s"'`<>%]+/gi

export const TOKEN_MASK = '[token]'

export function maskTokens(text: string): string {
  return text
    .replace(TOKEN_IN_PATH, `$1${TOKEN_MASK}`)
    .replace(ENCODED_TOKEN_IN_PATH, `$1${TOKEN_MASK}`)
    .replace(BARE_TOKEN, TOKEN_MASK)
}

/** What happened, to which request (method and path, tokens masked), as one entry on stderr. */
export function logError(error: unknown, request?: { method: string; url: string }): void {
  const where = request ? `${request.method} ${pathOf(request.url)}: ` : ''
  console.error(maskTokens(where + inspect(error, { depth: 4, breakLength: Infinity })))
}

function pathOf(url: string): string {
  try {
    const parsed = new URL(url, 'http://app.invalid')
    return parsed.pathname + parsed.search
  } catch {
    return url
  }
}
