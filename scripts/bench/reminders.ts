import { randomUUID } from 'node:crypto'
import autocannon from 'autocannon'
import { queueDueReminders } from '~/models/reminders.server'
import { openDatabase } from '~/utils/db.server'
import { createTestDatabase } from '../../tests/support/database'
import { bookingForm, createBookableSession } from '../../tests/support/fixtures'
import { LOAD_TEST_LIMITS, startServer } from '../../tests/support/server'

const HOUR_MS = 3_600_000

/**
 * A reminder run over `due` registrations whose 2-hour reminder is due, made by a process of
 * its own (this one) on the server's database while people keep booking over HTTP (10
 * connections). Reported: how long the run took to queue every e-mail, and the bookings' p99
 * during the run against their p99 with no run, measured in the same bench.
 */
export async function reminderRun(due = 10_000) {
  const database = await createTestDatabase()
  const now = new Date()
  const sessions = Math.ceil(due / 500)
  const { sessionId: bookable } = await createBookableSession(database.db, { capacity: 2000, startsInDays: 7 })
  // More seats than the organiser's form allows (2,000): the bench must never fill the session.
  await database.db.updateTable('sessions').set({ capacity: 1_000_000 }).where('id', '=', bookable).execute()
  // The people to remind are written directly: the bench measures the run, not the booking path.
  const nowIso = now.toISOString()
  for (let s = 0; s < sessions; s++) {
    const { sessionId } = await createBookableSession(database.db, {
      capacity: 500,
      now: new Date(now.getTime() - 4 * 24 * HOUR_MS),
      startsInDays: 4 + 1.5 / 24,
    })
    const count = Math.min(500, due - s * 500)
    const rows = Array.from({ length: count }, (_, i) => ({
      session_id: sessionId,
      full_name: `Účastník ${s}-${i}`,
      email: `u${s}-${i}@skola.example`,
      email_normalized: `u${s}-${i}@skola.example`,
      organisation: 'ZŠ',
      participant_type: 'official' as const,
      locale: 'cs' as const,
      status: 'confirmed' as const,
      invite_uid: `${randomUUID()}@bench`,
      check_in_code: `B${String(s * 500 + i).padStart(7, '0')}`,
      consent_at: nowIso,
      confirmed_at: new Date(now.getTime() - 4 * 24 * HOUR_MS).toISOString(),
      created_at: nowIso,
      updated_at: nowIso,
    }))
    for (let i = 0; i < rows.length; i += 100)
      await database.db
        .insertInto('registrations')
        .values(rows.slice(i, i + 100))
        .execute()
    await database.db.updateTable('sessions').set({ confirmed_count: count }).where('id', '=', sessionId).execute()
  }
  await database.db.destroy()
  const server = await startServer({ DATABASE_URL: database.url, OUTBOX_WORKER: 'off', ...LOAD_TEST_LIMITS })
  let n = 0
  const bookings = (duration: number) =>
    autocannon({
      url: `${server.url}/sessions/${bookable}/book`,
      connections: 10,
      duration,
      requests: [
        {
          method: 'POST',
          headers: { 'content-type': 'application/x-www-form-urlencoded' },
          setupRequest: (request) => ({ ...request, body: bookingForm(n++).toString() }),
        },
      ],
    })
  const jobs = openDatabase(database.url)
  try {
    await bookings(2)
    const quiet = await bookings(5)
    const during = bookings(10)
    const started = performance.now()
    const queued = await queueDueReminders(jobs, { now, appUrl: 'http://bench.test' })
    const runMs = Math.round(performance.now() - started)
    const busy = await during
    return {
      name: `reminder run over ${due} due registrations`,
      queued,
      runMs,
      bookingP99QuietMs: quiet.latency.p99,
      bookingP99DuringMs: busy.latency.p99,
      bookingsDuring: busy.requests.total,
      failedBookings: busy.errors + (busy.non2xx - (busy['3xx'] ?? 0)),
    }
  } finally {
    await jobs.destroy()
    await server.stop()
    await database.cleanup()
  }
}
