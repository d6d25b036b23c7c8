import { afterEach, describe, expect, it } from 'vitest'
import { createTestDatabase, type TestDatabase } from '../support/database'
import { bookingForm, bookingTally, createBookableSession } from '../support/fixtures'
import { LOAD_TEST_LIMITS, startServer, type RunningServer } from '../support/server'
import { startSmtpServer, type TestSmtpServer } from '../support/smtp'

/*
 * Several app instances on one PostgreSQL database, as behind a load balancer: each with its
 * own mail worker, all sending to one real SMTP server on loopback.
 */
const BURST = 300
const CAPACITY = 20
const INSTANCES = 3
const LOAD_TEST = { ...LOAD_TEST_LIMITS, OUTBOX_POLL_MS: '200', DATABASE_POOL_SIZE: '8' }

let database: TestDatabase | undefined
let smtp: TestSmtpServer | undefined
let servers: RunningServer[] = []
afterEach(async () => {
  await Promise.all(servers.map((s) => s.stop()))
  servers = []
  await smtp?.close()
  smtp = undefined
  await database?.cleanup()
  database = undefined
})

async function startInstances(count: number): Promise<RunningServer[]> {
  return Promise.all(
    Array.from({ length: count }, () => startServer({ DATABASE_URL: database!.url, SMTP_URL: smtp!.url, ...LOAD_TEST })),
  )
}

type Answer = { n: number; status: number | 'no answer' }

/** Fires every booking at once, round-robin over the instances; `onAnswer` sees each as it comes. */
function burst(sessionId: number, urls: string[], onAnswer: (answered: number) => void = () => undefined): Promise<Answer[]> {
  let answered = 0
  return Promise.all(
    Array.from({ length: BURST }, (_, n) =>
      fetch(`${urls[n % urls.length]}/sessions/${sessionId}/book`, { method: 'POST', body: bookingForm(n), redirect: 'manual' })
        .then(async (response): Promise<Answer> => {
          await response.arrayBuffer()
          return { n, status: response.status }
        })
        // An instance killed mid-request answers nothing: the person would try again.
        .catch((): Answer => ({ n, status: 'no answer' }))
        .finally(() => onAnswer(++answered)),
    ),
  )
}

async function registrationsOf(sessionId: number) {
  return database!.db.selectFrom('registrations').select(['id', 'email', 'status']).where('session_id', '=', sessionId).execute()
}

async function outboxOf(sessionId: number) {
  const rows = await database!.db
    .selectFrom('outbox')
    .select(['idempotency_key', 'recipient', 'template', 'status', 'message_id'])
    .execute()
  const registrations = new Map((await registrationsOf(sessionId)).map((r) => [r.email, r]))
  return rows.filter((row) => registrations.has(row.recipient))
}

describe(`${INSTANCES} app instances on one PostgreSQL database`, () => {
  // Three servers and a burst on a busy 2-core machine: the limit catches a hang, it times nothing.
  const LIMIT = 120_000

  it(
    `confirm exactly ${CAPACITY} of ${BURST} simultaneous bookings and send every e-mail exactly once`,
    async () => {
      database = await createTestDatabase()
      smtp = await startSmtpServer()
      const { sessionId } = await createBookableSession(database.db, { capacity: CAPACITY })
      servers = await startInstances(INSTANCES)

      const answers = await burst(
        sessionId,
        servers.map((s) => s.url),
      )
      expect(answers.filter((a) => a.status !== 303)).toEqual([])

      const tally = await bookingTally(database.db, sessionId)
      expect(tally).toMatchObject({ confirmed: CAPACITY, waitlisted: BURST - CAPACITY, cancelled: 0 })
      expect(tally.confirmed_count).toBe(CAPACITY)
      expect(tally.waitlisted_count).toBe(BURST - CAPACITY)

      // Every booking's e-mail arrives, and none twice, although three workers poll one outbox.
      const received = await smtp.waitFor(BURST, 60_000)
      const recipients = received.map((m) => m.envelope.to.join(','))
      expect(new Set(recipients).size).toBe(BURST)
      expect(new Set(received.map((m) => m.parsed.messageId)).size).toBe(BURST)
      const subjects = (kind: RegExp) => received.filter((m) => kind.test(m.parsed.subject ?? '')).length
      expect(subjects(/potvrzen|confirmed/i)).toBe(CAPACITY)

      // The workers keep polling: nothing is sent again after everything was sent once.
      await new Promise((resolve) => setTimeout(resolve, 1_500))
      expect(smtp.messages).toHaveLength(BURST)
      const outbox = await outboxOf(sessionId)
      expect(outbox).toHaveLength(BURST)
      expect(outbox.every((m) => m.status === 'sent')).toBe(true)
      for (const server of servers) expect(server.output()).not.toMatch(/Internal server error|Unexpected Server Error/)
    },
    LIMIT,
  )

  it(
    'kill -9 of one instance mid-burst loses no confirmed booking and leaves one e-mail for each',
    async () => {
      database = await createTestDatabase()
      smtp = await startSmtpServer()
      const { sessionId } = await createBookableSession(database.db, { capacity: CAPACITY })
      servers = await startInstances(INSTANCES)
      const victim = servers[1]!

      const answers = await burst(
        sessionId,
        servers.map((s) => s.url),
        (answered) => {
          if (answered === BURST / 3) victim.process.kill('SIGKILL')
        },
      )
      await victim.stop()
      expect(victim.process.signalCode).toBe('SIGKILL')

      // The two that lived answered every request they got, and never with an error.
      const survivors = answers.filter((a) => a.n % INSTANCES !== 1)
      expect(survivors.filter((a) => a.status !== 303)).toEqual([])
      const unanswered = answers.filter((a) => a.status === 'no answer')
      expect(unanswered.length).toBeGreaterThan(0)

      const registrations = await registrationsOf(sessionId)
      const byEmail = new Map(registrations.map((r) => [r.email, r]))
      // Every booking that was answered is there; of the others, each is there whole or not at all.
      for (const answer of answers.filter((a) => a.status === 303)) {
        expect(byEmail.has(bookingForm(answer.n).get('email')!)).toBe(true)
      }
      const tally = await bookingTally(database.db, sessionId)
      expect(tally.confirmed).toBe(CAPACITY)
      expect(tally.confirmed_count).toBe(tally.confirmed)
      expect(tally.waitlisted_count).toBe(tally.waitlisted)
      expect(tally.confirmed + tally.waitlisted).toBe(registrations.length)

      // Exactly one e-mail in the outbox for every booking, confirmed or waiting.
      const outbox = await outboxOf(sessionId)
      for (const registration of registrations) {
        const mails = outbox.filter((m) => m.recipient === registration.email)
        expect(mails, registration.email).toHaveLength(1)
        expect(mails[0]!.template).toBe(
          registration.status === 'confirmed' ? 'registration.confirmed' : 'registration.waitlisted',
        )
      }
      // And none goes out twice: what the killed worker had claimed waits for its lease to run
      // out; the others are sent by the two that live.
      await new Promise((resolve) => setTimeout(resolve, 2_000))
      const messageIds = smtp.messages.map((m) => m.parsed.messageId)
      expect(new Set(messageIds).size).toBe(messageIds.length)
      const sent = outbox.filter((m) => m.status === 'sent').length
      expect(smtp.messages.length).toBeGreaterThanOrEqual(sent)
    },
    LIMIT,
  )
})
