import { renderToString } from 'react-dom/server'
import { SeatStatus } from '~/components/SeatStatus'
import { I18nProvider } from '~/i18n/intl'
import type { Locale } from '~/i18n/locales'
import { recordMessageUse, type MessageUse } from '~/i18n/message-use.server'
import { readSeatToken, seatToken, type SeatPage } from '~/models/seat-token'
import type { Availability, AvailabilityState } from '~/models/session-availability'
import { offerAvailability } from '~/models/workshop-events'

/*
 * Brings a cached page's seat counts up to date without rendering it again (issue 16): after a
 * booking only the booked session's seats differ, in two places, the seats' markup (inside the
 * element marked `data-seats-of`) and its seat token in the page's data. Both are replaced,
 * exactly once each, by what a new render would write; the result is byte for byte the page a
 * new render gives (tests/integration/seat-patch-http.test.ts). Anything else, or any doubt,
 * and the caller renders the page anew.
 */

/** The page, and session id → the seat token it was rendered with. */
export type PageSeats = { page: SeatPage; tokens: ReadonlyMap<number, string> }

/**
 * The states bookings, cancellations and promotions move a session between. Other changes of
 * state come with the clock or an organiser, and may change more than the seats.
 */
const BOOKING_STATES: ReadonlySet<AvailabilityState> = new Set(['open', 'full'])

type Change = { before: Availability; after: Availability }
const betweenBookingStates = ({ before, after }: Change) => BOOKING_STATES.has(before.state) && BOOKING_STATES.has(after.state)

/**
 * Which changes of a session's seats leave the rest of a document as it was. A catalogue card
 * shows nothing of the seats besides their markup. A workshop page's session also has a
 * button that says "book" or "join the waiting list", and a search-engine offer that says
 * "limited" below a few free seats.
 */
const DOCUMENT_RULES: Record<SeatPage, (change: Change) => boolean> = {
  catalogue: betweenBookingStates,
  workshop: (change) =>
    betweenBookingStates(change) &&
    change.before.state === change.after.state &&
    offerAvailability(change.before) === offerAvailability(change.after),
}

export function patchSeats(
  page: { body: Buffer; seats: PageSeats },
  { current, locale, document }: { current: ReadonlyMap<number, Availability>; locale: Locale; document: boolean },
): { body: Buffer; seats: PageSeats } | undefined {
  let body = page.body
  const tokens = new Map(page.seats.tokens)
  for (const [sessionId, was] of page.seats.tokens) {
    const after = current.get(sessionId)
    if (!after) return undefined
    const token = seatToken(sessionId, after)
    if (token === was) continue
    const change = { before: readSeatToken(was), after }
    // The data of client-side navigation carries the tokens and no words.
    if (!(document ? DOCUMENT_RULES[page.seats.page] : betweenBookingStates)(change)) return undefined
    const withToken = replaceToken(body, was, token)
    if (!withToken) return undefined
    body = withToken
    if (document) {
      const old = seatsMarkup(sessionId, change.before, locale)
      const fresh = seatsMarkup(sessionId, after, locale)
      // The page carries the texts of the messages it used: a new one would be missing there.
      if (old.messages !== fresh.messages) return undefined
      const withMarkup = replaceOnce(body, Buffer.from(old.html), Buffer.from(fresh.html))
      if (!withMarkup) return undefined
      body = withMarkup
    }
    tokens.set(sessionId, token)
  }
  return { body, seats: { page: page.seats.page, tokens } }
}

/**
 * The seats as the page renders them inside their marked element, with the end of the mark
 * before them (it names the session), and the message ids that took.
 */
function seatsMarkup(sessionId: number, availability: Availability, locale: Locale) {
  const use: MessageUse = new Map()
  const html = recordMessageUse(use, () =>
    renderToString(
      <I18nProvider locale={locale}>
        <SeatStatus availability={availability} />
      </I18nProvider>,
    ),
  )
  return { html: `data-seats-of="${sessionId}">${html}`, messages: [...(use.get(locale) ?? [])].sort().join(' ') }
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
