import { spawn, type ChildProcess } from 'node:child_process'
import path from 'node:path'
import autocannon from 'autocannon'
import { enqueueEmail } from '~/models/outbox.server'
import { openDatabase } from '~/utils/db.server'
import { createSmtpSender } from '~/utils/mailer.server'
import { startOutboxWorker } from '~/jobs/outbox-worker.server'
import { createTestDatabase } from '../../tests/support/database'
import { bookingForm, createBookableSession } from '../../tests/support/fixtures'
import { LOAD_TEST_LIMITS, startServer } from '../../tests/support/server'

type SmtpSink = { url: string; received: () => number; stop: () => Promise<void> }

export async function startSmtpSink(): Promise<SmtpSink> {
  const child: ChildProcess = spawn(process.execPath, ['--import', 'tsx', path.resolve('scripts/bench/smtp-sink.ts')], {
    stdio: ['ignore', 'pipe', 'inherit'],
  })
  let received = 0
  const port = await new Promise<number>((resolve) => {
    child.stdout!.on('data', (chunk: Buffer) => {
      for (const line of chunk.toString().split('\n')) {
        const listening = /^listening (\d+)/.exec(line)
        if (listening) resolve(Number(listening[1]))
        const count = /^received (\d+)/.exec(line)
        if (count) received = Number(count[1])
      }
    })
  })
  return {
    url: `smtp://127.0.0.1:${port}`,
    received: () => received,
    stop: () =>
      new Promise((resolve) =>
        child.exitCode !== null ? resolve() : (child.once('exit', () => resolve()), child.kill('SIGTERM')),
      ),
  }
}

/** Sustained bookings through HTTP: 50 connections, each POST a new person, for `seconds`. */
export async function bookingThroughput(seconds = 10) {
  const sink = await startSmtpSink()
  const database = await createTestDatabase()
  const { sessionId } = await createBookableSession(database.db, { capacity: 2000 })
  // More seats than the organiser's form allows (2,000): the bench must never fill the session.
  await database.db.updateTable('sessions').set({ capacity: 1_000_000 }).where('id', '=', sessionId).execute()
  await database.db.destroy()
  const server = await startServer({ DATABASE_URL: database.url, SMTP_URL: sink.url, OUTBOX_POLL_MS: '200', ...LOAD_TEST_LIMITS })
  try {
    let n = 0
    const run = (duration: number) =>
      autocannon({
        url: `${server.url}/sessions/${sessionId}/book`,
        connections: 50,
        duration,
        requests: [
          {
            method: 'POST',
            headers: { 'content-type': 'application/x-www-form-urlencoded' },
            setupRequest: (request) => ({ ...request, body: bookingForm(n++).toString() }),
          },
        ],
      })
    await run(2)
    const result = await run(seconds)
    return {
      name: 'POST /sessions/<id>/book (sustained)',
      requestsPerSecond: Math.round(result.requests.average),
      p99Ms: result.latency.p99,
      errors: result.errors,
      // A booking answers 303 See Other; anything else is a failure here.
      non2xx: result.non2xx - (result['3xx'] ?? 0),
    }
  } finally {
    await server.stop()
    await sink.stop()
    await database.cleanup()
  }
}

/**
 * 200 people book the same 20-seat session at the same instant: autocannon opens 200
 * connections and sends one booking on each. Two warm-up bursts, then `bursts` measured ones;
 * the p99 of a burst is its second-slowest answer. Mail goes to a loopback SMTP server, as in
 * production, so the worker's work is part of the picture.
 */
export async function bookingBursts(bursts = 10) {
  const sink = await startSmtpSink()
  const database = await createTestDatabase()
  const server = await startServer({ DATABASE_URL: database.url, SMTP_URL: sink.url, ...LOAD_TEST_LIMITS })
  const p99s: number[] = []
  let failures = 0
  let overbooked = 0
  try {
    for (let b = 0; b < bursts + 2; b++) {
      const { sessionId } = await createBookableSession(database.db, { capacity: 20 })
      let n = b * 1000
      const result = await autocannon({
        url: `${server.url}/sessions/${sessionId}/book`,
        connections: 200,
        amount: 200,
        requests: [
          {
            method: 'POST',
            headers: { 'content-type': 'application/x-www-form-urlencoded' },
            setupRequest: (request) => ({ ...request, body: bookingForm(n++).toString() }),
          },
        ],
      })
      failures += result.errors + (200 - (result['3xx'] ?? 0))
      const confirmed = await database.db
        .selectFrom('registrations')
        .select('id')
        .where('session_id', '=', sessionId)
        .where('status', '=', 'confirmed')
        .execute()
      if (confirmed.length !== 20) overbooked++
      if (b >= 2) p99s.push(result.latency.p99)
    }
  } finally {
    await server.stop()
    await sink.stop()
    await database.cleanup()
  }
  const sorted = [...p99s].sort((a, b) => a - b)
  return {
    name: `200-way booking burst ×${bursts}`,
    medianP99Ms: sorted[Math.floor(sorted.length / 2)]!,
    worstP99Ms: sorted[sorted.length - 1]!,
    failures,
    burstsNotExactly20Confirmed: overbooked,
  }
}

/** The outbox worker draining `count` queued confirmations (with invites) to a loopback SMTP server. */
export async function mailThroughput(count = 3000) {
  const sink = await startSmtpSink()
  const database = await createTestDatabase()
  const now = new Date()
  await database.db.transaction().execute(async (trx) => {
    for (let i = 0; i < count; i++) {
      await enqueueEmail(
        trx,
        {
          key: `bench:${i}`,
          template: 'registration.confirmed',
          recipient: `ucastnik.${i}@skola.example`,
          locale: 'cs',
          props: {
            session: {
              workshopTitle: 'Kybernetická bezpečnost na obecním úřadě',
              startsAt: '2026-12-01T13:00:00.000Z',
              endsAt: '2026-12-01T16:00:00.000Z',
              venueName: 'Krajský úřad Libereckého kraje',
              address: 'U Jezu 642/2a, 461 80 Liberec',
              room: 'zasedací místnost 1.15',
              onlineUrl: null,
              organiserName: 'Datový portál Libereckého kraje',
              organiserEmail: 'portal@kraj.example',
            },
            participant: { name: `Účastník ${i}`, email: `ucastnik.${i}@skola.example` },
            manageUrl: `http://localhost:3000/registrations/${'x'.repeat(43)}`,
            invite: { uid: `bench-${i}@localhost`, sequence: 0 },
          },
        },
        { now, messageDomain: 'localhost' },
      )
    }
  })
  const db = openDatabase(database.url)
  const started = performance.now()
  const cpuBefore = process.cpuUsage()
  const worker = startOutboxWorker({
    db,
    sender: createSmtpSender(sink.url, 'Workshopy <noreply@localhost>'),
    pollMs: 50,
    log: () => undefined,
  })
  try {
    while (sink.received() < count) {
      if (performance.now() - started > 120_000)
        throw new Error(`only ${sink.received()} of ${count} e-mails arrived in 2 minutes`)
      await new Promise((r) => setTimeout(r, 50))
    }
    const seconds = (performance.now() - started) / 1000
    const cpu = process.cpuUsage(cpuBefore)
    return {
      name: `outbox → loopback SMTP (${count} e-mails with invites)`,
      emailsPerSecond: Math.round(count / seconds),
      // The sender's own CPU per message: steadier than the rate, which the sink's share of the machine sways.
      cpuMsPerEmail: Number(((cpu.user + cpu.system) / 1000 / count).toFixed(2)),
    }
  } finally {
    await worker.stop()
    await db.destroy()
    await sink.stop()
    await database.cleanup()
  }
}
