import type { Kysely } from 'kysely'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import type { DB } from '../../db/schema'
import type { Locale } from '~/i18n/locales'
import { runAllJobs, runJob, jobOverview, JOBS } from '~/jobs/scheduler.server'
import { takeJobLease } from '~/models/job-runs.server'
import { cancelRegistration, registerForSession } from '~/models/registrations.server'
import { parseWorkshopForm, saveWorkshop } from '~/models/organiser-workshops.server'
import { queueDueReminders, reminderHours } from '~/models/reminders.server'
import { formatCode } from '~/utils/codes'
import { createTestDatabase, type TestDatabase } from '../support/database'
import { createUser } from '../support/factories'
import { createBookableSession } from '../support/fixtures'
import { runJobsInProcess } from '../support/job-processes'
import { bookNumbered, HOUR, MINUTE, APP_URL, schedulerScene } from '../support/scheduler-scene'
import { deliverOverSmtp } from '../support/smtp-delivery'

const scene = schedulerScene(() => db)
const { bookedAt, at } = scene

let test: TestDatabase
let db: Kysely<DB>
let sessionId: number
let workshopId: number

beforeEach(async () => {
  test = await createTestDatabase()
  db = test.db
  ;({ sessionId, workshopId } = await scene.newSession(3))
})

afterEach(async () => {
  await test.cleanup()
})

function book(n: number, { now = bookedAt, locale = 'cs' as Locale } = {}) {
  return bookNumbered(db, { sessionId, n, now, locale })
}

/** Three confirmed, two on the waiting list. */
async function bookFive() {
  const results = []
  for (let n = 1; n <= 5; n++) results.push(await book(n, { now: new Date(bookedAt.getTime() + n * MINUTE) }))
  expect(results.map((r) => (r.kind === 'registered' ? r.status : r.kind))).toEqual([
    'confirmed',
    'confirmed',
    'confirmed',
    'waitlisted',
    'waitlisted',
  ])
  return results
}

async function reminders() {
  return db
    .selectFrom('outbox')
    .select(['recipient', 'idempotency_key', 'locale', 'props', 'created_at'])
    .where('template', '=', 'registration.reminder')
    .orderBy('id')
    .execute()
}

const run = (now: Date) => queueDueReminders(db, { now, appUrl: APP_URL })

describe('reminders before a session', () => {
  it('reads the hours a workshop asks for, nearest to the start last', () => {
    expect(reminderHours('72,2')).toEqual([72, 2])
    expect(reminderHours(' 2, 72 ,2')).toEqual([72, 2])
    expect(reminderHours('')).toEqual([])
    expect(reminderHours('0,abc,721,-5,1.5')).toEqual([])
    expect(reminderHours('24')).toEqual([24])
  })

  it('sends each confirmed person one 3-day and one 2-hour reminder, the waiting list none, nothing twice', async () => {
    await bookFive()
    expect(await run(bookedAt)).toBe(0)
    expect(await run(at(72, -1))).toBe(0)
    expect(await run(at(72, 1))).toBe(3)
    expect(await run(at(72, 2))).toBe(0)
    expect(await run(at(48))).toBe(0)
    expect(await run(at(2, -1))).toBe(0)
    expect(await run(at(2, 1))).toBe(3)
    expect(await run(at(1))).toBe(0)
    expect(await run(at(0, 1))).toBe(0)
    const sent = await reminders()
    expect(sent.map((r) => r.recipient).sort()).toEqual(
      ['ucastnik1', 'ucastnik1', 'ucastnik2', 'ucastnik2', 'ucastnik3', 'ucastnik3'].map((n) => `${n}@skola.example`),
    )
    expect(sent.map((r) => r.idempotency_key.replace(/^registration:\d+:/, '')).sort()).toEqual([
      'reminder:2',
      'reminder:2',
      'reminder:2',
      'reminder:72',
      'reminder:72',
      'reminder:72',
    ])
  })

  it('does not send a reminder late to someone confirmed after its moment', async () => {
    const [first] = await bookFive()
    expect(await run(at(72, 1))).toBe(3)
    // Two days before, the first person cancels; the first on the waiting list moves up.
    if (first?.kind !== 'registered') throw new Error('expected a booking')
    const cancelled = await cancelRegistration(db, { token: first.token, now: at(50), appUrl: APP_URL })
    expect(cancelled).toEqual({ kind: 'cancelled', promoted: 1 })
    expect(await run(at(49))).toBe(0)
    expect(await run(at(2, 1))).toBe(3)
    const sent = await reminders()
    const kindsFor = (n: number) =>
      sent.filter((r) => r.recipient === `ucastnik${n}@skola.example`).map((r) => r.idempotency_key.split(':').slice(2).join(':'))
    expect(kindsFor(4)).toEqual(['reminder:2'])
    expect(kindsFor(1)).toEqual(['reminder:72'])
    expect(kindsFor(5)).toEqual([])
  })

  it('after a downtime sends the reminder still due before the start, only the nearest one, and none once it has begun', async () => {
    await bookFive()
    expect(await run(at(1))).toBe(3)
    expect((await reminders()).every((r) => r.idempotency_key.endsWith(':reminder:2'))).toBe(true)
    const notices = await db.selectFrom('registration_notices').select(['kind', 'outcome']).execute()
    expect(notices.filter((n) => n.outcome === 'skipped').map((n) => n.kind)).toEqual([
      'reminder:72',
      'reminder:72',
      'reminder:72',
    ])

    const other = await createTestDatabase()
    try {
      const session = await createBookableSession(other.db, { capacity: 3, now: bookedAt, startsInDays: 4 })
      await registerForSession(other.db, {
        sessionId: session.sessionId,
        form: {
          fullName: 'Pozdní Příchozí',
          email: 'pozde@skola.example',
          organisation: 'ZŠ',
          participantType: 'official',
          schoolLevel: '',
          note: '',
        },
        locale: 'cs',
        now: bookedAt,
        appUrl: APP_URL,
      })
      const afterStart = new Date(bookedAt.getTime() + 4 * 24 * HOUR + MINUTE)
      expect(await queueDueReminders(other.db, { now: afterStart, appUrl: APP_URL })).toBe(0)
    } finally {
      await other.cleanup()
    }
  })

  it('follows the workshop: none when it asks for none, one when it asks for one', async () => {
    await bookFive()
    await db.updateTable('workshops').set({ reminder_hours: '' }).where('id', '=', workshopId).execute()
    expect(await run(at(72, 1))).toBe(0)
    expect(await run(at(2, 1))).toBe(0)
    await db.updateTable('workshops').set({ reminder_hours: '24' }).where('id', '=', workshopId).execute()
    expect(await run(at(2, 1))).toBe(3)
    expect(new Set((await reminders()).map((r) => r.idempotency_key.split(':').pop()))).toEqual(new Set(['24']))
  })

  it('takes its plan, what to bring and the no-show e-mail from the workshop form; seeds and tests that leave them out get the defaults', async () => {
    const stored = () =>
      db
        .selectFrom('workshops')
        .select(['reminder_hours', 'what_to_bring', 'missed_email'])
        .where('id', '=', workshopId)
        .executeTakeFirstOrThrow()
    expect(await stored()).toEqual({ reminder_hours: '72,2', what_to_bring: null, missed_email: 1 })
    const row = await db.selectFrom('workshops').selectAll().where('id', '=', workshopId).executeTakeFirstOrThrow()
    const form = new FormData()
    for (const [name, value] of Object.entries({
      title: row.title,
      slug: row.slug,
      summary: row.summary,
      descriptionMd: row.description_md,
      topic: row.topic,
      lengthHours: '2',
      language: row.language,
      organiserId: String(row.organiser_id),
      published: 'yes',
      accreditationRef: '',
      reminderHours: '24',
      whatToBring: 'Notebook',
    }))
      form.set(name, value)
    form.append('audiences', 'official')
    const parsed = parseWorkshopForm(form)
    if (!parsed.ok) throw new Error(JSON.stringify(parsed.errors))
    const admin = await createUser(db, { email: 'spravce@kraj.example', name: 'Správce', role: 'admin' })
    expect(await saveWorkshop(db, { id: workshopId, input: parsed.data, user: admin, now: bookedAt })).toMatchObject({
      kind: 'saved',
    })
    expect(await stored()).toEqual({ reminder_hours: '24', what_to_bring: 'Notebook', missed_email: 0 })
    form.set('reminderHours', '48')
    const refused = parseWorkshopForm(form)
    expect(refused.ok ? {} : refused.errors).toEqual({ reminderHours: 'workshopForm.error.reminders' })
  })

  it('arrives over SMTP with the check-in code, what to bring, the manage link and the invitation to download, in both languages', async () => {
    await db
      .updateTable('workshops')
      .set({ what_to_bring: 'Notebook s nabíječkou a přístup do školního e-mailu.' })
      .where('id', '=', workshopId)
      .execute()
    await book(1)
    await book(2, { locale: 'en' })
    expect(await run(at(2, 1))).toBe(2)
    const { smtp, stop } = await deliverOverSmtp(db)
    try {
      // The two confirmations and the two reminders.
      const messages = await smtp.waitFor(4, 20_000)
      const reminderMails = messages.filter((m) => /^(Připomínka|Reminder):/.test(m.parsed.subject ?? ''))
      expect(reminderMails).toHaveLength(2)
      const codes = await db.selectFrom('registrations').select(['email', 'check_in_code']).execute()
      for (const mail of reminderMails) {
        const to = mail.envelope.to[0]!
        const english = to === 'ucastnik2@skola.example'
        const text = mail.parsed.text ?? ''
        expect(mail.parsed.subject).toMatch(
          english ? /^Reminder: Kybernetická bezpečnost/ : /^Připomínka: Kybernetická bezpečnost/,
        )
        expect(text).toContain(english ? 'Please bring: Notebook s nabíječkou' : 'S sebou: Notebook s nabíječkou')
        expect(text).toContain(formatCode(codes.find((c) => c.email === to)!.check_in_code!))
        const manage = text.match(/http:\/\/workshops\.test\/registrations\/[A-Za-z0-9_-]+/)?.[0]
        expect(manage).toBeDefined()
        expect(text).toContain(`${manage}/invite.ics`)
        // A reminder changes nothing in the calendar: it carries no invitation of its own.
        expect(mail.raw).not.toMatch(/text\/calendar/i)
        expect(mail.parsed.replyTo?.text).toContain('portal@kraj.example')
      }
    } finally {
      await stop()
    }
  })
})

describe('the scheduler', () => {
  it('lets one holder run a job at a time, and the next one after its lease runs out', async () => {
    await bookFive()
    const now = at(2, 1)
    // A process took the job and died after one batch of one person, leaving its lease.
    expect(await takeJobLease(db, { name: 'reminders', holder: 'dead', now, until: new Date(now.getTime() + 10 * MINUTE) })).toBe(
      true,
    )
    expect(await queueDueReminders(db, { now, appUrl: APP_URL, batch: 1, maxBatches: 1 })).toBe(1)

    const reminderRun = async (minutes: number) =>
      (await runAllJobs(db, { now: new Date(now.getTime() + minutes * MINUTE), appUrl: APP_URL })).find(
        (o) => o.name === 'reminders',
      )
    expect(await reminderRun(1)).toEqual({ name: 'reminders', ran: false, items: 0 })
    expect(await reminderRun(11)).toEqual({ name: 'reminders', ran: true, items: 2 })
    const sent = await reminders()
    expect(sent).toHaveLength(3)
    expect(new Set(sent.map((r) => r.recipient)).size).toBe(3)

    const overview = (await jobOverview(db, new Date(now.getTime() + 12 * MINUTE))).find((j) => j.name === 'reminders')
    expect(overview).toMatchObject({ name: 'reminders', runs: 1, lastItems: 2, itemsTotal: 2, lastError: null, running: false })
    expect(overview?.nextRunAt).toBe(new Date(now.getTime() + 12 * MINUTE).toISOString())
  })

  it('records a failed run and frees the job for the next', async () => {
    const failing = { ...JOBS[0]!, run: async () => Promise.reject(new Error('SMTP is not the problem here')) }
    const now = at(2)
    expect(await runJob(db, failing, { holder: 'a', now, appUrl: APP_URL })).toMatchObject({
      ran: true,
      error: 'SMTP is not the problem here',
    })
    const [overview] = await jobOverview(db, now)
    expect(overview?.lastError).toBe('SMTP is not the problem here')
    const next = await runJob(db, JOBS[0]!, { holder: 'b', now: new Date(now.getTime() + MINUTE), appUrl: APP_URL })
    expect(next.ran).toBe(true)
    expect(next).not.toHaveProperty('error')
    expect((await jobOverview(db, now))[0]).toMatchObject({ runs: 2, lastError: null })
  })

  it('run by two processes on one database, sends every reminder exactly once', async () => {
    await db.updateTable('sessions').set({ capacity: 120 }).where('id', '=', sessionId).execute()
    for (let n = 1; n <= 120; n++) await book(n)
    const now = at(2, 1)
    const [a, b] = await Promise.all([runJobsInProcess(test.url, now, APP_URL), runJobsInProcess(test.url, now, APP_URL)])
    const done = [...a!, ...b!].filter((o) => o.ran).reduce((sum, o) => sum + o.items, 0)
    expect(done).toBe(120)
    const sent = await reminders()
    expect(sent).toHaveLength(120)
    expect(new Set(sent.map((r) => r.idempotency_key)).size).toBe(120)
    // Run again by both, later: nothing more.
    const later = new Date(now.getTime() + 5 * MINUTE)
    const again = await Promise.all([runJobsInProcess(test.url, later, APP_URL), runJobsInProcess(test.url, later, APP_URL)])
    expect(again.flat().reduce((sum, o) => sum + o.items, 0)).toBe(0)
    expect(await reminders()).toHaveLength(120)
  }, 60_000)
})
