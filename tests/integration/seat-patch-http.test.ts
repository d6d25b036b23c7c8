import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { testStart } from '../support/clock'
import { createTestDatabase, type TestDatabase } from '../support/database'
import { addBookableSession, bookingForm, createBookableSession } from '../support/fixtures'
import { manageLinkFromOutbox } from '../support/manage-link'
import { LOAD_TEST_LIMITS, startServer, type RunningServer } from '../support/server'

/*
 * The page cache brings a cached catalogue page's seats up to date in place when only seat
 * counts changed (app/web/seat-patch.server.tsx). Two servers on one database: `cached` with
 * the page cache, where the bookings go, and `fresh` without it, which renders every page.
 * Whatever `cached` answers, patched or not, must be byte for byte what `fresh` renders.
 */
let database: TestDatabase
let cached: RunningServer
let fresh: RunningServer
let sessionId: number

beforeAll(async () => {
  database = await createTestDatabase({ seedAt: testStart })
  // The soonest session of all, so its workshop's card is the first on the first page.
  ;({ sessionId } = await createBookableSession(database.db, {
    capacity: 2,
    startsInDays: 0.25,
    workshop: { title: 'Bezpečná hesla ve sborovně' },
  }))
  // Neither server may write behind the other's back (that would be another process's
  // write, which empties the cache): no mail worker, no jobs.
  // One public address for both: pages show it (the calendar feed's links).
  const env = { DATABASE_URL: database.url, APP_URL: 'http://workshops.example', OUTBOX_WORKER: 'off', ...LOAD_TEST_LIMITS }
  ;[cached, fresh] = await Promise.all([
    startServer({ ...env, PAGE_CACHE_SECONDS: '600' }),
    startServer({ ...env, PAGE_CACHE_SECONDS: '0' }),
  ])
})
afterAll(async () => {
  await Promise.all([cached?.stop(), fresh?.stop()])
  await database?.cleanup()
})

/** The page with its CSP nonce made neutral: each response has its own. */
async function get(server: RunningServer, path: string, language = 'cs') {
  const response = await fetch(server.url + path, { headers: { 'Accept-Language': language } })
  expect(response.status).toBe(200)
  const body = await response.text()
  const nonce = /nonce="([^"]+)"/.exec(body)?.[1]
  return { state: response.headers.get('x-page-cache'), body: nonce ? body.split(nonce).join('NONCE') : body }
}

let booked = 0
async function book(into = sessionId) {
  const n = ++booked
  const response = await fetch(`${cached.url}/sessions/${into}/book`, {
    method: 'POST',
    body: bookingForm(n),
    redirect: 'manual',
  })
  expect(response.status).toBe(303)
  return `ucastnik.${n}@skola.example`
}

/** The booking of that address cancelled through its manage link. */
async function cancel(email: string) {
  const response = await fetch(`${cached.url}${await manageLinkFromOutbox(database.db, email)}/cancel`, {
    method: 'POST',
    redirect: 'manual',
  })
  expect(response.status).toBe(303)
}

const PAGES = [
  ['/workshops', 'cs'],
  ['/workshops', 'en'],
  ['/workshops.data', 'cs'],
  ['/workshops?topic=cybersecurity', 'cs'],
] as const

/**
 * Every page as `cached` answers it now, each checked against a fresh render. The documents
 * as `documents` says; the data for client-side navigation carries no words, so any change
 * between open and full is brought up to date in place.
 */
async function expectEveryPageFresh(documents: 'PATCHED' | 'MISS', pages: readonly (readonly [string, string])[] = PAGES) {
  for (const [path, language] of pages) {
    const answer = await get(cached, path, language)
    const rendered = await get(fresh, path, language)
    const expected = path.endsWith('.data') ? 'PATCHED' : documents
    expect([path, language, answer.state]).toEqual([path, language, expected])
    expect(answer.body).toBe(rendered.body)
    // Asked again, the same answer from the cache.
    expect(await get(cached, path, language)).toEqual({ state: 'HIT', body: answer.body })
  }
}

describe('a cached catalogue page while bookings come in', () => {
  it('is brought up to date in place by bookings and a cancellation, and rendered anew when more changed', async () => {
    for (const [path, language] of PAGES) {
      expect((await get(cached, path, language)).state).toBe('MISS')
      expect((await get(cached, path, language)).state).toBe('HIT')
    }
    const before = await get(cached, '/workshops')
    expect(before.body).toContain('Bezpečná hesla ve sborovně')

    const first = await book()
    await expectEveryPageFresh('PATCHED')
    expect((await get(cached, '/workshops')).body).not.toBe(before.body)

    // The last seat: "full" says something else with other words, so the page is rendered.
    await book()
    await expectEveryPageFresh('MISS')
    // The first on the waiting list adds the waiting list's words: rendered again.
    await book()
    await expectEveryPageFresh('MISS')
    // The second only changes a number.
    await book()
    await expectEveryPageFresh('PATCHED')

    // A cancellation hands the seat to the first on the waiting list: one fewer waiting.
    await cancel(first)
    await expectEveryPageFresh('PATCHED')
  })

  it('is rendered anew after any other change, and with "free seats" after every booking', async () => {
    await get(cached, '/workshops?free=1')
    await book()
    const free = await get(cached, '/workshops?free=1')
    expect(free.state).toBe('MISS')
    expect(free.body).toBe((await get(fresh, '/workshops?free=1')).body)

    await database.db.updateTable('workshops').set({ summary: 'Hesla, správce hesel a dvoufázové ověření.' }).execute()
    const changed = await get(cached, '/workshops')
    expect(changed.state).toBe('MISS')
    expect(changed.body).toContain('dvoufázové ověření')
    expect(changed.body).toBe((await get(fresh, '/workshops')).body)
  })
})

describe('a cached workshop page while bookings come in', () => {
  it('is brought up to date in place while its buttons and its offer for search engines stay as they were', async () => {
    const {
      sessionId: seven,
      workshopId,
      slug,
    } = await createBookableSession(database.db, {
      capacity: 7,
      startsInDays: 3,
      workshop: { title: 'Phishing ve školní poště' },
    })
    // A second session of the workshop, whose seats stay as they are.
    await addBookableSession(database.db, { workshopId, capacity: 12, startsInDays: 10 })
    const pages = [
      [`/workshops/${slug}`, 'cs'],
      [`/workshops/${slug}`, 'en'],
      [`/workshops/${slug}.data`, 'cs'],
    ] as const
    for (const [path, language] of pages) {
      expect((await get(cached, path, language)).state).toBe('MISS')
      expect((await get(cached, path, language)).state).toBe('HIT')
    }
    const expectFresh = (documents: 'PATCHED' | 'MISS') => expectEveryPageFresh(documents, pages)

    // 7 free seats, then 6 and 5: a number.
    const first = await book(seven)
    await expectFresh('PATCHED')
    await book(seven)
    await expectFresh('PATCHED')
    // 4: the offer says "limited availability" now, so the page is rendered.
    await book(seven)
    await expectFresh('MISS')
    const limited = await get(cached, `/workshops/${slug}`)
    expect(limited.body).toContain('https://schema.org/LimitedAvailability')
    // 3, 2, 1: numbers again.
    for (let i = 0; i < 3; i++) {
      await book(seven)
      await expectFresh('PATCHED')
    }
    // Full: "book" becomes "join the waiting list".
    await book(seven)
    await expectFresh('MISS')
    // The first on the waiting list brings the waiting list's words; the second a number.
    await book(seven)
    await expectFresh('MISS')
    await book(seven)
    await expectFresh('PATCHED')
    // A cancellation: the first on the waiting list gets the seat, one fewer waiting.
    await cancel(first)
    await expectFresh('PATCHED')
  })
})
