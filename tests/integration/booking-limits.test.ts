import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { createTestDatabase, type TestDatabase } from '../support/database'
import { bookingForm, createBookableSession } from '../support/fixtures'
import { requestsTo, startServer, type RunningServer } from '../support/server'

/*
 * Issue 10, point 5: the built server with its default limits (no BOOKING_LIMIT_* in its
 * environment): 10 bookings for one session and 30 in all from one IP address in 10 minutes.
 * Every request here comes from 127.0.0.1. A fresh server and database for each test.
 */

let database: TestDatabase
let server: RunningServer
beforeEach(async () => {
  database = await createTestDatabase()
  server = await startServer({ DATABASE_URL: database.url })
})
afterEach(async () => {
  await server?.stop()
  await database?.cleanup()
})

const { post } = requestsTo(() => server)
const book = (sessionId: number, form: URLSearchParams, headers: Record<string, string> = {}) =>
  post(`/sessions/${sessionId}/book`, form, headers)

async function written() {
  const count = async (table: 'registrations' | 'outbox') =>
    Number(
      (
        await database.db
          .selectFrom(table)
          .select((eb) => eb.fn.countAll<number>().as('n'))
          .executeTakeFirstOrThrow()
      ).n,
    )
  return { registrations: await count('registrations'), outbox: await count('outbox') }
}

async function expectRefused(response: Response, text: string) {
  expect(response.status).toBe(429)
  const retryAfter = Number(response.headers.get('retry-after'))
  expect(retryAfter).toBeGreaterThan(0)
  expect(retryAfter).toBeLessThanOrEqual(20 * 60)
  // The page depends on the language, as every page does.
  expect(response.headers.get('vary')).toMatch(/Accept-Language/)
  const html = await response.text()
  expect(html).toContain(text)
  return html
}

describe('booking limits (defaults)', () => {
  it('takes 10 bookings for one session from one IP address, then answers 429 in the visitor’s language and keeps the form', async () => {
    const { sessionId } = await createBookableSession(database.db, { capacity: 50 })
    // Bad input is answered 400 and not counted.
    for (let n = 1; n <= 5; n++) {
      expect((await book(sessionId, bookingForm(n, { email: 'not-an-email' }))).status).toBe(400)
    }
    for (let n = 1; n <= 10; n++) expect((await book(sessionId, bookingForm(n))).status, `booking ${n}`).toBe(303)
    const before = await written()

    const html = await expectRefused(await book(sessionId, bookingForm(11)), 'Příliš mnoho rezervací z jedné sítě')
    expect(html).toMatch(/odešlete ho prosím znovu za \d+\u00a0minut/)
    // What the visitor typed is still in the form.
    expect(html).toContain('value="Účastník Číslo 11"')
    expect(html).toContain('value="ucastnik.11@skola.example"')
    const english = await expectRefused(
      await book(sessionId, bookingForm(12), { 'Accept-Language': 'en' }),
      'Too many bookings from one network',
    )
    expect(english).toMatch(/please send it again in \d+\u00a0minutes?/)
    expect(await written()).toEqual(before)

    // The same IP address may still book another session; its form is the usual page.
    const { sessionId: other } = await createBookableSession(database.db, { capacity: 50 })
    const form = await fetch(`${server.url}/sessions/${other}/book`)
    expect(form.status).toBe(200)
    expect(form.headers.get('retry-after')).toBeNull()
    expect(form.headers.get('vary')).toMatch(/Accept-Language/)
    expect((await book(other, bookingForm(13))).status).toBe(303)
  })

  it('takes 30 bookings from one IP address across sessions, then answers 429 and writes nothing', async () => {
    const sessions = []
    for (let i = 0; i < 4; i++) sessions.push((await createBookableSession(database.db, { capacity: 50 })).sessionId)
    for (let n = 0; n < 30; n++) {
      expect((await book(sessions[n % 3]!, bookingForm(n))).status, `booking ${n + 1}`).toBe(303)
    }
    const before = await written()
    await expectRefused(await book(sessions[3]!, bookingForm(30)), 'Příliš mnoho rezervací z jedné sítě')
    expect(await written()).toEqual(before)
  })
})
