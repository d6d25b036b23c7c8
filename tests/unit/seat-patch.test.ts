import { createElement } from 'react'
import { renderToString } from 'react-dom/server'
import { describe, expect, it } from 'vitest'
import { CardSeats } from '~/components/CardSeats'
import { I18nProvider } from '~/i18n/intl'
import { readSeatToken, seatToken, type SeatPage } from '~/models/seat-token'
import type { Availability } from '~/models/session-availability'
import { patchSeats } from '~/web/seat-patch.server'
import { inDays } from '../support/clock'

/*
 * The pieces of patching a cached page's seats (integration: seat-patch-http.test.ts): the
 * token round trip, and every doubt that must send the page to a new render instead.
 */
const open = (freeSeats: number): Availability => ({ state: 'open', freeSeats, waitlisted: 0, opensAt: null })
const full = (waitlisted: number): Availability => ({ state: 'full', freeSeats: 0, waitlisted, opensAt: null })

const markup = (id: number, availability: Availability) =>
  renderToString(
    createElement(I18nProvider, { locale: 'cs', children: createElement(CardSeats, { sessionId: id, availability }) }),
  )

/** A document as the page cache holds one: a card's seats in the markup, its token in the script's data. */
function page(seats: [number, Availability][], kind: SeatPage = 'catalogue') {
  const cards = seats.map(([id, a]) => `<li>${markup(id, a)}</li>`).join('')
  const data = seats.map(([id, a]) => `\\"${seatToken(id, a)}\\"`).join(',')
  return {
    body: Buffer.from(`<ul>${cards}</ul><script>enqueue("[${data}]")</script>`),
    seats: { page: kind, tokens: new Map(seats.map(([id, a]) => [id, seatToken(id, a)])) },
  }
}

describe('seat tokens', () => {
  it('read back what they were made from, in every state, with a time that has colons', () => {
    const opensAt = inDays(3, '09:30')
    for (const availability of [
      open(12),
      full(0),
      full(4),
      { state: 'not_yet_open', freeSeats: 20, waitlisted: 0, opensAt },
      { state: 'closed', freeSeats: 3, waitlisted: 1, opensAt: null },
      { state: 'past', freeSeats: 0, waitlisted: 0, opensAt: null },
      { state: 'cancelled', freeSeats: 5, waitlisted: 0, opensAt },
    ] satisfies Availability[]) {
      expect(readSeatToken(seatToken(42, availability))).toEqual(availability)
    }
  })

  it('are refused when they are not tokens', () => {
    for (const bad of ['', 'seats:1:open:1', 'seats:x:open:1:0:', 'seats:1:sold:1:0:', 'seats:1:open:-1:0:']) {
      expect(() => readSeatToken(bad)).toThrow()
    }
  })
})

describe('patching a cached page', () => {
  it('writes what a new render writes, for the session that changed and no other', () => {
    const cached = page([
      [1, open(5)],
      [2, open(5)],
    ])
    const patched = patchSeats(cached, {
      current: new Map([
        [1, open(4)],
        [2, open(5)],
      ]),
      locale: 'cs',
      document: true,
    })
    expect(patched?.body.toString()).toBe(
      page([
        [1, open(4)],
        [2, open(5)],
      ]).body.toString(),
    )
    expect(patched?.seats.tokens.get(1)).toBe(seatToken(1, open(4)))
  })

  it('changes the data alone when there is no markup (the data for client-side navigation)', () => {
    for (const kind of ['catalogue', 'workshop'] as const) {
      const data = {
        body: Buffer.from(`[{"seats":1},"${seatToken(7, full(1))}"]`),
        seats: { page: kind, tokens: new Map([[7, seatToken(7, full(1))]]) },
      }
      const patched = patchSeats(data, { current: new Map([[7, open(1)]]), locale: 'cs', document: false })
      expect(patched?.body.toString()).toBe(`[{"seats":1},"${seatToken(7, open(1))}"]`)
    }
  })

  it('leaves a workshop page to a new render when its buttons or its search-engine offer would change', () => {
    const attempt = (from: Availability, to: Availability) => {
      const cached = page([[3, from]], 'workshop')
      return patchSeats(cached, { current: new Map([[3, to]]), locale: 'cs', document: true })
    }
    // A count, in the same state and on the same side of "a few seats": in place.
    expect(attempt(open(9), open(8))?.body.toString()).toBe(page([[3, open(8)]], 'workshop').body.toString())
    expect(attempt(open(3), open(2))?.body.toString()).toBe(page([[3, open(2)]], 'workshop').body.toString())
    expect(attempt(full(1), full(2))?.body.toString()).toBe(page([[3, full(2)]], 'workshop').body.toString())
    // "Limited availability" begins below five free seats.
    expect(attempt(open(5), open(4))).toBeUndefined()
    // "Book" becomes "join the waiting list", and back.
    expect(attempt(open(1), full(0))).toBeUndefined()
    expect(attempt(full(1), open(1))).toBeUndefined()
    // The catalogue takes the same change in place: its card says nothing else of the seats.
    const card = page([[3, open(5)]])
    expect(patchSeats(card, { current: new Map([[3, open(4)]]), locale: 'cs', document: true })).toBeDefined()
  })

  it('gives up when anything is in doubt', () => {
    const cached = page([[1, open(5)]])
    const attempt = (current: Map<number, Availability>, body = cached.body) =>
      patchSeats({ body, seats: cached.seats }, { current, locale: 'cs', document: true })
    // The session is gone, or left "open"/"full" (the clock or an organiser did that).
    expect(attempt(new Map())).toBeUndefined()
    expect(attempt(new Map([[1, { ...open(5), state: 'closed' }]]))).toBeUndefined()
    // Other words on the card: the page carries only the texts it used.
    expect(attempt(new Map([[1, full(0)]]))).toBeUndefined()
    // The token or the markup found twice, or not at all.
    const twice = Buffer.concat([cached.body, Buffer.from(`"${seatToken(1, open(5))}"`)])
    expect(attempt(new Map([[1, open(4)]]), twice)).toBeUndefined()
    const noMarkup = Buffer.from(cached.body.toString().replace(/<ul>.*<\/ul>/, ''))
    expect(attempt(new Map([[1, open(4)]]), noMarkup)).toBeUndefined()
    // A token that only begins like the page's is not the page's.
    const longer = Buffer.from(cached.body.toString().replace(seatToken(1, open(5)), `${seatToken(1, open(5))}x`))
    expect(attempt(new Map([[1, open(4)]]), longer)).toBeUndefined()
    // Nothing changed: the page as it was.
    expect(attempt(new Map([[1, open(5)]]))?.body).toBe(cached.body)
  })
})
