// Clock-independent: how many of a burst's bookings get one of 20 seats; the session lies days
// ahead of any clock, and its booking window is checked under every moved clock by booking-http.test.ts.
import type { Kysely } from 'kysely'
import { afterEach, describe, expect, it } from 'vitest'
import type { DB } from '../../db/schema'
import { createTestDatabase, type TestDatabase } from '../support/database'
import { bookingForm, bookingTally, createBookableSession } from '../support/fixtures'
import { LOAD_TEST_LIMITS, startServer, type RunningServer } from '../support/server'

const BURST = 200
const CAPACITY = 20

let database: TestDatabase | undefined
let servers: RunningServer[] = []
afterEach(async () => {
  await Promise.all(servers.map((s) => s.stop()))
  servers = []
  await database?.cleanup()
  database = undefined
})

/** Fires every booking at once, spread over the given servers, and returns the HTTP statuses. */
async function burst(sessionId: number, urls: string[]): Promise<number[]> {
  return Promise.all(
    Array.from({ length: BURST }, (_, n) =>
      fetch(`${urls[n % urls.length]}/sessions/${sessionId}/book`, {
        method: 'POST',
        body: bookingForm(n),
        redirect: 'manual',
      }).then(async (response) => {
        await response.arrayBuffer()
        return response.status
      }),
    ),
  )
}

function expectNoOverbooking(tally: Awaited<ReturnType<typeof bookingTally>>) {
  expect(tally.confirmed).toBe(CAPACITY)
  expect(tally.waitlisted).toBe(BURST - CAPACITY)
  expect(tally.confirmed_count).toBe(tally.confirmed)
  expect(tally.waitlisted_count).toBe(tally.waitlisted)
}

describe('a burst of bookings for 20 seats', () => {
  it(`confirms exactly ${CAPACITY} of ${BURST} simultaneous bookings on one app process`, async () => {
    database = await createTestDatabase()
    const { sessionId } = await createBookableSession(database.db, { capacity: CAPACITY })
    servers = [await startServer({ DATABASE_URL: database.url, PAGE_CACHE_SECONDS: '0', ...LOAD_TEST_LIMITS })]
    const statuses = await burst(
      sessionId,
      servers.map((s) => s.url),
    )
    expect(statuses.filter((s) => s !== 303)).toEqual([])
    expectNoOverbooking(await bookingTally(database.db, sessionId))
    const outbox = await database.db.selectFrom('outbox').select(['template']).execute()
    expect(outbox.filter((m) => m.template === 'registration.confirmed')).toHaveLength(CAPACITY)
    expect(outbox.filter((m) => m.template === 'registration.waitlisted')).toHaveLength(BURST - CAPACITY)
  })

  it('confirms exactly 20 with two app processes on one SQLite file', async () => {
    database = await createTestDatabase()
    const { sessionId } = await createBookableSession(database.db, { capacity: CAPACITY })
    servers = await Promise.all([
      startServer({ DATABASE_URL: database.url, ...LOAD_TEST_LIMITS }),
      startServer({ DATABASE_URL: database.url, ...LOAD_TEST_LIMITS }),
    ])
    const statuses = await burst(
      sessionId,
      servers.map((s) => s.url),
    )
    expect(statuses.filter((s) => s !== 303)).toEqual([])
    expectNoOverbooking(await bookingTally(database.db, sessionId))
    const positions = await database.db
      .selectFrom('registrations')
      .select(['email'])
      .where('session_id', '=', sessionId)
      .execute()
    expect(new Set(positions.map((p) => p.email)).size).toBe(BURST)
  })

  it('negative control: the same burst and the same checks catch a booking that reads, then writes', async () => {
    // Without the write lock held from the first statement, requests interleave between
    // reading the count and writing the booking, as two processes would. The checks above
    // must then see more than 20 confirmed people: they can fail.
    database = await createTestDatabase()
    const { sessionId } = await createBookableSession(database.db, { capacity: CAPACITY })
    await Promise.all(Array.from({ length: BURST }, (_, n) => naiveRegister(database!.db, sessionId, n)))
    const tally = await bookingTally(database.db, sessionId)
    expect(tally.confirmed).toBeGreaterThan(CAPACITY)
    expect(() => expectNoOverbooking(tally)).toThrow()
  })
})

/** How booking goes wrong: count, yield (another request runs), then insert on a stale count. */
async function naiveRegister(db: Kysely<DB>, sessionId: number, n: number) {
  const { count } = await db
    .selectFrom('registrations')
    .select((eb) => eb.fn.countAll<number>().as('count'))
    .where('session_id', '=', sessionId)
    .where('status', '=', 'confirmed')
    .executeTakeFirstOrThrow()
  await new Promise((resolve) => setImmediate(resolve))
  const now = new Date().toISOString()
  await db
    .insertInto('registrations')
    .values({
      session_id: sessionId,
      full_name: `Naive ${n}`,
      email: `naive.${n}@example.cz`,
      email_normalized: `naive.${n}@example.cz`,
      organisation: null,
      status: Number(count) < CAPACITY ? 'confirmed' : 'waitlisted',
      created_at: now,
      updated_at: now,
    })
    .execute()
}
