// Clock-independent: that mail waits for an SMTP server that is down and goes once it is back;
// its retries wait durations, and the messages' dates are checked under every moved clock elsewhere.
import { afterAll, describe, expect, it } from 'vitest'
import { createTestDatabase, type TestDatabase } from '../support/database'
import { bookingForm, bookingTally, createBookableSession } from '../support/fixtures'
import { startServer, type RunningServer } from '../support/server'
import { freePort, startSmtpServer, type TestSmtpServer } from '../support/smtp'

let database: TestDatabase | undefined
let server: RunningServer | undefined
let smtp: TestSmtpServer | undefined
afterAll(async () => {
  await server?.stop()
  await smtp?.close()
  await database?.cleanup()
})

async function until(condition: () => Promise<boolean>, timeoutMs = 15_000) {
  const deadline = Date.now() + timeoutMs
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error('condition not met in time')
    await new Promise((r) => setTimeout(r, 50))
  }
}

describe('the SMTP server is down while people book', () => {
  it('keeps every booking, sends all mail once the server is back, and none twice', async () => {
    database = await createTestDatabase()
    const { sessionId } = await createBookableSession(database.db, { capacity: 3 })
    const port = await freePort()
    server = await startServer({
      DATABASE_URL: database.url,
      SMTP_URL: `smtp://127.0.0.1:${port}`,
      OUTBOX_POLL_MS: '50',
      OUTBOX_RETRY_BASE_MS: '100',
    })

    const statuses = await Promise.all(
      Array.from({ length: 5 }, (_, n) =>
        fetch(`${server!.url}/sessions/${sessionId}/book`, { method: 'POST', body: bookingForm(n), redirect: 'manual' }).then(
          (r) => r.status,
        ),
      ),
    )
    expect(statuses).toEqual([303, 303, 303, 303, 303])
    const tally = await bookingTally(database.db, sessionId)
    expect([tally.confirmed, tally.waitlisted]).toEqual([3, 2])

    // The worker has tried and failed: the mail waits in the outbox.
    const db = database.db
    await until(async () => {
      const rows = await db.selectFrom('outbox').select(['attempts', 'status']).execute()
      return rows.length === 5 && rows.every((r) => r.attempts >= 2 && r.status !== 'sent')
    })
    const waiting = await db.selectFrom('outbox').select(['status', 'last_error']).execute()
    expect(waiting.every((r) => r.status === 'pending' || r.status === 'sending')).toBe(true)
    expect(waiting.every((r) => (r.last_error ?? '').length > 0)).toBe(true)

    smtp = await startSmtpServer({ port })
    await smtp.waitFor(5, 20_000)
    await until(async () => (await db.selectFrom('outbox').select('status').where('status', '<>', 'sent').execute()).length === 0)
    // Give a duplicate every chance to show up before counting.
    await new Promise((r) => setTimeout(r, 500))
    expect(smtp.messages).toHaveLength(5)
    const ids = smtp.messages.map((m) => m.parsed.messageId)
    expect(new Set(ids).size).toBe(5)
    const recipients = smtp.messages.flatMap((m) => m.envelope.to).sort()
    expect(recipients).toEqual(Array.from({ length: 5 }, (_, n) => `ucastnik.${n}@skola.example`).sort())
  })
})
