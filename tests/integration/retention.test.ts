import { sql, type Kysely } from 'kysely'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { columnsHoldingPeople, type ClassifiedColumn } from '../../db/classification'
import type { DB } from '../../db/schema'
import { startOutboxWorker } from '~/jobs/outbox-worker.server'
import { JOBS, runAllJobs } from '~/jobs/scheduler.server'
import { verifyCertificate } from '~/models/attendance.server'
import { requestSignIn } from '~/models/auth.server'
import { monthsAfter, retentionPolicyFrom } from '~/models/retention-policy'
import { applyRetention } from '~/models/retention.server'
import { setWorksheetRemoved } from '~/models/worksheets.server'
import { createMailboxSender } from '~/utils/mailer.server'
import { testStart } from '../support/clock'
import { createTestDatabase, type TestDatabase } from '../support/database'
import { uploadWorksheet } from '../support/factories'
import {
  APP_URL,
  at,
  PETRA,
  personalDataWorld,
  petraSignsIn,
  QUIDO,
  sessionStatistics,
  type PersonalDataWorld,
} from '../support/personal-data-world'

let test: TestDatabase
let db: Kysely<DB>
let world: PersonalDataWorld
const policy = retentionPolicyFrom({})

beforeEach(async () => {
  test = await createTestDatabase()
  db = test.db
  world = await personalDataWorld(db)
  // Petra has an account, Quido asked for a link he never used (and counted against the limits).
  await petraSignsIn(db)
  await requestSignIn(db, { email: QUIDO.email, ip: '192.0.2.7', locale: 'cs', now: at(0, -1), appUrl: APP_URL })
  // A worksheet an organiser removed, and every e-mail delivered (to the development mailbox).
  const worksheetId = await uploadWorksheet(db, {
    workshopId: world.workshopId,
    title: 'Pracovní list – Počasí v kraji',
    visibility: 'public',
    user: world.staff.admin,
    now: at(-5),
  })
  await setWorksheetRemoved(db, { worksheetId, removed: true, user: world.staff.admin, now: at(-4) })
  const pending = await db.selectFrom('outbox').select('id').where('status', '=', 'pending').execute()
  const worker = startOutboxWorker({
    db,
    sender: createMailboxSender(db, 'Workshopy <noreply@workshops.test>'),
    pollMs: 10,
    log: () => {},
  })
  try {
    await expect
      .poll(async () => (await db.selectFrom('dev_mailbox').select('id').execute()).length, { timeout: 10_000 })
      .toBe(pending.length)
  } finally {
    await worker.stop()
  }
})

afterEach(async () => {
  await test.cleanup()
})

const sessions = () => [world.pastSessionId, world.nextSessionId, world.siblingSessionId]

async function allStatistics() {
  return Promise.all(sessions().map((id) => sessionStatistics(db, id)))
}

async function tableCounts() {
  const counts: Record<string, number> = {}
  for (const table of [
    'registrations',
    'sessions',
    'certificates',
    'feedback_responses',
    'registration_notices',
    'audit_log',
  ] as const) {
    const { n } = await db
      .selectFrom(table)
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow()
    counts[table] = Number(n)
  }
  return counts
}

/**
 * Rows that still hold what this column's rule removes. Staff accounts are kept while they hold
 * their role (the account rule removes participants' accounts only).
 */
async function stillHeld(column: ClassifiedColumn & { class: 'personal' | 'pseudonymous' }): Promise<number> {
  const table = sql.table(column.table)
  const col = sql.ref(column.column)
  const staffKept = column.table === 'users' ? sql` and role = 'participant'` : sql``
  const removal = column.removal
  if (removal === 'kept-unlinked') return 0
  const condition =
    removal === 'row-deleted' || removal.set === null
      ? sql`${col} is not null`
      : sql`${col} is not null and ${col} <> ${removal.set}`
  const result = await sql<{ n: number | string }>`select count(*) as n from ${table} where ${condition}${staffKept}`.execute(db)
  return Number(result.rows[0]!.n)
}

describe('the retention job', () => {
  it('run with the clock 25 months ahead, leaves no personal column filled for the old sessions (every classified column checked) and keeps every count', async () => {
    const statisticsBefore = await allStatistics()
    const countsBefore = await tableCounts()
    const certificate = await db.selectFrom('certificates').select('code').orderBy('id').executeTakeFirstOrThrow()
    // Before: the world holds personal data in most of the places the classification names.
    const filledBefore = (
      await Promise.all(columnsHoldingPeople().map(async (c) => [`${c.table}.${c.column}`, await stillHeld(c)] as const))
    )
      .filter(([, n]) => n > 0)
      .map(([name]) => name)
    expect(filledBefore).toEqual(
      expect.arrayContaining([
        'registrations.full_name',
        'registrations.email',
        'registrations.note',
        'sessions.lecturer',
        'certificates.holder_name',
        'audit_log.details',
        'outbox.recipient',
        'dev_mailbox.raw',
        'users.email',
        'login_tokens.email',
        'user_sessions.id_hash',
        'rate_limit_hits.key',
        'feedback_responses.registration_id',
      ]),
    )

    const later = monthsAfter(testStart, 25)
    const retentionJob = JOBS.filter((job) => job.name === 'retention')
    const [outcome] = await runAllJobs(db, { now: later, appUrl: APP_URL, jobs: retentionJob })
    expect(outcome).toMatchObject({ name: 'retention', ran: true })
    expect(outcome!.items).toBeGreaterThan(0)
    // The log line counts, and names nobody.
    expect(outcome!.summary).toMatch(/bookingsAnonymised=\d+/)
    expect(outcome!.summary).not.toMatch(/@|Šťastná|Petra/)

    const stillFilled = (
      await Promise.all(columnsHoldingPeople().map(async (c) => [`${c.table}.${c.column}`, await stillHeld(c)] as const))
    ).filter(([, n]) => n > 0)
    expect(stillFilled).toEqual([])

    expect(await allStatistics()).toEqual(statisticsBefore)
    expect(await tableCounts()).toEqual(countsBefore)
    // Staff keep their accounts; the participant's idle account is gone.
    expect((await db.selectFrom('users').select('role').execute()).every((u) => u.role !== 'participant')).toBe(true)
    // The removed worksheet and its file are gone for good.
    expect(await db.selectFrom('worksheets').select('id').execute()).toEqual([])
    expect(await db.selectFrom('files').select('id').execute()).toEqual([])
    // The certificate still verifies, and says that the name is no longer kept.
    expect(await verifyCertificate(db, { code: certificate.code, certificateMonths: policy.certificateMonths })).toMatchObject({
      holderName: null,
    })

    // A second run finds nothing more to do.
    const [again] = await runAllJobs(db, { now: later, appUrl: APP_URL, jobs: retentionJob })
    expect(again).toMatchObject({ ran: true, items: 0 })
  })

  it('keeps bookings until their time is up: 23 months after the session only mail, sign-ins and spent limits go', async () => {
    // Counted from the end of the past session (a month before the test's clock), not from the
    // clock: 23 months after the clock can be more than 24 after the session (short Februaries).
    const past = await db.selectFrom('sessions').select('ends_at').where('id', '=', world.pastSessionId).executeTakeFirstOrThrow()
    const now = monthsAfter(new Date(past.ends_at), 23)
    // The audit has its own 24 months: entries made before the world's sessions (the staff, two
    // months before the clock) may be past them already, or not, depending on the calendar.
    const auditCutoff = monthsAfter(now, -policy.auditMonths).toISOString()
    const oldEntries = await db.selectFrom('audit_log').select('id').where('at', '<', auditCutoff).execute()
    const counts = await applyRetention(db, { now, policy })
    expect(counts).toMatchObject({
      bookingsAnonymised: 0,
      lecturersRemoved: 0,
      certificateNamesRemoved: 0,
      auditEntriesStripped: oldEntries.length,
      accountsDeleted: 0,
      worksheetsDeleted: 1,
    })
    expect(counts.mailEmptied).toBeGreaterThan(0)
    expect(counts.signInsDeleted).toBeGreaterThan(0)
    const petra = await db
      .selectFrom('registrations')
      .select('full_name')
      .where('id', '=', world.petraPast.registrationId)
      .executeTakeFirstOrThrow()
    expect(petra.full_name).toBe(PETRA.fullName)
    expect(await db.selectFrom('outbox').select('id').where('recipient', '<>', '').execute()).toEqual([])
  })

  it('follows RETENTION_MONTHS: with 1 month the past session is anonymised now, the coming ones not', async () => {
    const short = retentionPolicyFrom({ RETENTION_MONTHS: 1 })
    const counts = await applyRetention(db, { now: testStart, policy: short })
    // The past session ended about 30 days ago; a month before the test's clock may fall either side of it.
    const anonymisedNow = counts.bookingsAnonymised
    const later = await applyRetention(db, { now: at(10), policy: short })
    expect(anonymisedNow + later.bookingsAnonymised).toBe(3)
    const coming = await db
      .selectFrom('registrations')
      .select('anonymised_at')
      .where('session_id', 'in', [world.nextSessionId, world.siblingSessionId])
      .execute()
    expect(coming.every((r) => r.anonymised_at === null)).toBe(true)
  })
})
