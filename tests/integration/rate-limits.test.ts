import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { takeBookingAllowance, takeRateLimits, type BookingLimits } from '~/models/rate-limits.server'
import { requestBooking } from '~/models/sessions.server'
import { atDay, testStart } from '../support/clock'
import { createTestDatabase, type TestDatabase } from '../support/database'
import { createBookableSession, parsedBookingForm } from '../support/fixtures'

/*
 * The counters behind the booking limits, driven with `now` from the test clock. The limits
 * are the defaults from the environment (BOOKING_LIMIT_*): 30 per IP, 10 per IP and session,
 * in 10 minutes.
 */

const MINUTE = 60_000
const DEFAULTS: BookingLimits = { perIp: 30, perIpAndSession: 10, windowMinutes: 10 }
let database: TestDatabase

beforeAll(async () => {
  database = await createTestDatabase()
})
afterAll(async () => {
  await database?.cleanup()
})

const after = (start: Date, minutes: number) => new Date(start.getTime() + minutes * MINUTE)
const allow = (ip: string, sessionId: number, now: Date) =>
  takeBookingAllowance(database.db, { ip, sessionId, limits: DEFAULTS, now })

describe('booking allowance per IP address', () => {
  it('lets a school book 30 times in 10 minutes (10 per session), refuses more, and lets it book again later', async () => {
    const start = atDay(1, '08:03')
    const ip = '192.0.2.10'
    // 30 teachers behind one NAT address book three sessions within ten minutes.
    for (let n = 0; n < 30; n++) {
      expect(await allow(ip, 1 + (n % 3), after(start, n * 0.3)), `booking ${n + 1}`).toEqual({ ok: true })
    }
    const refused = await allow(ip, 4, after(start, 9.5))
    expect(refused.ok).toBe(false)
    if (refused.ok) return
    expect(refused.retryAfterSeconds).toBeGreaterThan(0)
    expect(refused.retryAfterSeconds).toBeLessThanOrEqual(20 * 60)

    // Another client is not affected.
    expect(await allow('192.0.2.11', 4, after(start, 9.5))).toEqual({ ok: true })
    // Once the time it was told to wait has passed, the school books again.
    expect(await allow(ip, 4, new Date(after(start, 9.5).getTime() + refused.retryAfterSeconds * 1000))).toEqual({ ok: true })
    // Half an hour later the whole allowance is back.
    for (let n = 0; n < 10; n++) expect(await allow(ip, 5, after(start, 40 + n * 0.1))).toEqual({ ok: true })
  })

  it('refuses the 11th booking for one session from one IP address, and does not count what it refused', async () => {
    const start = atDay(2, '10:00')
    const ip = '198.51.100.20'
    for (let n = 0; n < 10; n++) expect(await allow(ip, 7, after(start, n * 0.1))).toEqual({ ok: true })
    for (let n = 0; n < 50; n++) expect((await allow(ip, 7, after(start, 1 + n * 0.01))).ok).toBe(false)
    // The refused ones counted neither for the session nor for the IP: 20 more elsewhere pass.
    for (let n = 0; n < 20; n++) expect(await allow(ip, 8 + (n % 2), after(start, 2 + n * 0.1))).toEqual({ ok: true })
  })

  it('counts an IPv6 client by its /64 network, and an IPv4-mapped address as the IPv4 one', async () => {
    const start = atDay(4, '11:00')
    // One home or office network gets a /64: its hosts may pick any address in it.
    for (let n = 1; n <= 30; n++) {
      expect(await allow(`2001:db8:1:2:${n.toString(16)}::1`, 100 + (n % 5), after(start, n * 0.1))).toEqual({ ok: true })
    }
    expect((await allow('2001:0db8:0001:0002:abcd:ef01:2345:6789', 110, after(start, 4))).ok).toBe(false)
    expect(await allow('2001:db8:1:3::1', 110, after(start, 4))).toEqual({ ok: true })

    for (let n = 0; n < 30; n++)
      expect(await allow('::ffff:192.0.2.77', 120 + (n % 5), after(start, n * 0.1))).toEqual({ ok: true })
    expect((await allow('192.0.2.77', 130, after(start, 4))).ok).toBe(false)
  })

  it('clears counters that no window counts any more', async () => {
    const start = atDay(3, '09:00')
    for (let w = 0; w < 12; w++) {
      await takeRateLimits(database.db, [{ key: 'test:sweep', limit: { max: 5, windowMs: 10 * MINUTE } }], after(start, w * 10))
    }
    const rows = await database.db.selectFrom('rate_limit_counters').select('key').where('key', '=', 'test:sweep').execute()
    expect(rows.length).toBeLessThanOrEqual(2)
  })
})

describe('the allowance inside the booking (requestBooking)', () => {
  const ip = '203.0.113.40'
  const limits: BookingLimits = { perIp: 3, perIpAndSession: 2, windowMinutes: 10 }
  const book = (sessionId: number, n: number, form = parsedBookingForm(n)) =>
    requestBooking(database.db, { sessionId, form, locale: 'cs', ip, limits, now: testStart, appUrl: 'http://localhost' })
  const counters = () =>
    database.db.selectFrom('rate_limit_counters').select(['key', 'hits']).where('key', 'like', `%${ip}%`).orderBy('key').execute()
  const rows = async (table: 'registrations' | 'outbox') =>
    Number(
      (
        await database.db
          .selectFrom(table)
          .select((eb) => eb.fn.countAll().as('n'))
          .executeTakeFirstOrThrow()
      ).n,
    )

  it('counts nothing for what cannot be booked, and writes nothing for what it refuses', async () => {
    const open = await createBookableSession(database.db, { capacity: 5 })
    const cancelled = await createBookableSession(database.db, { capacity: 5 })
    await database.db.updateTable('sessions').set({ status: 'cancelled' }).where('id', '=', cancelled.sessionId).execute()
    const needsBirthDate = await createBookableSession(database.db, { capacity: 5, workshop: { requiresBirthDate: true } })

    // None of these is a booking, so none costs the client anything.
    expect(await book(cancelled.sessionId, 1)).toEqual({ kind: 'refused', reason: 'cancelled' })
    expect(await book(999_999, 2)).toEqual({ kind: 'not_found' })
    expect(await book(needsBirthDate.sessionId, 3)).toEqual({ kind: 'birth_date_required' })
    expect(await counters()).toEqual([])

    const registrationsBefore = await rows('registrations')
    const outboxBefore = await rows('outbox')
    expect((await book(open.sessionId, 4)).kind).toBe('registered')
    expect((await book(open.sessionId, 5)).kind).toBe('registered')
    // The third for one session from one address: refused in the same transaction, nothing booked or mailed.
    const refused = await book(open.sessionId, 6)
    expect(refused.kind).toBe('too_many')
    expect(await rows('registrations')).toBe(registrationsBefore + 2)
    expect(await rows('outbox')).toBe(outboxBefore + 2)
    // What it refused counted neither for the session nor for the address.
    expect(await counters()).toEqual([
      { key: `booking:ip-session:${ip}:${open.sessionId}`, hits: 2 },
      { key: `booking:ip:${ip}`, hits: 2 },
    ])
  })
})
