import ICAL from 'ical.js'
import type { Kysely } from 'kysely'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import type { DB } from '../../db/schema'
import { runAllJobs } from '~/jobs/scheduler.server'
import { listSessionRegistrations } from '~/models/organiser-registrations.server'
import { cancelRegistration } from '~/models/registrations.server'
import { confirmComing } from '~/models/still-coming.server'
import { createTestDatabase, type TestDatabase } from '../support/database'
import { runJobsInProcess } from '../support/job-processes'
import { APP_URL, bookNumbered, MINUTE, schedulerScene } from '../support/scheduler-scene'
import { calendarPart, type ReceivedMessage } from '../support/smtp'
import { deliverOverSmtp } from '../support/smtp-delivery'

const scene = schedulerScene(() => db)
const { at, bookedAt } = scene

let test: TestDatabase
let db: Kysely<DB>
let sessionId: number

const newSession = async (capacity: number) => (await scene.newSession(capacity)).sessionId

beforeEach(async () => {
  test = await createTestDatabase()
  db = test.db
  sessionId = await newSession(3)
})

afterEach(async () => {
  await test.cleanup()
})

/** Participant n books, a minute after the one before. */
async function book(n: number, session = sessionId) {
  const result = await bookNumbered(db, { sessionId: session, n, now: new Date(bookedAt.getTime() + n * MINUTE) })
  if (result.kind !== 'registered') throw new Error(`expected a booking, got ${result.kind}`)
  return result
}

async function queued(template: string) {
  return db
    .selectFrom('outbox')
    .select(['recipient', 'idempotency_key', 'props'])
    .where('template', '=', template)
    .orderBy('id')
    .execute()
}

const recipients = async (template: string) => (await queued(template)).map((r) => r.recipient.replace('@skola.example', ''))

/** The manage token in the newest e-mail of this template to this person. */
async function tokenFrom(template: string, n: number) {
  const rows = (await queued(template)).filter((r) => r.recipient === `ucastnik${n}@skola.example`)
  const props = JSON.parse(rows.at(-1)!.props!) as { manageUrl: string }
  return props.manageUrl.split('/').pop()!
}

const runJobs = (now: Date) => runAllJobs(db, { now, appUrl: APP_URL })

describe('"still coming?" and seats handed back', () => {
  it('asks each confirmed person once, three days before a session with a waiting list; a freed seat goes to the first waiting, invited', async () => {
    for (let n = 1; n <= 5; n++) await book(n)
    await runJobs(bookedAt)
    expect(await recipients('registration.still-coming')).toEqual([])
    await runJobs(at(72, 1))
    await runJobs(at(72, 2))
    expect(await recipients('registration.still-coming')).toEqual(['ucastnik1', 'ucastnik2', 'ucastnik3'])
    expect(await recipients('registration.reminder')).toEqual(['ucastnik1', 'ucastnik2', 'ucastnik3'])

    // Number 1 is coming; number 2 cannot, and frees the seat from the e-mail's link.
    expect(await confirmComing(db, { token: await tokenFrom('registration.still-coming', 1), now: at(71) })).toEqual({
      kind: 'confirmed',
    })
    const freed = await cancelRegistration(db, {
      token: await tokenFrom('registration.still-coming', 2),
      now: at(70),
      appUrl: APP_URL,
      freedSeat: true,
    })
    expect(freed).toEqual({ kind: 'cancelled', promoted: 1 })
    expect(await recipients('registration.promoted')).toEqual(['ucastnik4'])
    const audit = await db
      .selectFrom('audit_log')
      .select(['action', 'actor_email'])
      .where('action', '=', 'registration.release')
      .execute()
    expect(audit).toEqual([{ action: 'registration.release', actor_email: null }])

    // The organiser sees who confirmed.
    const list = await listSessionRegistrations(db, { sessionId, q: '' })
    expect(list.filter((r) => r.comingConfirmedAt !== null).map((r) => r.fullName)).toEqual(['Účastník Číslo 1'])

    // Later runs ask nobody again; number 4, confirmed within the three days, is not asked.
    await runJobs(at(48))
    await runJobs(at(2, 1))
    await runJobs(at(0, 1))
    expect(await recipients('registration.still-coming')).toEqual(['ucastnik1', 'ucastnik2', 'ucastnik3'])
    expect(
      (await queued('registration.reminder')).map((r) => r.idempotency_key.replace(/^registration:\d+:/, '') + ' ' + r.recipient),
    ).toEqual([
      'reminder:72 ucastnik1@skola.example',
      'reminder:72 ucastnik2@skola.example',
      'reminder:72 ucastnik3@skola.example',
      'reminder:2 ucastnik1@skola.example',
      'reminder:2 ucastnik3@skola.example',
      'reminder:2 ucastnik4@skola.example',
    ])

    // Over SMTP: number 2 gets a CANCEL and number 4 a REQUEST for the event in their calendars.
    const { smtp, stop } = await deliverOverSmtp(db)
    try {
      const total = Number(
        (
          await db
            .selectFrom('outbox')
            .select((eb) => eb.fn.countAll<number>().as('n'))
            .executeTakeFirstOrThrow()
        ).n,
      )
      const messages = await smtp.waitFor(total, 20_000)
      expect(messages).toHaveLength(total)
      const stillComing = messages.filter((m) => m.parsed.subject?.startsWith('Přijdete?'))
      expect(stillComing).toHaveLength(3)
      const text = stillComing[0]!.parsed.text ?? ''
      expect(text).toMatch(/Potvrďte to jedním kliknutím:\s+http:\/\/workshops\.test\/registrations\/[A-Za-z0-9_-]+\/coming/)
      expect(text).toMatch(
        /Uvolněte místo pro dalšího zájemce:\s+http:\/\/workshops\.test\/registrations\/[A-Za-z0-9_-]+\/free-seat/,
      )
      const html = String(stillComing[0]!.parsed.html)
      expect(html).toContain('Ano, přijdu')
      expect(html).toContain('Nemohu přijít – uvolnit místo')
      // Not released automatically on this session: the e-mail names no deadline.
      expect(text).not.toContain('uvolníme')
      expect(stillComing.every((m) => calendarPart(m.parsed, m.raw) === undefined)).toBe(true)

      const event = (message: ReceivedMessage | undefined) => {
        const part = calendarPart(message!.parsed, message!.raw)!
        const vevent = new ICAL.Component(ICAL.parse(part.content)).getFirstSubcomponent('vevent')!
        return {
          method: part.method,
          uid: String(vevent.getFirstPropertyValue('uid')),
          sequence: Number(vevent.getFirstPropertyValue('sequence')),
          status: vevent.getFirstPropertyValue('status'),
        }
      }
      const to = (n: number) => messages.filter((m) => m.envelope.to[0] === `ucastnik${n}@skola.example`)
      const uid = (n: number) =>
        db
          .selectFrom('registrations')
          .select('invite_uid')
          .where('email', '=', `ucastnik${n}@skola.example`)
          .executeTakeFirstOrThrow()
      const cancel = event(to(2).find((m) => m.parsed.subject?.startsWith('Zrušení přihlášky')))
      expect(cancel).toMatchObject({ method: 'CANCEL', uid: (await uid(2)).invite_uid, status: 'CANCELLED' })
      expect(cancel.sequence).toBeGreaterThan(event(to(2).find((m) => m.parsed.subject?.startsWith('Potvrzení'))).sequence)
      const request = event(to(4).find((m) => m.parsed.subject?.startsWith('Uvolnilo se místo')))
      expect(request).toMatchObject({ method: 'REQUEST', uid: (await uid(4)).invite_uid })
    } finally {
      await stop()
    }
  })

  it('asks nobody on a session without a waiting list', async () => {
    for (let n = 1; n <= 3; n++) await book(n)
    await runJobs(at(72, 1))
    expect(await recipients('registration.still-coming')).toEqual([])
    expect(await recipients('registration.reminder')).toHaveLength(3)
  })

  it('at the deadline releases the 2 unconfirmed seats to the 3 waiting, in booking order, once', async () => {
    const session = await newSession(2)
    await db.updateTable('sessions').set({ release_unconfirmed: 1 }).where('id', '=', session).execute()
    for (let n = 1; n <= 5; n++) await book(n, session)
    await runJobs(at(72, 1))
    const asked = await queued('registration.still-coming')
    expect(asked.map((r) => r.recipient)).toEqual(['ucastnik1@skola.example', 'ucastnik2@skola.example'])
    const releaseAt = (JSON.parse(asked[0]!.props!) as { releaseAt?: string }).releaseAt
    expect(releaseAt).toBe(at(24).toISOString())

    await runJobs(at(24, -1))
    expect(await recipients('registration.released')).toEqual([])
    await runJobs(at(24, 1))
    await runJobs(at(23))
    expect(await recipients('registration.released')).toEqual(['ucastnik1', 'ucastnik2'])
    // Less than a day before the start: the promotion says so.
    expect(await recipients('registration.promoted-late')).toEqual(['ucastnik3', 'ucastnik4'])
    const statuses = await db
      .selectFrom('registrations')
      .select(['email', 'status'])
      .where('session_id', '=', session)
      .orderBy('id')
      .execute()
    expect(statuses.map((s) => s.status)).toEqual(['cancelled', 'cancelled', 'confirmed', 'confirmed', 'waitlisted'])
    const counts = await db
      .selectFrom('sessions')
      .select(['confirmed_count', 'waitlisted_count'])
      .where('id', '=', session)
      .executeTakeFirstOrThrow()
    expect(counts).toEqual({ confirmed_count: 2, waitlisted_count: 1 })
    const audit = await db.selectFrom('audit_log').select('action').where('action', 'like', '%release-deadline').execute()
    expect(audit.map((a) => a.action).sort()).toEqual([
      'registration.release-deadline',
      'registration.release-deadline',
      'session.release-deadline',
    ])
  })

  it('keeps the seat of whoever confirmed, and of whoever was asked after the deadline had passed', async () => {
    const session = await newSession(2)
    await db.updateTable('sessions').set({ release_unconfirmed: 1 }).where('id', '=', session).execute()
    for (let n = 1; n <= 3; n++) await book(n, session)
    await runJobs(at(72, 1))
    await confirmComing(db, { token: await tokenFrom('registration.still-coming', 1), now: at(30) })
    await runJobs(at(24, 1))
    expect(await recipients('registration.released')).toEqual(['ucastnik2'])
    expect(await recipients('registration.promoted-late')).toEqual(['ucastnik3'])
    // Number 3, promoted at the deadline, was never asked: nothing more is released.
    await runJobs(at(12))
    expect(await recipients('registration.released')).toEqual(['ucastnik2'])
  })

  it('tells someone promoted less than a day before the start so in the subject, and promotes nobody once it has begun', async () => {
    for (let n = 1; n <= 5; n++) await book(n)
    const manage = async (n: number) => {
      const rows = (
        await db.selectFrom('outbox').select(['recipient', 'props']).where('template', '=', 'registration.confirmed').execute()
      ).filter((r) => r.recipient === `ucastnik${n}@skola.example`)
      return (JSON.parse(rows[0]!.props!) as { manageUrl: string }).manageUrl.split('/').pop()!
    }
    expect(await cancelRegistration(db, { token: await manage(1), now: at(10), appUrl: APP_URL })).toEqual({
      kind: 'cancelled',
      promoted: 1,
    })
    expect(await recipients('registration.promoted-late')).toEqual(['ucastnik4'])
    expect(await recipients('registration.promoted')).toEqual([])
    expect(await cancelRegistration(db, { token: await manage(2), now: at(0, 1), appUrl: APP_URL })).toEqual({ kind: 'too_late' })
    expect(await recipients('registration.promoted-late')).toEqual(['ucastnik4'])
  })

  it('run by two processes on one database at once, asks and reminds everyone exactly once', async () => {
    const sessions = [sessionId, await newSession(3), await newSession(3)]
    let n = 0
    for (const session of sessions) for (let i = 0; i < 5; i++) await book(++n, session)
    const now = at(72, 1)
    await Promise.all([runJobsInProcess(test.url, now, APP_URL), runJobsInProcess(test.url, now, APP_URL)])
    expect(await queued('registration.still-coming')).toHaveLength(9)
    expect(await queued('registration.reminder')).toHaveLength(9)
    const keys = (await db.selectFrom('outbox').select('idempotency_key').execute()).map((r) => r.idempotency_key)
    expect(new Set(keys).size).toBe(keys.length)
  }, 60_000)
})
