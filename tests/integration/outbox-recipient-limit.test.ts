import type { Kysely } from 'kysely'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import type { DB } from '../../db/schema'
import { enqueueEmail } from '~/models/outbox.server'
import { openDatabase } from '~/utils/db.server'
import { createMailboxSender } from '~/utils/mailer.server'
import { startOutboxWorker, type OutboxWorker, type OutboxWorkerOptions } from '~/jobs/outbox-worker.server'
import { hoursFromStart, inDays } from '../support/clock'
import { createTestDatabase, type TestDatabase } from '../support/database'

/*
 * Issue 10, point 5: however many bookings name one address, the outbox sends it at most a
 * configurable number of messages an hour (default 20). Sign-in links have their own limit
 * (decision 011b) and neither count here nor are refused, so a flood cannot lock anyone out.
 */

const FROM = 'Workshopy <noreply@workshopy.example.cz>'
const VICTIM = 'obet@skola.example'
let test: TestDatabase
let workers: OutboxWorker[] = []
let extraDbs: Kysely<DB>[] = []

beforeEach(async () => {
  test = await createTestDatabase()
})
afterEach(async () => {
  await Promise.all(workers.map((w) => w.stop()))
  await Promise.all(extraDbs.map((db) => db.destroy().catch(() => undefined)))
  workers = []
  extraDbs = []
  await test.cleanup()
})

function startWorker(db: Kysely<DB>, options: Partial<OutboxWorkerOptions> = {}) {
  const worker = startOutboxWorker({ db, sender: createMailboxSender(db, FROM), pollMs: 25, log: () => undefined, ...options })
  workers.push(worker)
  return worker
}

/** Queues confirmations numbered from..to for a recipient (written as given, letter case and all). */
async function queueConfirmations(recipient: string, from: number, to: number) {
  for (let n = from; n <= to; n++) {
    await enqueueEmail(
      test.db,
      {
        key: `registration:${n}:confirmed`,
        template: 'registration.confirmed',
        recipient,
        locale: 'cs',
        props: {
          session: {
            workshopTitle: 'Data ve výuce',
            startsAt: inDays(8, '09:00'),
            endsAt: inDays(8, '12:00'),
            venueName: 'Krajský úřad',
            address: 'U Jezu 642/2a, Liberec',
            room: null,
            onlineUrl: null,
            organiserName: 'Datový portál',
            organiserEmail: 'portal@kraj.example',
          },
          participant: { name: `Účastník ${n}`, email: recipient },
          manageUrl: `https://workshopy.example.cz/registrations/tok${n}`,
          invite: { uid: `registration-${n}@workshopy.example.cz`, sequence: 0 },
        },
      },
      { now: new Date(), messageDomain: 'workshopy.example.cz' },
    )
  }
}

async function queueSignIns(recipient: string, count: number) {
  for (let n = 1; n <= count; n++) {
    await enqueueEmail(
      test.db,
      {
        key: `sign-in:${recipient}:${n}`,
        template: 'auth.sign-in',
        recipient,
        locale: 'cs',
        props: { signInUrl: `https://workshopy.example.cz/sign-in/tok${n}`, validMinutes: 15 },
      },
      { now: new Date(), messageDomain: 'workshopy.example.cz' },
    )
  }
}

/** Waits until the worker has decided about every message, then counts what it did. */
async function outcome() {
  const deadline = Date.now() + 20_000
  for (;;) {
    const open = await test.db.selectFrom('outbox').select('id').where('status', 'in', ['pending', 'sending']).execute()
    if (open.length === 0) break
    if (Date.now() > deadline) throw new Error(`${open.length} messages still open after 20 s`)
    await new Promise((resolve) => setTimeout(resolve, 25))
  }
  const rows = await test.db.selectFrom('outbox').select(['recipient', 'template', 'status', 'last_error']).execute()
  const delivered = await test.db.selectFrom('dev_mailbox').select('recipient').execute()
  const to = (address: string) => (r: { recipient: string }) => r.recipient.toLowerCase() === address
  return {
    delivered: (address: string) => delivered.filter(to(address)).length,
    refused: (address: string) => rows.filter(to(address)).filter((r) => r.status === 'failed'),
    signInsSent: (address: string) =>
      rows.filter(to(address)).filter((r) => r.template === 'auth.sign-in' && r.status === 'sent').length,
  }
}

describe('the outbox per recipient', () => {
  it('sends one address at most 20 messages an hour by default and refuses the rest, whatever the letter case', async () => {
    await queueConfirmations(VICTIM, 1, 13)
    await queueConfirmations('Obet@Skola.Example', 14, 25)
    await queueSignIns(VICTIM, 3)
    await queueConfirmations('jina@skola.example', 101, 102)
    startWorker(test.db)
    const result = await outcome()

    expect(result.delivered(VICTIM)).toBe(20 + 3)
    expect(result.signInsSent(VICTIM)).toBe(3)
    const refused = result.refused(VICTIM)
    expect(refused).toHaveLength(5)
    for (const row of refused) {
      expect(row.template).toBe('registration.confirmed')
      expect(row.last_error).toMatch(/refused: 20 messages to this recipient within an hour/)
    }
    expect(result.delivered('jina@skola.example')).toBe(2)
  })

  it('takes its number from the configuration and counts only the last hour', async () => {
    await queueConfirmations(VICTIM, 1, 4)
    // Two of them went out two hours ago: they no longer count.
    const old = await test.db.selectFrom('outbox').select('id').orderBy('id').limit(2).execute()
    await test.db
      .updateTable('outbox')
      .set({ status: 'sent', sent_at: hoursFromStart(-2), props: null })
      .where(
        'id',
        'in',
        old.map((r) => r.id),
      )
      .execute()
    await queueConfirmations(VICTIM, 5, 8)
    startWorker(test.db, { maxPerRecipientPerHour: 3 })
    const result = await outcome()
    expect(result.delivered(VICTIM)).toBe(3)
    expect(result.refused(VICTIM)).toHaveLength(8 - 2 - 3)
  })

  it('holds with two workers on one database file (two processes)', async () => {
    await queueConfirmations(VICTIM, 1, 40)
    const second = openDatabase(test.url)
    extraDbs.push(second)
    startWorker(test.db, { maxPerRecipientPerHour: 10 })
    startWorker(second, { maxPerRecipientPerHour: 10 })
    const result = await outcome()
    expect(result.delivered(VICTIM)).toBe(10)
    expect(result.refused(VICTIM)).toHaveLength(30)
  })
})
