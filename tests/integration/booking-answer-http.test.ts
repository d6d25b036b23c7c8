import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createTestDatabase, type TestDatabase } from '../support/database'
import { bookingForm, bookingTally, createBookableSession } from '../support/fixtures'
import { startServer, type RunningServer } from '../support/server'

/*
 * Booking must not tell whoever fills in the form whether an address is already booked on a
 * session: a new booking and a repeated one get the same answer on the page. What differs —
 * the confirmation or the waiting-list e-mail, or a new copy of the existing booking's link —
 * goes only to the mailbox of the address.
 */

let database: TestDatabase
let server: RunningServer
let sessionId: number

beforeAll(async () => {
  database = await createTestDatabase()
  ;({ sessionId } = await createBookableSession(database.db, { capacity: 1 }))
  server = await startServer({ DATABASE_URL: database.url })
})
afterAll(async () => {
  await server?.stop()
  await database?.cleanup()
})

/** What a browser sees of an answer: status, where it goes, cookies, and the page it then shows. */
async function answer(form: URLSearchParams) {
  const response = await fetch(`${server.url}/sessions/${sessionId}/book`, { method: 'POST', body: form, redirect: 'manual' })
  await response.body?.cancel()
  return {
    status: response.status,
    location: response.headers.get('location'),
    cookies: response.headers.getSetCookie(),
    headers: [...response.headers.keys()].filter((name) => name !== 'date').sort(),
  }
}

async function pageAt(location: string) {
  const response = await fetch(server.url + location)
  // Each response has its own CSP nonce; nothing else may differ.
  return { status: response.status, html: (await response.text()).replace(/nonce="[^"]*"/g, 'nonce=""') }
}

const templatesTo = async (address: string) =>
  (await database.db.selectFrom('outbox').select('template').where('recipient', '=', address).orderBy('id').execute()).map(
    (r) => r.template,
  )

describe('the answer to a booking says nothing about earlier bookings of the address', () => {
  it('answers a new booking, a waiting-list one and repeated ones alike, and mails the difference', async () => {
    const first = await answer(bookingForm(1))
    const firstAgain = await answer(bookingForm(1, { email: 'UCASTNIK.1@skola.example' }))
    const waiting = await answer(bookingForm(2))
    const waitingAgain = await answer(bookingForm(2))

    expect(first.status).toBe(303)
    // No manage link in the answer: it would hand the booking to whoever typed the address.
    expect(first.location).not.toMatch(/registrations/)
    for (const other of [firstAgain, waiting, waitingAgain]) expect(other).toEqual(first)

    const pages = await Promise.all([first, firstAgain, waiting, waitingAgain].map((a) => pageAt(a.location!)))
    expect(pages[0]!.status).toBe(200)
    expect(pages[0]!.html).toContain('Zkontrolujte svou e-mailovou schránku')
    // The session is full now, but whoever took its last seat is not told "waiting list".
    expect(pages[0]!.html).toMatch(/<h1[^>]*>Rezervace místa<\/h1>/)
    expect(pages[0]!.html).not.toContain('Zápis do pořadníku')
    for (const page of pages.slice(1)) expect(page).toEqual(pages[0])

    const tally = await bookingTally(database.db, sessionId)
    expect({ confirmed: tally.confirmed, waitlisted: tally.waitlisted }).toEqual({ confirmed: 1, waitlisted: 1 })
    expect(await templatesTo('ucastnik.1@skola.example')).toEqual(['registration.confirmed', 'registration.link'])
    expect(await templatesTo('ucastnik.2@skola.example')).toEqual(['registration.waitlisted', 'registration.link'])
  })

  it('says it in English too', async () => {
    const response = await fetch(`${server.url}/sessions/${sessionId}/book?sent=1`, { headers: { 'Accept-Language': 'en' } })
    expect(await response.text()).toContain('Check your mailbox')
  })
})
