import autocannon from 'autocannon'
import type { Engine } from '~/utils/db.server'
import { createTestDatabase } from '../../tests/support/database'
import { bookingForm, createBookableSession } from '../../tests/support/fixtures'
import { LOAD_TEST_LIMITS, startServer, type RunningServer } from '../../tests/support/server'

/*
 * The same booking and catalogue load against SQLite in one process and PostgreSQL with one
 * and with three instances (each its own process with its own mail worker), so the figures
 * of the engines stand side by side from one run on one machine.
 */
const LOAD_TEST = { ...LOAD_TEST_LIMITS, OUTBOX_POLL_MS: '200' }

export type InstancesResult = { name: string; requestsPerSecond: number; p99Ms: number; failed: number }

async function withInstances<T>(
  { engine, instances, seed, env = {} }: { engine: Engine; instances: number; seed?: boolean; env?: Record<string, string> },
  fn: (servers: RunningServer[], database: Awaited<ReturnType<typeof createTestDatabase>>) => Promise<T>,
): Promise<T> {
  const database = await createTestDatabase({ engine, seedAt: seed ? new Date() : undefined })
  const servers = await Promise.all(
    Array.from({ length: instances }, () =>
      startServer({ DATABASE_URL: database.url, SMTP_URL: 'smtp://127.0.0.1:9', ...LOAD_TEST, ...env }),
    ),
  )
  try {
    return await fn(servers, database)
  } finally {
    await Promise.all(servers.map((s) => s.stop()))
    await database.cleanup()
  }
}

/** One autocannon per instance, at once, with the connections shared out; their rates add up. */
async function spread(
  servers: RunningServer[],
  { path, connections, seconds, booking }: { path: string; connections: number; seconds: number; booking?: boolean },
) {
  let n = 0
  const each = (server: RunningServer, duration: number) =>
    autocannon({
      url: server.url + path,
      connections: Math.max(1, Math.round(connections / servers.length)),
      duration,
      requests: booking
        ? [
            {
              method: 'POST',
              headers: { 'content-type': 'application/x-www-form-urlencoded' },
              setupRequest: (request) => ({ ...request, body: bookingForm(n++).toString() }),
            },
          ]
        : undefined,
    })
  await Promise.all(servers.map((s) => each(s, 2)))
  const results = await Promise.all(servers.map((s) => each(s, seconds)))
  const expected = booking ? '3xx' : '2xx'
  return {
    requestsPerSecond: Math.round(results.reduce((sum, r) => sum + r.requests.average, 0)),
    p99Ms: Math.max(...results.map((r) => r.latency.p99)),
    // Answers that were not the expected kind, and requests that got none; not the ones still in
    // flight when the run ended (requests.sent counts those too: one per connection).
    failed: results.reduce((sum, r) => sum + r.errors + (r.requests.total - (r[expected] ?? 0)), 0),
  }
}

export async function bookingsOn(engine: Engine, instances: number, seconds = 10): Promise<InstancesResult> {
  return withInstances({ engine, instances }, async (servers, database) => {
    const { sessionId } = await createBookableSession(database.db, { capacity: 2000 })
    // More seats than the organiser's form allows: the bench must never fill the session.
    await database.db.updateTable('sessions').set({ capacity: 1_000_000 }).where('id', '=', sessionId).execute()
    const result = await spread(servers, { path: `/sessions/${sessionId}/book`, connections: 48, seconds, booking: true })
    return { name: `bookings, ${engine}, ${instances} instance${instances > 1 ? 's' : ''}`, ...result }
  })
}

export async function catalogueOn(engine: Engine, instances: number, env: Record<string, string> = {}, seconds = 10) {
  return withInstances({ engine, instances, seed: true, env }, async (servers) => {
    const result = await spread(servers, { path: '/workshops', connections: 48, seconds })
    const cache = env.PAGE_CACHE_SECONDS === '0' ? 'rendered' : 'cached'
    return { name: `GET /workshops (${cache}), ${engine}, ${instances} instance${instances > 1 ? 's' : ''}`, ...result }
  })
}
