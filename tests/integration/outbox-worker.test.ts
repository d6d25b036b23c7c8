import ICAL from 'ical.js'
import type { Kysely } from 'kysely'
import { simpleParser } from 'mailparser'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import type { DB, OutboxMessage } from '../../db/schema'
import { renderEmail, type RegistrationEmailProps } from '../../emails'
import { enqueueEmail, type QueuedEmail } from '~/models/outbox.server'
import { openDatabase } from '~/utils/db.server'
import { createMailboxSender, createSmtpSender, type MailSender } from '~/utils/mailer.server'
import { startOutboxWorker, type OutboxWorker, type OutboxWorkerOptions } from '~/jobs/outbox-worker.server'
import { inDays } from '../support/clock'
import { createTestDatabase, type TestDatabase } from '../support/database'
import {
  calendarPart,
  calendarPartFromRaw,
  freePort,
  startSmtpServer,
  type SmtpServerOptions,
  type TestSmtpServer,
} from '../support/smtp'

const MAIL_FROM = 'Workshopy <noreply@workshopy.example.cz>'
const MESSAGE_DOMAIN = 'workshopy.example.cz'
const WORKSHOP = 'Kybernetická bezpečnost na obecním úřadě'

let test: TestDatabase
let workers: OutboxWorker[] = []
let servers: TestSmtpServer[] = []
let extraDbs: Kysely<DB>[] = []
let logged: string[] = []

beforeEach(async () => {
  test = await createTestDatabase()
  logged = []
})

afterEach(async () => {
  // Workers first: stopping one closes its sender's pooled connections, so servers close at once.
  await Promise.all(workers.map((w) => w.stop()))
  await Promise.all(servers.map((s) => s.close()))
  await Promise.all(extraDbs.map((db) => db.destroy().catch(() => undefined)))
  workers = []
  servers = []
  extraDbs = []
  await test.cleanup()
})

function props(n: number): RegistrationEmailProps {
  return {
    session: {
      workshopTitle: WORKSHOP,
      // An upcoming session: eight days from today, 09:00–12:30 in Prague.
      startsAt: inDays(8, '09:00'),
      endsAt: inDays(8, '12:30'),
      venueName: 'Krajský úřad Středočeského kraje',
      address: 'Zborovská 11, Praha 5',
      room: 'Zasedací místnost č. 2',
      onlineUrl: null,
      organiserName: 'Digitální úřad',
      organiserEmail: 'poradatel@example.cz',
    },
    participant: { name: 'Jiří Šťastný', email: `ucastnik${n}@example.cz` },
    manageUrl: `https://workshopy.example.cz/registrations/tok${n}-Zx9QwErTy`,
    calendarUrl: `https://workshopy.example.cz/calendar/cal${n}-Zx9QwErTy`,
    invite: { uid: `registration-${n}@workshopy.example.cz`, sequence: 0 },
  }
}

function queued(
  n: number,
  overrides: Partial<QueuedEmail<'registration.confirmed'>> = {},
): QueuedEmail<'registration.confirmed'> {
  return {
    key: `registration:${n}:confirmed`,
    template: 'registration.confirmed',
    recipient: `ucastnik${n}@example.cz`,
    locale: 'cs',
    props: props(n),
    ...overrides,
  }
}

/** Queues an e-mail now (by the real clock, which the worker also reads) and says when. */
async function enqueue(email: QueuedEmail, db: Kysely<DB> = test.db): Promise<Date> {
  const now = new Date()
  await enqueueEmail(db, email, { now, messageDomain: MESSAGE_DOMAIN })
  return now
}

async function startServer(options: SmtpServerOptions = {}) {
  const server = await startSmtpServer(options)
  servers.push(server)
  return server
}

function startWorker(sender: MailSender, options: Partial<OutboxWorkerOptions> = {}) {
  const worker = startOutboxWorker({
    db: test.db,
    sender,
    pollMs: 25,
    retryBaseMs: 25,
    maxRetryMs: 200,
    log: (message) => logged.push(message),
    ...options,
  })
  workers.push(worker)
  return worker
}

async function rows(db: Kysely<DB> = test.db): Promise<OutboxMessage[]> {
  return db.selectFrom('outbox').selectAll().orderBy('id').execute()
}

/** Polls until check passes; rejects with the last failure after timeoutMs. */
async function eventually<T>(check: () => Promise<T>, timeoutMs = 15_000): Promise<T> {
  const deadline = Date.now() + timeoutMs
  for (;;) {
    try {
      return await check()
    } catch (error) {
      if (Date.now() > deadline) throw error
      await sleep(20)
    }
  }
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms))

/** Long enough for many poll and retry cycles (pollMs 25, retries ≤ 200 ms) to pass. */
const settle = () => sleep(600)

describe('the outbox worker over real SMTP', () => {
  it('delivers a queued confirmation once, with text, HTML and a REQUEST invitation', async () => {
    const smtp = await startServer()
    const email = queued(1)
    const queuedAt = await enqueue(email)
    const expected = renderEmail('registration.confirmed', email.props, 'cs', queuedAt)
    startWorker(createSmtpSender(smtp.url, MAIL_FROM))

    const [received] = await smtp.waitFor(1)
    const [row] = await eventually(async () => {
      const all = await rows()
      expect(all[0]?.status).toBe('sent')
      return all
    })
    await settle()
    expect(smtp.messages).toHaveLength(1)

    const { parsed, envelope, raw } = received!
    expect(envelope.to).toEqual(['ucastnik1@example.cz'])
    expect(envelope.from).toBe('noreply@workshopy.example.cz')
    expect(parsed.to && !Array.isArray(parsed.to) ? parsed.to.value.map((a) => a.address) : []).toEqual(['ucastnik1@example.cz'])
    expect(parsed.from?.value).toEqual([{ address: 'noreply@workshopy.example.cz', name: 'Workshopy' }])
    expect(parsed.replyTo?.value.map((a) => a.address)).toEqual(['poradatel@example.cz'])
    expect(parsed.headers.get('auto-submitted')).toBe('auto-generated')

    // The subject went out as encoded words and came back with every diacritic intact.
    expect(parsed.subject).toBe(expected.subject)
    expect(parsed.subject).toContain(`Potvrzení rezervace: ${WORKSHOP}`)
    expect(raw).not.toContain('Potvrzení')

    expect(parsed.text).toContain(email.props.manageUrl)
    // Czech greets without the name: "Jiří Šťastný" is no vocative, and a vocative is not guessed.
    expect(parsed.text).toMatch(/^Dobrý den,\n/)
    expect(parsed.text).not.toContain('Jiří Šťastný')
    expect(parsed.html).toBeTruthy()
    expect(parsed.html as string).toContain(`href="${email.props.manageUrl}"`)
    expect(parsed.html as string).toContain('Spravovat přihlášku')

    const calendar = calendarPart(parsed, raw)
    expect(calendar).toBeDefined()
    expect(calendar!.method).toBe('REQUEST')
    expect(calendar!.contentType).toMatch(/^text\/calendar;.*method=REQUEST/i)
    const vcalendar = new ICAL.Component(ICAL.parse(calendar!.content))
    expect(vcalendar.getFirstPropertyValue('method')).toBe('REQUEST')
    const vevent = vcalendar.getFirstSubcomponent('vevent')
    expect(vevent?.getFirstPropertyValue('uid')).toBe('registration-1@workshopy.example.cz')
    expect(vevent?.getFirstPropertyValue('summary')).toBe(WORKSHOP)
    // Calendars get shared: their data links to the read-only view, never to the manage link.
    expect(String(vevent?.getFirstPropertyValue('description'))).toContain(email.props.calendarUrl)
    expect(String(vevent?.getFirstPropertyValue('description'))).not.toContain(email.props.manageUrl)
    expect(String(vevent?.getFirstPropertyValue('attendee')).toLowerCase()).toBe('mailto:ucastnik1@example.cz')
    // Stamped when it was queued (to the second), whenever the worker got to it.
    const stamp = vevent?.getFirstPropertyValue('dtstamp') as InstanceType<typeof ICAL.Time>
    expect(stamp.toJSDate().getTime()).toBe(Math.floor(queuedAt.getTime() / 1000) * 1000)
    // The raw-source reading of the helper agrees with mailparser.
    const fromRaw = calendarPartFromRaw(raw)
    expect(fromRaw?.method).toBe('REQUEST')
    expect(fromRaw?.content).toContain('METHOD:REQUEST')

    expect(row!.message_id).toMatch(/^<[0-9a-f]{32}@workshopy\.example\.cz>$/)
    expect(parsed.messageId).toBe(row!.message_id)
    expect(row!.sent_at).not.toBeNull()
    expect(Number.isNaN(Date.parse(row!.sent_at!))).toBe(false)
    expect(row!.props).toBeNull()
    expect(row!.attempts).toBe(1)
    expect(row!.last_error).toBeNull()
    expect(row!.locked_until).toBeNull()
  })

  it('stores and sends an e-mail queued twice under the same key only once', async () => {
    const smtp = await startServer()
    await enqueue(queued(2))
    await enqueue(queued(2, { props: { ...props(2), manageUrl: 'https://workshopy.example.cz/registrations/other' } }))
    expect(await rows()).toHaveLength(1)

    startWorker(createSmtpSender(smtp.url, MAIL_FROM))
    await smtp.waitFor(1)
    await eventually(async () => expect((await rows())[0]?.status).toBe('sent'))
    // Queued again after it went out: still nothing new.
    await enqueue(queued(2))
    await settle()

    expect(await rows()).toHaveLength(1)
    expect(smtp.messages).toHaveLength(1)
    expect(smtp.messages[0]!.parsed.text).toContain(props(2).manageUrl)
  })

  it('retries after a 451 answer to DATA and then delivers exactly once', async () => {
    const smtp = await startServer({
      reject: (c) => (c.stage === 'data' && c.attempt <= 2 ? { code: 451, message: '4.3.0 Try again later' } : undefined),
    })
    await enqueue(queued(3))
    startWorker(createSmtpSender(smtp.url, MAIL_FROM))

    await smtp.waitFor(1)
    const [row] = await eventually(async () => {
      const all = await rows()
      expect(all[0]?.status).toBe('sent')
      return all
    })
    await settle()

    expect(smtp.messages).toHaveLength(1)
    expect(smtp.rejected.map((r) => r.reply.code)).toEqual([451, 451])
    // Every attempt carried the same Message-ID, so a receiving server can spot a resend.
    expect(smtp.rejected.map((r) => r.messageId)).toEqual([row!.message_id, row!.message_id])
    expect(smtp.messages[0]!.parsed.messageId).toBe(row!.message_id)
    expect(row!.attempts).toBe(3)
    expect(row!.last_error).toBeNull()
    expect(row!.props).toBeNull()
  })

  it('retries after a 4xx answer to RCPT TO and records the error while waiting', async () => {
    let refuse = true
    const smtp = await startServer({
      reject: (c) => (c.stage === 'rcpt' && refuse ? { code: 452, message: '4.2.2 Mailbox full, try later' } : undefined),
    })
    await enqueue(queued(4))
    startWorker(createSmtpSender(smtp.url, MAIL_FROM))

    const waiting = await eventually(async () => {
      const [row] = await rows()
      expect(row?.status).toBe('pending')
      expect(row?.attempts).toBeGreaterThanOrEqual(2)
      return row!
    })
    expect(waiting.last_error).toMatch(/452/)
    expect(waiting.props).not.toBeNull()
    expect(smtp.messages).toHaveLength(0)

    refuse = false
    await smtp.waitFor(1)
    const [row] = await eventually(async () => {
      const all = await rows()
      expect(all[0]?.status).toBe('sent')
      return all
    })
    await settle()
    expect(smtp.messages).toHaveLength(1)
    expect(row!.attempts).toBeGreaterThan(waiting.attempts)
    expect(row!.attempts).toBe(smtp.rejected.length + 1)
  })

  it('keeps messages pending while the server refuses connections, then delivers each once when it comes up', async () => {
    const port = await freePort()
    const sender = createSmtpSender(`smtp://127.0.0.1:${port}`, MAIL_FROM)
    for (let n = 10; n < 15; n++) await enqueue(queued(n))
    startWorker(sender, { maxAttempts: 10_000 })

    const down = await eventually(async () => {
      const all = await rows()
      expect(all).toHaveLength(5)
      for (const row of all) {
        expect(row.status).toBe('pending')
        expect(row.attempts).toBeGreaterThanOrEqual(2)
        expect(row.last_error).toBeTruthy()
        expect(row.sent_at).toBeNull()
      }
      return all
    })
    for (const row of down) expect(row.last_error).toMatch(/ECONNREFUSED/)

    const smtp = await startServer({ port })
    expect(smtp.port).toBe(port)
    await smtp.waitFor(5, 20_000)
    const sent = await eventually(async () => {
      const all = await rows()
      expect(all.map((r) => r.status)).toEqual(['sent', 'sent', 'sent', 'sent', 'sent'])
      return all
    })
    await settle()

    expect(smtp.messages).toHaveLength(5)
    const ids = smtp.messages.map((m) => m.parsed.messageId)
    expect(new Set(ids).size).toBe(5)
    expect([...ids].sort()).toEqual(sent.map((r) => r.message_id).sort())
    expect(smtp.messages.map((m) => m.envelope.to[0]).sort()).toEqual(sent.map((r) => r.recipient).sort())
    for (const row of sent) {
      expect(row.attempts).toBeGreaterThanOrEqual(3)
      expect(row.last_error).toBeNull()
    }
  })

  it('stops trying the rest of a batch while the server is unreachable, and counts only real attempts', async () => {
    const port = await freePort()
    for (let n = 30; n < 50; n++) await enqueue(queued(n))
    startWorker(createSmtpSender(`smtp://127.0.0.1:${port}`, MAIL_FROM), {
      concurrency: 1,
      retryBaseMs: 5_000,
      maxRetryMs: 5_000,
    })
    const all = await eventually(async () => {
      const current = await rows()
      expect(current.some((r) => r.attempts > 0)).toBe(true)
      expect(current.every((r) => r.status === 'pending')).toBe(true)
      return current
    })
    await settle()
    const after = await rows()
    // One message found the server down; the other 19 went back untried, not 19 failed attempts.
    expect(after.filter((r) => r.attempts > 0)).toHaveLength(1)
    expect(after.filter((r) => r.attempts === 0 && r.last_error === null)).toHaveLength(19)
    expect(all).toHaveLength(20)
  })

  it('waits for a quiet moment before each message', async () => {
    const smtp = await startServer()
    let release: () => void = () => undefined
    const quiet = new Promise<void>((resolve) => (release = resolve))
    await enqueue(queued(60))
    startWorker(createSmtpSender(smtp.url, MAIL_FROM), { waitForQuiet: () => quiet })
    await settle()
    expect(smtp.messages).toHaveLength(0)
    release()
    await smtp.waitFor(1)
    expect(smtp.messages).toHaveLength(1)
  })

  it('sends each message of a batch once when its lanes wait for a quiet moment together', async () => {
    const smtp = await startServer()
    // Lets the lanes go only when both wait, so both wait while one message is left.
    const waiting: (() => void)[] = []
    const bothWaiting = () =>
      new Promise<void>((resolve) => {
        waiting.push(resolve)
        if (waiting.length === 2) for (const go of waiting.splice(0)) go()
      })
    for (let n = 70; n < 73; n++) await enqueue(queued(n))
    startWorker(createSmtpSender(smtp.url, MAIL_FROM), { concurrency: 2, waitForQuiet: bothWaiting })
    await smtp.waitFor(3)
    await eventually(async () => expect((await rows()).map((r) => r.status)).toEqual(['sent', 'sent', 'sent']))
    expect(logged).toEqual([])
  })

  it('marks a message failed after a 5xx answer and does not retry it', async () => {
    const smtp = await startServer({
      reject: (c) => (c.stage === 'data' ? { code: 554, message: '5.7.1 Message rejected as spam' } : undefined),
    })
    await enqueue(queued(20))
    startWorker(createSmtpSender(smtp.url, MAIL_FROM))

    await eventually(async () => expect((await rows())[0]?.status).toBe('failed'))
    await settle()

    const [row] = await rows()
    expect(smtp.messages).toHaveLength(0)
    expect(smtp.rejected).toHaveLength(1)
    expect(row!.status).toBe('failed')
    expect(row!.attempts).toBe(1)
    expect(row!.last_error).toMatch(/554/)
    expect(row!.last_error).toContain('Message rejected as spam')
    expect(row!.sent_at).toBeNull()
    expect(logged.some((line) => line.includes('failed for good'))).toBe(true)
  })

  it('gives up on a temporary failure after maxAttempts', async () => {
    const smtp = await startServer({
      reject: (c) => (c.stage === 'data' ? { code: 451, message: '4.7.1 Greylisted, try again' } : undefined),
    })
    await enqueue(queued(24))
    startWorker(createSmtpSender(smtp.url, MAIL_FROM), { maxAttempts: 3 })

    await eventually(async () => expect((await rows())[0]?.status).toBe('failed'))
    await settle()
    const [row] = await rows()
    expect(row!.attempts).toBe(3)
    expect(row!.last_error).toMatch(/451/)
    expect(smtp.rejected).toHaveLength(3)
    expect(smtp.messages).toHaveLength(0)
  })

  it('takes over a message whose sender died once its lease has run out, but not one still leased', async () => {
    const smtp = await startServer()
    await enqueue(queued(25))
    await enqueue(queued(26))
    const past = new Date(Date.now() - 60_000).toISOString()
    const future = new Date(Date.now() + 60 * 60_000).toISOString()
    const [abandoned, leased] = await rows()
    await test.db
      .updateTable('outbox')
      .set({ status: 'sending', attempts: 1, locked_until: past })
      .where('id', '=', abandoned!.id)
      .execute()
    await test.db
      .updateTable('outbox')
      .set({ status: 'sending', attempts: 1, locked_until: future })
      .where('id', '=', leased!.id)
      .execute()
    startWorker(createSmtpSender(smtp.url, MAIL_FROM))

    await smtp.waitFor(1)
    await eventually(async () => expect((await rows())[0]?.status).toBe('sent'))
    await settle()
    const [first, second] = await rows()
    expect(smtp.messages.map((m) => m.envelope.to[0])).toEqual(['ucastnik25@example.cz'])
    expect(first!.attempts).toBe(2)
    expect(second!.status).toBe('sending')
    expect(second!.attempts).toBe(1)
    expect(second!.locked_until).toBe(future)
  })

  it('fails a 550 recipient for good while other messages are delivered', async () => {
    const smtp = await startServer({
      reject: (c) =>
        c.stage === 'rcpt' && c.recipient === 'neexistuje@example.cz' ? { code: 550, message: '5.1.1 No such user' } : undefined,
    })
    await enqueue(queued(21))
    await enqueue(queued(22, { recipient: 'neexistuje@example.cz' }))
    await enqueue(queued(23))
    startWorker(createSmtpSender(smtp.url, MAIL_FROM))

    await smtp.waitFor(2)
    const all = await eventually(async () => {
      const current = await rows()
      expect(current.map((r) => r.status)).toEqual(['sent', 'failed', 'sent'])
      return current
    })
    await settle()
    expect(smtp.messages.map((m) => m.envelope.to[0]).sort()).toEqual(['ucastnik21@example.cz', 'ucastnik23@example.cz'])
    expect(smtp.rejected).toHaveLength(1)
    expect(all[1]!.attempts).toBe(1)
    expect(all[1]!.last_error).toMatch(/550/)
  })

  it('lets two workers on two database handles deliver 100 messages exactly once', async () => {
    const smtp = await startServer()
    for (let n = 100; n < 200; n++) await enqueue(queued(n))
    const first = openDatabase(test.url)
    const second = openDatabase(test.url)
    extraDbs.push(first, second)
    const sentBy = { first: 0, second: 0 }
    const counted = (sender: MailSender, name: keyof typeof sentBy): MailSender => ({
      ...sender,
      async send(email) {
        await sender.send(email)
        sentBy[name] += 1
      },
    })
    startWorker(counted(createSmtpSender(smtp.url, MAIL_FROM), 'first'), { db: first, batchSize: 7, concurrency: 4 })
    startWorker(counted(createSmtpSender(smtp.url, MAIL_FROM), 'second'), { db: second, batchSize: 7, concurrency: 4 })

    await smtp.waitFor(100, 30_000)
    const all = await eventually(async () => {
      const current = await rows()
      expect(current.filter((r) => r.status === 'sent')).toHaveLength(100)
      return current
    }, 30_000)
    await settle()

    expect(smtp.messages).toHaveLength(100)
    const ids = smtp.messages.map((m) => m.parsed.messageId)
    expect(new Set(ids).size).toBe(100)
    expect([...ids].sort()).toEqual(all.map((r) => r.message_id).sort())
    const recipients = smtp.messages.map((m) => m.envelope.to[0])
    expect(new Set(recipients).size).toBe(100)
    expect(all.every((r) => r.attempts === 1)).toBe(true)
    expect(sentBy.first + sentBy.second).toBe(100)
    expect(sentBy.first).toBeGreaterThan(0)
    expect(sentBy.second).toBeGreaterThan(0)
  })

  it('marks a message with an unknown template or broken content failed and keeps sending the rest', async () => {
    const smtp = await startServer()
    const now = new Date().toISOString()
    const broken = (key: string, template: string, content: string | null) => ({
      idempotency_key: key,
      template,
      recipient: `${key}@example.cz`,
      locale: 'cs' as const,
      props: content,
      message_id: `<${key}@${MESSAGE_DOMAIN}>`,
      next_attempt_at: now,
      created_at: now,
    })
    await test.db
      .insertInto('outbox')
      .values(broken('unknown-template', 'registration.nonexistent', JSON.stringify(props(30))))
      .execute()
    await enqueue(queued(31))
    await test.db
      .insertInto('outbox')
      .values(broken('broken-json', 'registration.confirmed', '{not json'))
      .execute()
    await test.db
      .insertInto('outbox')
      .values(broken('prototype-name', 'toString', JSON.stringify(props(32))))
      .execute()
    const worker = startWorker(createSmtpSender(smtp.url, MAIL_FROM))

    await smtp.waitFor(1)
    const first = await eventually(async () => {
      const current = await rows()
      expect(current.map((r) => r.status)).toEqual(['failed', 'sent', 'failed', 'failed'])
      return current
    })
    expect(first[0]!.last_error).toBe('render: cannot render registration.nonexistent')
    expect(first[0]!.attempts).toBe(1)
    expect(first[2]!.last_error).toMatch(/^render: /)
    expect(first[3]!.last_error).toBe('render: cannot render toString')
    expect(logged.filter((line) => line.includes('cannot be rendered'))).toHaveLength(3)

    // The worker is still alive: a message queued later goes out too.
    await enqueue(queued(33))
    worker.wake()
    await smtp.waitFor(2)
    await eventually(async () => expect((await rows())[4]?.status).toBe('sent'))
    await settle()
    expect(smtp.messages.map((m) => m.envelope.to[0])).toEqual(['ucastnik31@example.cz', 'ucastnik33@example.cz'])
    expect((await rows()).map((r) => r.attempts)).toEqual([1, 1, 1, 1, 1])
  })
})

describe('the development mailbox sender', () => {
  it('stores the message with its parts and a raw source that parses back', async () => {
    const email = queued(40)
    const queuedAt = await enqueue(email)
    const expected = renderEmail('registration.confirmed', email.props, 'cs', queuedAt)
    startWorker(createMailboxSender(test.db, MAIL_FROM))

    const [row] = await eventually(async () => {
      const all = await rows()
      expect(all[0]?.status).toBe('sent')
      return all
    })
    const stored = await test.db.selectFrom('dev_mailbox').selectAll().execute()
    expect(stored).toHaveLength(1)
    const mail = stored[0]!
    expect(mail.recipient).toBe('ucastnik40@example.cz')
    expect(mail.subject).toBe(expected.subject)
    expect(mail.subject).toContain(`Potvrzení rezervace: ${WORKSHOP}`)
    expect(mail.text_body).toBe(expected.text)
    expect(mail.text_body).toContain(email.props.manageUrl)
    expect(mail.html_body).toBe(expected.html)
    expect(mail.ics).toContain('METHOD:REQUEST')
    expect(new ICAL.Component(ICAL.parse(mail.ics!)).getFirstPropertyValue('method')).toBe('REQUEST')
    expect(Number.isNaN(Date.parse(mail.created_at))).toBe(false)

    const parsed = await simpleParser(mail.raw)
    expect(parsed.subject).toBe(expected.subject)
    expect(parsed.messageId).toBe(row!.message_id)
    expect(parsed.from?.value).toEqual([{ address: 'noreply@workshopy.example.cz', name: 'Workshopy' }])
    expect(parsed.to && !Array.isArray(parsed.to) ? parsed.to.text : '').toBe('ucastnik40@example.cz')
    expect(parsed.text).toContain(email.props.manageUrl)
    expect(parsed.html as string).toContain(email.props.manageUrl)
    const calendar = calendarPart(parsed, mail.raw)
    expect(calendar?.method).toBe('REQUEST')
    expect(calendar?.content).toContain(`UID:registration-40@workshopy.example.cz`)
    expect(row!.props).toBeNull()
  })
})
