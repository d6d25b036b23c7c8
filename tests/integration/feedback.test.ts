import { parse } from 'csv-parse/sync'
import ExcelJS from 'exceljs'
import type { Kysely } from 'kysely'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import type { DB } from '../../db/schema'
import type { AttendanceStatus } from '~/models/attendance-status'
import { closeAttendance, markAttendance } from '~/models/attendance.server'
import type { SignedInUser } from '~/models/auth.server'
import { exportFeedback, feedbackSummary, getFeedbackPage, parseFeedbackForm, saveFeedback } from '~/models/feedback.server'
import { listSessionRegistrations } from '~/models/organiser-registrations.server'
import { registerForSession } from '~/models/registrations.server'
import { csvTable, xlsxTable } from '~/models/exports.server'
import { pragueIso, pragueWallClockDate, testStart, writtenDateTime } from '../support/clock'
import { createTestDatabase, type TestDatabase } from '../support/database'
import { createUser, person } from '../support/factories'
import { addBookableSession, createBookableSession } from '../support/fixtures'

/*
 * A session that took place: booked ten days before the test's clock, held nine days before,
 * attendance closed eight days before. Feedback may be given for 14 days after closing.
 */
const APP_URL = 'http://workshops.test'
const DAY = 86_400_000
const bookedAt = new Date(testStart.getTime() - 10 * DAY)
const closedAt = new Date(testStart.getTime() - 8 * DAY)

let test: TestDatabase
let db: Kysely<DB>
let admin: SignedInUser
let sessionId: number
let workshopId: number

beforeEach(async () => {
  test = await createTestDatabase()
  db = test.db
  admin = await createUser(db, { email: 'spravce@kraj.example', name: 'Správce', role: 'admin' })
  ;({ sessionId, workshopId } = await createBookableSession(db, { capacity: 60, now: bookedAt, startsInDays: 1 }))
})

afterEach(async () => {
  await test.cleanup()
})

async function book(name: string, session = sessionId) {
  const result = await registerForSession(db, {
    sessionId: session,
    form: person(name),
    locale: 'cs',
    now: bookedAt,
    appUrl: APP_URL,
  })
  if (result.kind !== 'registered') throw new Error(`expected a booking, got ${result.kind}`)
  return result
}

async function mark(registrationId: number, attendance: AttendanceStatus, session = sessionId) {
  const marked = await markAttendance(db, {
    sessionId: session,
    registrationId,
    attendance,
    user: admin,
    now: new Date(closedAt.getTime() - 60_000),
    appUrl: APP_URL,
  })
  expect(marked.kind).toBe('marked')
}

const close = (session = sessionId, now = closedAt) =>
  closeAttendance(db, { sessionId: session, user: admin, now, appUrl: APP_URL, unmarked: 'leave' })

async function mails(template: string) {
  return db.selectFrom('outbox').select(['recipient', 'props']).where('template', '=', template).orderBy('id').execute()
}

/** The token of the link in someone's feedback request. */
async function feedbackToken(name: string) {
  const row = (await mails('registration.feedback')).find((m) => m.recipient === person(name).email)
  if (!row) throw new Error(`no feedback request to ${name}`)
  return (JSON.parse(row.props!) as { manageUrl: string }).manageUrl.split('/').pop()!
}

function answer(rating: number, texts: { useInWork?: string; improve?: string; comment?: string } = {}) {
  const form = new FormData()
  form.set('rating', String(rating))
  form.set('useInWork', texts.useInWork ?? '')
  form.set('improve', texts.improve ?? '')
  form.set('comment', texts.comment ?? '')
  const parsed = parseFeedbackForm(form)
  if (!parsed.ok) throw new Error(`feedback form refused: ${JSON.stringify(parsed.errors)}`)
  return parsed.data
}

describe('after the session', () => {
  it('asks those present or late for feedback, and wishes the absent a next time with the next dates, once', async () => {
    const next = await addBookableSession(db, { workshopId, capacity: 10, now: bookedAt, startsInDays: 20 })
    const people = { present: 'Jana Řehořová', late: 'Petr Čermák', absent: 'Eva Žáková', excused: 'Igor Ivanov' } as const
    for (const [status, name] of Object.entries(people)) await mark((await book(name)).registrationId, status as AttendanceStatus)
    await close()
    expect((await mails('registration.feedback')).map((m) => m.recipient)).toEqual([
      person(people.present).email,
      person(people.late).email,
    ])
    const missed = await mails('registration.missed')
    expect(missed.map((m) => m.recipient)).toEqual([person(people.absent).email])
    const nextSessions = (JSON.parse(missed[0]!.props!) as { nextSessions: { startsAt: string; url: string }[] }).nextSessions
    const nextStart = await db.selectFrom('sessions').select('starts_at').where('id', '=', next).executeTakeFirstOrThrow()
    expect(nextSessions.map((s) => s.startsAt)).toEqual([nextStart.starts_at])
    expect(nextSessions[0]!.url).toMatch(/^http:\/\/workshops\.test\/workshops\/test-workshop-/)

    // Closing again asks nobody twice; someone marked since is asked.
    await mark((await book('Lucie Malá')).registrationId, 'present')
    await close(sessionId, new Date(closedAt.getTime() + 60_000))
    expect(await mails('registration.feedback')).toHaveLength(3)
    expect(await mails('registration.missed')).toHaveLength(1)

    // The organiser's list shows, at the next session, who missed an earlier one of this body.
    await book(people.absent, next)
    await book(people.present, next)
    const list = await listSessionRegistrations(db, { sessionId: next, q: '' })
    expect(Object.fromEntries(list.map((r) => [r.fullName, r.missedBefore]))).toEqual({ [people.absent]: 1, [people.present]: 0 })
  })

  it('sends no "we missed you" where the workshop does not want it', async () => {
    await db.updateTable('workshops').set({ missed_email: 0 }).where('id', '=', workshopId).execute()
    await mark((await book('Eva Žáková')).registrationId, 'absent')
    await close()
    expect(await mails('registration.missed')).toEqual([])
  })

  it('takes one answer per registration, lets it be changed for 14 days, then no more', async () => {
    await mark((await book('Jana Řehořová')).registrationId, 'present')
    await close()
    const token = await feedbackToken('Jana Řehořová')
    expect((await getFeedbackPage(db, { token, now: testStart }))?.eligibility).toEqual({
      kind: 'open',
      until: new Date(closedAt.getTime() + 14 * DAY).toISOString(),
    })
    expect(await saveFeedback(db, { token, form: answer(4, { useInWork: 'Ověřování zdrojů' }), now: testStart })).toEqual({
      kind: 'saved',
      updated: false,
    })
    expect(await saveFeedback(db, { token, form: answer(5), now: new Date(testStart.getTime() + DAY) })).toEqual({
      kind: 'saved',
      updated: true,
    })
    const rows = await db.selectFrom('feedback_responses').selectAll().execute()
    expect(rows.map((r) => [r.rating, r.use_in_work])).toEqual([[5, null]])
    expect((await getFeedbackPage(db, { token, now: testStart }))?.values).toEqual({
      rating: '5',
      useInWork: '',
      improve: '',
      comment: '',
    })
    const late = new Date(closedAt.getTime() + 14 * DAY + 60_000)
    expect(await saveFeedback(db, { token, form: answer(1), now: late })).toEqual({ kind: 'closed' })
    expect((await db.selectFrom('feedback_responses').select('rating').executeTakeFirstOrThrow()).rating).toBe(5)
  })

  it('does not let someone absent, waitlisted or not yet closed answer', async () => {
    const small = await addBookableSession(db, { workshopId, capacity: 1, now: bookedAt, startsInDays: 1 })
    const held = await book('Jana Řehořová', small)
    const waiting = await book('Petr Čermák', small)
    expect(waiting.status).toBe('waitlisted')
    await mark(held.registrationId, 'absent', small)
    const refused = async (token: string) => saveFeedback(db, { token, form: answer(3), now: testStart })
    expect(await refused(held.token)).toEqual({ kind: 'not_attended' })
    expect(await refused(waiting.token)).toEqual({ kind: 'not_attended' })
    await close(small)
    expect(await refused(held.token)).toEqual({ kind: 'not_attended' })
    expect(await refused(waiting.token)).toEqual({ kind: 'not_attended' })
    // Present, but attendance not closed yet: not asked, cannot answer.
    const present = await book('Eva Žáková')
    await mark(present.registrationId, 'present')
    expect(await refused(present.token)).toEqual({ kind: 'not_attended' })
    expect(await db.selectFrom('feedback_responses').selectAll().execute()).toEqual([])
  })

  it('sums 50 answers up correctly for the session and the workshop, without names', async () => {
    const ratings: number[] = []
    for (let i = 0; i < 55; i++) {
      const booked = await book(`Účastník Číslo ${i}`)
      await mark(booked.registrationId, i % 7 === 0 ? 'late' : 'present')
    }
    await close()
    for (let i = 0; i < 50; i++) {
      // 1 × 5, 2 × 4, 3 × 3, 2 × 2, 2 × 1 per ten people: a known spread.
      const rating = [5, 4, 4, 3, 3, 3, 2, 2, 1, 1][i % 10]!
      ratings.push(rating)
      const texts = i % 5 === 0 ? { improve: `Více praxe (${i})`, comment: i === 0 ? 'Díky!' : '' } : {}
      const saved = await saveFeedback(db, {
        token: await feedbackToken(`Účastník Číslo ${i}`),
        form: answer(rating, texts),
        now: testStart,
      })
      expect(saved.kind).toBe('saved')
    }
    const summary = await feedbackSummary(db, { sessionId })
    expect(summary.responses).toBe(50)
    expect(summary.asked).toBe(55)
    expect(summary.rate).toBeCloseTo(50 / 55, 10)
    expect(summary.average).toBe(Math.round((ratings.reduce((a, b) => a + b, 0) / 50) * 100) / 100)
    expect(summary.average).toBe(2.8)
    expect(summary.distribution).toEqual({ 1: 10, 2: 10, 3: 15, 4: 10, 5: 5 })
    expect(summary.comments).toHaveLength(10)
    expect(summary.comments[0]).toMatchObject({ improve: 'Více praxe (0)', comment: 'Díky!', useInWork: null })
    expect(JSON.stringify(summary)).not.toContain('Účastník')

    // The workshop adds up its sessions: a second one with two answers.
    const second = await addBookableSession(db, { workshopId, capacity: 5, now: bookedAt, startsInDays: 1 })
    for (const name of ['Jana Řehořová', 'Petr Čermák']) await mark((await book(name, second)).registrationId, 'present', second)
    await close(second)
    for (const name of ['Jana Řehořová', 'Petr Čermák'])
      await saveFeedback(db, { token: await feedbackToken(name), form: answer(5), now: testStart })
    const workshop = await feedbackSummary(db, { workshopId })
    expect(workshop).toMatchObject({ responses: 52, asked: 57, distribution: { 1: 10, 2: 10, 3: 15, 4: 10, 5: 7 } })

    const { columns, rows } = await exportFeedback(db, {
      scope: { sessionId },
      locale: 'cs',
      user: admin,
      format: 'csv',
      now: testStart,
    })
    expect(rows).toHaveLength(50)
    const csv = csvTable(columns, rows, 'cs').toString('utf8')
    // Dates twice: as Czech people read them, and as ISO 8601 for programs.
    expect(csv.startsWith('\uFEFFTermín;Termín (ISO 8601);Hodnocení;')).toBe(true)
    const [header, first] = parse(Buffer.from(csv), { delimiter: ';', bom: true }) as string[][]
    expect(header!.slice(-2)).toEqual(['Odpověď z', 'Odpověď z (ISO 8601)'])
    const { starts_at } = await db
      .selectFrom('sessions')
      .select('starts_at')
      .where('id', '=', sessionId)
      .executeTakeFirstOrThrow()
    expect(first!.slice(0, 2)).toEqual([writtenDateTime(starts_at, 'cs'), pragueIso(starts_at)])
    // To the second: nobody reads milliseconds in a spreadsheet.
    expect(first!.at(-1)).toBe(pragueIso(testStart))
    // XLSX: the same instants as date cells in Prague time.
    const workbook = new ExcelJS.Workbook()
    await workbook.xlsx.load(new Uint8Array(await xlsxTable(columns, rows, 'Zpětná vazba', 'cs')).buffer)
    const row = workbook.worksheets[0]!.getRow(2)
    expect(row.getCell(1).type).toBe(ExcelJS.ValueType.Date)
    expect(row.getCell(1).value).toEqual(pragueWallClockDate(starts_at))
    expect(Math.floor((row.getCell(6).value as Date).getTime() / 1000)).toBe(pragueWallClockDate(testStart).getTime() / 1000)
    expect(row.getCell(6).numFmt).toBe('d. m. yyyy h:mm')
    expect(csv).not.toContain('Účastník')
    expect(csv).not.toContain('@example.cz')
    const audit = await db
      .selectFrom('audit_log')
      .select(['action', 'entity_id'])
      .where('action', '=', 'feedback.export')
      .execute()
    expect(audit).toEqual([{ action: 'feedback.export', entity_id: sessionId }])
  })

  it('refuses a form without a rating, or with a rating out of range, next to the field', () => {
    for (const rating of ['', '0', '6', 'pět']) {
      const form = new FormData()
      form.set('rating', rating)
      form.set('improve', 'Něco')
      const parsed = parseFeedbackForm(form)
      expect(parsed.ok).toBe(false)
      if (!parsed.ok) {
        expect(parsed.errors).toEqual({ rating: 'feedback.error.rating' })
        expect(parsed.values.improve).toBe('Něco')
      }
    }
  })
})
