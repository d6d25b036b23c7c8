import { renderToString } from 'react-dom/server'
import { CardSeats } from '~/components/CardSeats'
import { I18nProvider } from '~/i18n/intl'
import type { Locale } from '~/i18n/locales'
import { recordMessageUse, type MessageUse } from '~/i18n/message-use.server'
import { readSeatToken, seatToken } from '~/models/seat-token'
import type { Availability, AvailabilityState } from '~/models/session-availability'

/*
 * Brings a cached catalogue page's seat counts up to date without rendering it again (issue
 * 16): after a booking only the booked session's seats differ, in two places, the card's
 * markup and its seat token in the page's data. Both are replaced, exactly once each, by
 * what a new render would write; the result is byte for byte the page a new render gives
 * (tests/integration/seat-patch-http.test.ts). Anything else, or any doubt, and the caller
 * renders the page anew.
 */

/** Session id → the seat token the page was rendered with. */
export type PageSeats = ReadonlyMap<number, string>

/**
 * The states bookings, cancellations and promotions move a session between. Other changes of
 * state come with the clock or an organiser, and may change more than the seats.
 */
const BOOKING_STATES: ReadonlySet<AvailabilityState> = new Set(['open', 'full'])

export function patchSeats(
  page: { body: Buffer; seats: PageSeats },
  { current, locale, document }: { current: ReadonlyMap<number, Availability>; locale: Locale; document: boolean },
): { body: Buffer; seats: Map<number, string> } | undefined {
  let body = page.body
  const seats = new Map(page.seats)
  for (const [sessionId, was] of page.seats) {
    const availability = current.get(sessionId)
    if (!availability) return undefined
    const token = seatToken(sessionId, availability)
    if (token === was) continue
    const before = readSeatToken(was)
    if (!BOOKING_STATES.has(before.state) || !BOOKING_STATES.has(availability.state)) return undefined
    const withToken = replaceToken(body, was, token)
    if (!withToken) return undefined
    body = withToken
    if (document) {
      const old = cardSeats(sessionId, before, locale)
      const fresh = cardSeats(sessionId, availability, locale)
      // The page carries the texts of the messages it used: a new one would be missing there.
      if (old.messages !== fresh.messages) return undefined
      const withMarkup = replaceOnce(body, Buffer.from(old.html), Buffer.from(fresh.html))
      if (!withMarkup) return undefined
      body = withMarkup
    }
    seats.set(sessionId, token)
  }
  return { body, seats }
}

/** The card's seats as the page renders them, and the message ids that took. */
function cardSeats(sessionId: number, availability: Availability, locale: Locale) {
  const use: MessageUse = new Map()
  const html = recordMessageUse(use, () =>
    renderToString(
      <I18nProvider locale={locale}>
        <CardSeats sessionId={sessionId} availability={availability} />
      </I18nProvider>,
    ),
  )
  return { html, messages: [...(use.get(locale) ?? [])].sort().join(' ') }
}

/**
 * The token as a whole string of the data: after a quote, and before one (`"` in the data,
 * `\"` once the document's script holds the data as a string).
 */
function replaceToken(body: Buffer, was: string, token: string): Buffer | undefined {
  const needle = Buffer.from(`"${was}`)
  const ends = (at: number) => body[at + needle.length] === 0x22 || body[at + needle.length] === 0x5c
  const first = indexWhere(body, needle, 0, ends)
  if (first === -1 || indexWhere(body, needle, first + 1, ends) !== -1) return undefined
  return Buffer.concat([body.subarray(0, first), Buffer.from(`"${token}`), body.subarray(first + needle.length)])
}

function replaceOnce(body: Buffer, needle: Buffer, replacement: Buffer): Buffer | undefined {
  const first = body.indexOf(needle)
  if (first === -1 || body.indexOf(needle, first + 1) !== -1) return undefined
  return Buffer.concat([body.subarray(0, first), replacement, body.subarray(first + needle.length)])
}

function indexWhere(body: Buffer, needle: Buffer, from: number, accept: (at: number) => boolean): number {
  for (let at = body.indexOf(needle, from); at !== -1; at = body.indexOf(needle, at + 1)) if (accept(at)) return at
  return -1
}
