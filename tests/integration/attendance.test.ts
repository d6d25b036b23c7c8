import { filterRoster } from '~/components/RosterList'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import {
  checkInByCode,
  closeAttendance,
  closingSummary,
  findValidCertificate,
  getRoster,
  markAttendance,
  parseCloseAttendanceForm,
  type UnmarkedChoice,
} from '~/models/attendance.server'
import type { SignedInUser } from '~/models/auth.server'
import { addParticipant, cancelOnBehalf } from '~/models/organiser-registrations.server'
import { cancelRegistration, findRegistrationByToken, registerForSession } from '~/models/registrations.server'
import { formatCode } from '~/utils/codes'
import { CERTIFICATE_CODE_LENGTH, CHECK_IN_CODE_LENGTH } from '~/utils/codes.server'
import { createSmtpSender } from '~/utils/mailer.server'
import { startOutboxWorker, type OutboxWorker } from '~/jobs/outbox-worker.server'
import { qrHtmlTable } from '~/utils/qr.server'
import { atDay, day, inDays, writtenRange } from '../support/clock'
import { createTestDatabase, type TestDatabase } from '../support/database'
import { BODY_A, createStaff, createUser, emailOf, factories, person } from '../support/factories'
import { propsOf, rowsOf } from '../support/fixtures'
import { calendarPart, startSmtpServer, type ReceivedMessage, type TestSmtpServer } from '../support/smtp'

/*
 * Attendance in the room and the certificates that follow it, through the model functions as
 * the organiser's pages call them, against a migrated SQLite file of its own for each test.
 * Every instant comes from the test clock. `now` and `later` lie days before the wall clock,
 * because the outbox worker sends what is due by the real clock, and well before the sessions,
 * so public bookings are open.
 */

const now = atDay(-2, '10:00')
/** The next day, an hour later in the day: a change made after `now`. */
const later = atDay(-1, '11:00')
/** The session of most tests: an afternoon eleven days after `now`, 14:00–17:00 in Prague. */
const SESSION_DAY = 9
const SESSION_STARTS = inDays(SESSION_DAY, '14:00')
const SESSION_ENDS = inDays(SESSION_DAY, '17:00')
/** Another session of the same workshop, at the same time a week later. */
const WEEK_LATER = day(SESSION_DAY + 7)
const appUrl = 'http://localhost:3000'
const MAIL_FROM = 'Workshopy <noreply@workshopy.example.cz>'

let test: TestDatabase
let organiserA: SignedInUser
let organiserB: SignedInUser
let admin: SignedInUser
let participant: SignedInUser
/** Body A's accredited workshop (no date of birth), body A's workshop that needs one, body B's workshop. */
let workshopA: number
let workshopBirth: number
let workshopB: number

const WORKSHOP_A_TITLE = 'Počasí v kraji: otevřená data pro školy'
const ACCREDITATION = 'MSMT-12345/2024-1-456'

/**
 * The admin makes the workshops and sessions (of both bodies); organiser A adds walk-ins. A
 * session is by default the afternoon eleven days after `now`, 14:00–17:00 in Prague, 30 seats,
 * bookings open at `now`.
 */
const { book, newSession, newWorkshop, walkIn } = factories(() => ({
  db: test.db,
  now,
  appUrl,
  staff: admin,
  organiser: organiserA,
  session: {
    date: day(SESSION_DAY),
    startTime: '14:00',
    endTime: '17:00',
    address: 'U Jezu 642/2a, 461 80 Liberec',
    room: 'zasedací místnost 1.15',
    capacity: 30,
    lecturer: 'Mgr. Ondřej Štěpánek',
  },
}))

/** A workshop of three hours for schools and offices, as the workshop form saves it. */
const newOpenDataWorkshop = (
  organiserId: number,
  slug: string,
  title: string,
  { accreditationRef = '', requiresBirthDate = false } = {},
) =>
  newWorkshop(organiserId, {
    slug,
    title,
    summary: 'Praktický workshop pro úřady a školy.',
    descriptionMd: 'Popis workshopu.',
    topic: 'open_data',
    audiences: ['teacher_zs', 'official'],
    lengthHours: 3,
    accreditationRef,
    requiresBirthDate,
  })

beforeEach(async () => {
  test = await createTestDatabase()
  const staff = await createStaff(test.db, now)
  const { bodyAId, bodyBId } = staff
  ;({ organiserA, organiserB, admin } = staff)
  participant = await createUser(test.db, { email: 'ucastnik@example.cz', name: 'Běžný Účastník', role: 'participant' })
  workshopA = await newOpenDataWorkshop(bodyAId, 'pocasi-v-kraji', WORKSHOP_A_TITLE, { accreditationRef: ACCREDITATION })
  workshopBirth = await newOpenDataWorkshop(bodyAId, 'dvpp-kyberbezpecnost', 'Kybernetická bezpečnost ve škole (DVPP)', {
    accreditationRef: 'MSMT-777/2024',
    requiresBirthDate: true,
  })
  workshopB = await newOpenDataWorkshop(bodyBId, 'hesla-a-dvoufaktor', 'Hesla a dvoufaktorové ověření')
})

afterEach(async () => {
  await test.cleanup()
})

/** Books everyone; answers their registration ids by name. */
async function bookAll(sessionId: number, names: string[]): Promise<Record<string, number>> {
  const ids: Record<string, number> = {}
  for (const name of names) {
    const booking = await book(sessionId, name)
    expect(booking.status, name).toBe('confirmed')
    ids[name] = booking.registrationId
  }
  return ids
}

const mark = (
  sessionId: number,
  registrationId: number,
  attendance: 'present' | 'late' | 'excused' | 'absent' | null,
  user = organiserA,
  at = now,
) => markAttendance(test.db, { sessionId, registrationId, attendance, user, now: at, appUrl })
const checkIn = (sessionId: number, code: string, user = organiserA, at = now) =>
  checkInByCode(test.db, { sessionId, code, user, now: at, appUrl })
/** Closes as the page does once asked: people nobody marked stay unmarked unless told otherwise. */
const close = (sessionId: number, user = organiserA, at = now, unmarked: UnmarkedChoice = 'leave') =>
  closeAttendance(test.db, { sessionId, user, now: at, appUrl, unmarked })
/** Closes as the roster's button does, with no answer about the unmarked yet. */
const closeUnasked = (sessionId: number, user = organiserA, at = now) =>
  closeAttendance(test.db, { sessionId, user, now: at, appUrl })

async function expectMarked(result: Awaited<ReturnType<typeof mark>>, fullName: string) {
  expect(result).toEqual({ kind: 'marked', fullName })
}

const { registrationRow, sessionRow } = rowsOf(() => test.db)
const checkInCodeOf = async (id: number) => {
  const code = (await registrationRow(id)).check_in_code
  if (!code) throw new Error(`registration ${id} has no check-in code`)
  return code
}
const certificatesOf = (sessionId: number) =>
  test.db
    .selectFrom('certificates')
    .innerJoin('registrations', 'registrations.id', 'certificates.registration_id')
    .selectAll('certificates')
    .select('registrations.full_name')
    .where('registrations.session_id', '=', sessionId)
    .orderBy('certificates.id')
    .execute()
const certificateOf = (registrationId: number) =>
  test.db.selectFrom('certificates').selectAll().where('registration_id', '=', registrationId).executeTakeFirst()
const outboxRows = () => test.db.selectFrom('outbox').selectAll().orderBy('id').execute()
const certificateMails = async () => (await outboxRows()).filter((m) => m.template === 'registration.certificate')

// ---------------------------------------------------------------------------------------------

describe('the roster', () => {
  /** Confirmed Řehořová and Chalupa; Čermák promoted; Cibulková waiting; Horák cancelled; two walk-ins. */
  async function rosterSession() {
    const sessionId = await newSession(workshopA, { capacity: 3 })
    const ids: Record<string, number> = {}
    for (const name of ['Jana Řehořová', 'Karel Chalupa', 'Petr Horák']) ids[name] = (await book(sessionId, name)).registrationId
    const cermak = await book(sessionId, person('Jan Čermák', { organisation: 'ZŠ Žižkov' }))
    const cibulkova = await book(sessionId, 'Eva Cibulková')
    expect([cermak.status, cibulkova.status]).toEqual(['waitlisted', 'waitlisted'])
    ids['Jan Čermák'] = cermak.registrationId
    ids['Eva Cibulková'] = cibulkova.registrationId
    // Horák cancels: Čermák, first on the waiting list, takes his seat; Cibulková keeps waiting.
    const cancelled = await cancelOnBehalf(test.db, { registrationId: ids['Petr Horák']!, user: organiserA, now, appUrl })
    expect(cancelled).toEqual({ kind: 'cancelled', promoted: 1 })
    // The session is full now: walk-ins still get in.
    ids['Eva Žáková'] = await walkIn(sessionId, 'Eva Žáková')
    ids['Igor Ivanov'] = await walkIn(
      sessionId,
      person('Igor Ivanov', {
        email: 'IVANOV@Example.cz',
        organisation: 'Gymnázium Jablonec',
      }),
    )
    return { sessionId, ids }
  }

  it('lists everyone holding a seat, walk-ins included, waitlisted and cancelled not, in Czech order', async () => {
    const { sessionId, ids } = await rosterSession()
    const { entries, counts } = await getRoster(test.db, { sessionId })
    expect(entries.map((e) => e.fullName)).toEqual(['Jan Čermák', 'Karel Chalupa', 'Igor Ivanov', 'Jana Řehořová', 'Eva Žáková'])
    expect(entries.map((e) => e.id)).toEqual(
      ['Jan Čermák', 'Karel Chalupa', 'Igor Ivanov', 'Jana Řehořová', 'Eva Žáková'].map((n) => ids[n]),
    )
    expect(entries.map((e) => e.walkIn)).toEqual([false, false, true, false, true])
    expect(counts).toEqual({ total: 5, present: 0, late: 0, excused: 0, absent: 0, unmarked: 5 })
    const ivanov = entries.find((e) => e.fullName === 'Igor Ivanov')!
    expect(ivanov).toMatchObject({ email: 'IVANOV@Example.cz', organisation: 'Gymnázium Jablonec', attendance: null })
    for (const entry of entries) {
      expect(entry.checkInCode).toBe(await checkInCodeOf(entry.id))
      expect(entry.checkInCode).toMatch(new RegExp(`^[0-9A-HJKMNP-TV-Z]{${CHECK_IN_CODE_LENGTH}}$`))
    }
    // The check-in codes are all different.
    expect(new Set(entries.map((e) => e.checkInCode)).size).toBe(entries.length)
  })

  it('counts each attendance state, with people not yet marked as unmarked', async () => {
    const { sessionId, ids } = await rosterSession()
    await expectMarked(await mark(sessionId, ids['Jan Čermák']!, 'present'), 'Jan Čermák')
    await expectMarked(await mark(sessionId, ids['Eva Žáková']!, 'present'), 'Eva Žáková')
    await expectMarked(await mark(sessionId, ids['Karel Chalupa']!, 'late'), 'Karel Chalupa')
    await expectMarked(await mark(sessionId, ids['Jana Řehořová']!, 'excused'), 'Jana Řehořová')
    const { entries, counts } = await getRoster(test.db, { sessionId })
    expect(counts).toEqual({ total: 5, present: 2, late: 1, excused: 1, absent: 0, unmarked: 1 })
    expect(Object.fromEntries(entries.map((e) => [e.fullName, e.attendance]))).toEqual({
      'Jan Čermák': 'present',
      'Karel Chalupa': 'late',
      'Igor Ivanov': null,
      'Jana Řehořová': 'excused',
      'Eva Žáková': 'present',
    })
  })

  it('searches names, e-mails and organisations with case and accents folded; the counts stay those of the whole session', async () => {
    const { sessionId } = await rosterSession()
    const names = async (q: string) => {
      const roster = await getRoster(test.db, { sessionId })
      expect(roster.counts.total, `counts for "${q}"`).toBe(5)
      // The page filters what the server sends, on its render and as you type.
      return filterRoster(roster.entries, q).map((e) => e.fullName)
    }
    expect(await names('rehorova')).toEqual(['Jana Řehořová'])
    expect(await names('ŘEHOŘOVÁ')).toEqual(['Jana Řehořová'])
    expect(await names('  Řehoř  ')).toEqual(['Jana Řehořová'])
    expect(await names('cermak')).toEqual(['Jan Čermák'])
    expect(await names('zakova')).toEqual(['Eva Žáková'])
    // Organisation and e-mail.
    expect(await names('zizkov')).toEqual(['Jan Čermák'])
    expect(await names('gymnazium')).toEqual(['Igor Ivanov'])
    expect(await names('ivanov@example')).toEqual(['Igor Ivanov'])
    // Every term must match, in any order, in any field.
    expect(await names('jana turnov')).toEqual(['Jana Řehořová'])
    expect(await names('turnov jan')).toEqual(['Jana Řehořová'])
    expect(await names('turnov')).toEqual(['Karel Chalupa', 'Jana Řehořová', 'Eva Žáková'])
    // Waitlisted and cancelled people are not found.
    expect(await names('cibulkova')).toEqual([])
    expect(await names('horak')).toEqual([])
    expect(await names('nikdo takovy')).toEqual([])
    // An empty query lists everyone.
    expect(await names('')).toHaveLength(5)
    expect(await names('   ')).toHaveLength(5)
  })
})

describe('marking attendance', () => {
  it('sets each status, records when, and clears it with null', async () => {
    const sessionId = await newSession(workshopA)
    const { 'Tomáš Šťastný': id } = await bookAll(sessionId, ['Tomáš Šťastný'])
    for (const status of ['present', 'late', 'excused', 'absent'] as const) {
      await expectMarked(await mark(sessionId, id!, status, organiserA, later), 'Tomáš Šťastný')
      expect(await registrationRow(id!)).toMatchObject({ attendance: status, attendance_marked_at: later.toISOString() })
    }
    await expectMarked(await mark(sessionId, id!, null), 'Tomáš Šťastný')
    expect((await registrationRow(id!)).attendance).toBeNull()
    expect((await getRoster(test.db, { sessionId })).counts).toMatchObject({ unmarked: 1, absent: 0 })
    // No certificate while attendance is open.
    await mark(sessionId, id!, 'present')
    expect(await certificateOf(id!)).toBeUndefined()
  })

  it('an admin may mark any session', async () => {
    const sessionId = await newSession(workshopB)
    const { 'Jan Novák': id } = await bookAll(sessionId, ['Jan Novák'])
    await expectMarked(await mark(sessionId, id!, 'late', admin), 'Jan Novák')
    expect((await registrationRow(id!)).attendance).toBe('late')
  })

  it('refuses a registration of another session, an unknown one, a waitlisted one and an unknown session as not found', async () => {
    const sessionId = await newSession(workshopA, { capacity: 1 })
    const otherSessionId = await newSession(workshopA, { date: WEEK_LATER })
    const { 'Jana Řehořová': here } = await bookAll(sessionId, ['Jana Řehořová'])
    const waiting = await book(sessionId, 'Eva Cibulková')
    expect(waiting.status).toBe('waitlisted')
    const { 'Petr Horák': there } = await bookAll(otherSessionId, ['Petr Horák'])

    expect(await mark(sessionId, there!, 'present')).toEqual({ kind: 'not_found' })
    expect(await mark(otherSessionId, here!, 'present')).toEqual({ kind: 'not_found' })
    expect(await mark(sessionId, 999_999, 'present')).toEqual({ kind: 'not_found' })
    expect(await mark(sessionId, waiting.registrationId, 'present')).toEqual({ kind: 'not_found' })
    expect(await mark(999_999, here!, 'present')).toEqual({ kind: 'not_found' })
    for (const id of [here!, there!, waiting.registrationId]) expect((await registrationRow(id)).attendance).toBeNull()
  })

  it('refuses an organiser of another body, and a participant, as forbidden', async () => {
    const sessionId = await newSession(workshopA)
    const { 'Jana Řehořová': id } = await bookAll(sessionId, ['Jana Řehořová'])
    expect(await mark(sessionId, id!, 'present', organiserB)).toEqual({ kind: 'forbidden' })
    expect(await mark(sessionId, id!, 'present', participant)).toEqual({ kind: 'forbidden' })
    expect(await registrationRow(id!)).toMatchObject({ attendance: null, attendance_marked_at: null })

    // And the other way round: body A cannot mark body B's session.
    const sessionB = await newSession(workshopB)
    const { 'Jiří Beneš': idB } = await bookAll(sessionB, ['Jiří Beneš'])
    expect(await mark(sessionB, idB!, 'absent')).toEqual({ kind: 'forbidden' })
    expect(await mark(sessionB, idB!, 'absent', organiserB)).toEqual({ kind: 'marked', fullName: 'Jiří Beneš' })
  })
})

describe('checking in by code', () => {
  it('takes the code typed in any case, with a dash or spaces, and answers already the second time', async () => {
    const sessionId = await newSession(workshopA)
    const ids = await bookAll(sessionId, ['Jana Řehořová', 'Karel Chalupa'])
    const code = await checkInCodeOf(ids['Jana Řehořová']!)
    // As someone reads it off a phone: lower case, grouped, with look-alike letters for 0 and 1.
    const typed = formatCode(code).toLowerCase().replace(/0/g, 'o').replace(/1/g, 'l')
    expect(await checkIn(sessionId, typed)).toEqual({ kind: 'checked_in', fullName: 'Jana Řehořová', already: false })
    expect(await registrationRow(ids['Jana Řehořová']!)).toMatchObject({
      attendance: 'present',
      attendance_marked_at: now.toISOString(),
    })

    const spaced = ` ${code.slice(0, 4)} ${code.slice(4)} `
    expect(await checkIn(sessionId, spaced, organiserA, later)).toEqual({
      kind: 'checked_in',
      fullName: 'Jana Řehořová',
      already: true,
    })
    // The second scan changes nothing.
    expect(await registrationRow(ids['Jana Řehořová']!)).toMatchObject({
      attendance: 'present',
      attendance_marked_at: now.toISOString(),
    })
    expect((await registrationRow(ids['Karel Chalupa']!)).attendance).toBeNull()
  })

  it('leaves someone marked late as late, and checks in someone earlier marked absent or excused', async () => {
    const sessionId = await newSession(workshopA)
    const ids = await bookAll(sessionId, ['Karel Chalupa', 'Petr Horák', 'Eva Žáková'])
    await mark(sessionId, ids['Karel Chalupa']!, 'late')
    await mark(sessionId, ids['Petr Horák']!, 'absent')
    await mark(sessionId, ids['Eva Žáková']!, 'excused')
    expect(await checkIn(sessionId, await checkInCodeOf(ids['Karel Chalupa']!))).toMatchObject({
      kind: 'checked_in',
      already: true,
    })
    expect((await registrationRow(ids['Karel Chalupa']!)).attendance).toBe('late')
    expect(await checkIn(sessionId, await checkInCodeOf(ids['Petr Horák']!))).toMatchObject({
      kind: 'checked_in',
      already: false,
    })
    expect((await registrationRow(ids['Petr Horák']!)).attendance).toBe('present')
    expect(await checkIn(sessionId, await checkInCodeOf(ids['Eva Žáková']!))).toMatchObject({
      kind: 'checked_in',
      already: false,
    })
    expect((await registrationRow(ids['Eva Žáková']!)).attendance).toBe('present')
  })

  it('answers unknown_code for a made-up code, an empty one and the code of a cancelled or waitlisted booking', async () => {
    const sessionId = await newSession(workshopA, { capacity: 1 })
    const confirmed = await book(sessionId, 'Jana Řehořová')
    const waiting = await book(sessionId, 'Eva Cibulková')
    expect(waiting.status).toBe('waitlisted')
    const confirmedCode = await checkInCodeOf(confirmed.registrationId)
    const madeUp = confirmedCode === 'ZZZZZZZZ' ? 'YYYY-YYYY' : 'ZZZZ-ZZZZ'
    expect(await checkIn(sessionId, madeUp)).toEqual({ kind: 'unknown_code' })
    expect(await checkIn(sessionId, '')).toEqual({ kind: 'unknown_code' })
    expect(await checkIn(sessionId, await checkInCodeOf(waiting.registrationId))).toEqual({ kind: 'unknown_code' })
    expect((await registrationRow(waiting.registrationId)).attendance).toBeNull()

    expect(await cancelRegistration(test.db, { token: confirmed.token, now, appUrl })).toMatchObject({ kind: 'cancelled' })
    expect(await checkIn(sessionId, confirmedCode)).toEqual({ kind: 'unknown_code' })
    expect((await registrationRow(confirmed.registrationId)).attendance).toBeNull()
  })

  it('answers other_session for a code booked on another session, and marks nobody', async () => {
    const sessionId = await newSession(workshopA)
    const otherSessionId = await newSession(workshopA, { date: WEEK_LATER })
    await bookAll(sessionId, ['Jana Řehořová'])
    const { 'Petr Horák': there } = await bookAll(otherSessionId, ['Petr Horák'])
    expect(await checkIn(sessionId, (await checkInCodeOf(there!)).toLowerCase())).toEqual({ kind: 'other_session' })
    expect((await registrationRow(there!)).attendance).toBeNull()
    expect((await getRoster(test.db, { sessionId })).counts.present).toBe(0)
  })

  it('refuses an organiser of another body before looking at the code', async () => {
    const sessionId = await newSession(workshopA)
    const { 'Jana Řehořová': id } = await bookAll(sessionId, ['Jana Řehořová'])
    const code = await checkInCodeOf(id!)
    expect(await checkIn(sessionId, code, organiserB)).toEqual({ kind: 'forbidden' })
    expect(await checkIn(sessionId, 'ZZZZ-ZZZZ', organiserB)).toEqual({ kind: 'forbidden' })
    expect(await checkIn(999_999, code)).toEqual({ kind: 'not_found' })
    expect((await registrationRow(id!)).attendance).toBeNull()
  })
})

describe('closing attendance and certificates', () => {
  /** Six people in every state: present, late, excused, absent, unmarked, and a present walk-in. */
  async function markedSession(workshopId = workshopA) {
    const sessionId = await newSession(workshopId)
    const ids = await bookAll(sessionId, ['Jana Řehořová', 'Karel Chalupa', 'Petr Horák', 'Eva Cibulková', 'Igor Ivanov'])
    ids['Eva Žáková'] = await walkIn(sessionId, 'Eva Žáková')
    await mark(sessionId, ids['Jana Řehořová']!, 'present')
    await mark(sessionId, ids['Karel Chalupa']!, 'late')
    await mark(sessionId, ids['Petr Horák']!, 'excused')
    await mark(sessionId, ids['Eva Cibulková']!, 'absent')
    await mark(sessionId, ids['Eva Žáková']!, 'present')
    return { sessionId, ids }
  }
  const attendedNames = ['Jana Řehořová', 'Karel Chalupa', 'Eva Žáková']

  it('issues one certificate per person present or late, none for excused, absent or unmarked', async () => {
    const { sessionId, ids } = await markedSession()
    const result = await close(sessionId)
    expect(result).toEqual({ kind: 'closed', certificates: 3, issued: 3, markedAbsent: 0, leftUnmarked: 1 })
    expect((await sessionRow(sessionId)).attendance_closed_at).toBe(now.toISOString())

    const certificates = await certificatesOf(sessionId)
    expect(certificates.map((c) => c.full_name).sort()).toEqual([...attendedNames].sort())
    for (const certificate of certificates) {
      expect(certificate.code).toMatch(new RegExp(`^[0-9A-HJKMNP-TV-Z]{${CERTIFICATE_CODE_LENGTH}}$`))
      expect(certificate).toMatchObject({ issued_at: now.toISOString(), revoked_at: null })
    }
    expect(new Set(certificates.map((c) => c.code)).size).toBe(3)
    for (const name of ['Petr Horák', 'Eva Cibulková', 'Igor Ivanov'])
      expect(await certificateOf(ids[name]!), name).toBeUndefined()

    const audit = await test.db.selectFrom('audit_log').selectAll().where('action', '=', 'session.attendance-close').execute()
    expect(audit).toHaveLength(1)
    expect(audit[0]).toMatchObject({ actor_user_id: organiserA.id, entity_type: 'session', entity_id: sessionId })
    expect(JSON.parse(audit[0]!.details ?? 'null')).toEqual({ attendees: 3, issued: 3, leftUnmarked: 1 })
  })

  it("queues one 'registration.certificate' e-mail each, linking to /certificates/<code>", async () => {
    const { sessionId, ids } = await markedSession()
    await close(sessionId)
    const mails = await certificateMails()
    expect(mails.map((m) => m.recipient).sort()).toEqual(attendedNames.map(emailOf).sort())
    for (const name of attendedNames) {
      const mail = mails.find((m) => m.recipient === emailOf(name))!
      const certificate = (await certificateOf(ids[name]!))!
      expect(mail.idempotency_key).toBe(`registration:${ids[name]}:certificate`)
      expect(mail.locale).toBe('cs')
      const props = propsOf(mail)
      expect(props.certificateUrl).toBe(`${appUrl}/certificates/${certificate.code}`)
      expect(props.participant).toEqual({ name, email: emailOf(name) })
      expect(props.session.workshopTitle).toBe(WORKSHOP_A_TITLE)
      expect(props.manageUrl).toMatch(new RegExp(`^${appUrl}/registrations/[A-Za-z0-9_-]+$`))
    }
  })

  it('closing again issues nothing new and keeps the first closing time', async () => {
    const { sessionId } = await markedSession()
    await close(sessionId)
    const certificatesBefore = await certificatesOf(sessionId)
    const outboxBefore = await outboxRows()
    const again = await close(sessionId, organiserA, later)
    expect(again.kind).toBe('closed')
    expect(await certificatesOf(sessionId)).toEqual(certificatesBefore)
    expect(await outboxRows()).toEqual(outboxBefore)
    expect((await sessionRow(sessionId)).attendance_closed_at).toBe(now.toISOString())
  })

  it('after closing, marking someone absent revokes the certificate; marking them present again restores the same code', async () => {
    const { sessionId, ids } = await markedSession()
    await close(sessionId)
    const jana = ids['Jana Řehořová']!
    const { code } = (await certificateOf(jana))!
    expect((await findValidCertificate(test.db, { code }))?.fullName).toBe('Jana Řehořová')

    await expectMarked(await mark(sessionId, jana, 'absent', organiserA, later), 'Jana Řehořová')
    expect(await findValidCertificate(test.db, { code })).toBeUndefined()
    expect(await findValidCertificate(test.db, { registrationId: jana })).toBeUndefined()
    expect((await certificateOf(jana))!.revoked_at).toBe(later.toISOString())
    // The others keep theirs.
    expect(await findValidCertificate(test.db, { registrationId: ids['Karel Chalupa']! })).toBeDefined()

    await expectMarked(await mark(sessionId, jana, 'present', organiserA, later), 'Jana Řehořová')
    const restored = await findValidCertificate(test.db, { code })
    expect(restored?.code).toBe(code)
    expect(await certificateOf(jana)).toMatchObject({ code, revoked_at: null, issued_at: now.toISOString() })
    expect(await certificatesOf(sessionId)).toHaveLength(3)
    // Restoring sends no second e-mail.
    expect((await certificateMails()).filter((m) => m.recipient === emailOf('Jana Řehořová'))).toHaveLength(1)

    // Cleared (null) counts as not attended too.
    await mark(sessionId, jana, null, organiserA, later)
    expect(await findValidCertificate(test.db, { code })).toBeUndefined()
    // Late counts as attended.
    await mark(sessionId, jana, 'late', organiserA, later)
    expect((await findValidCertificate(test.db, { code }))?.code).toBe(code)
  })

  it('someone marked present after closing, by hand or by code, gets a certificate and its e-mail at once', async () => {
    const { sessionId, ids } = await markedSession()
    await close(sessionId)
    expect(await certificateOf(ids['Igor Ivanov']!)).toBeUndefined()
    await mark(sessionId, ids['Igor Ivanov']!, 'late', organiserA, later)
    const ivanov = await certificateOf(ids['Igor Ivanov']!)
    expect(ivanov).toMatchObject({ issued_at: later.toISOString(), revoked_at: null })

    expect(await checkIn(sessionId, (await checkInCodeOf(ids['Petr Horák']!)).toLowerCase(), organiserA, later)).toMatchObject({
      kind: 'checked_in',
      already: false,
    })
    const horak = await certificateOf(ids['Petr Horák']!)
    expect(horak?.revoked_at).toBeNull()

    const mails = await certificateMails()
    expect(mails).toHaveLength(5)
    for (const [name, certificate] of [
      ['Igor Ivanov', ivanov],
      ['Petr Horák', horak],
    ] as const) {
      const mail = mails.filter((m) => m.recipient === emailOf(name))
      expect(mail, name).toHaveLength(1)
      expect(propsOf(mail[0]!).certificateUrl).toBe(`${appUrl}/certificates/${certificate!.code}`)
    }
  })

  it('refuses an organiser of another body: nothing closed, nothing issued', async () => {
    const { sessionId } = await markedSession()
    expect(await close(sessionId, organiserB)).toEqual({ kind: 'forbidden' })
    expect(await close(999_999)).toEqual({ kind: 'not_found' })
    expect((await sessionRow(sessionId)).attendance_closed_at).toBeNull()
    expect(await certificatesOf(sessionId)).toEqual([])
    expect(await certificateMails()).toEqual([])
  })

  it('a session nobody attended closes with no certificates', async () => {
    const sessionId = await newSession(workshopA)
    const ids = await bookAll(sessionId, ['Petr Horák'])
    await mark(sessionId, ids['Petr Horák']!, 'absent')
    expect(await closeUnasked(sessionId, organiserA, now)).toEqual({
      kind: 'closed',
      certificates: 0,
      issued: 0,
      markedAbsent: 0,
      leftUnmarked: 0,
    })
    expect(await certificatesOf(sessionId)).toEqual([])
    expect(await certificateMails()).toEqual([])
  })
})

describe('closing attendance with people nobody marked', () => {
  /** 28 booked, 7 marked present (one of them a walk-in), 21 nobody marked: the room from the issue. */
  async function halfMarkedRoom() {
    const sessionId = await newSession(workshopA)
    const names = Array.from({ length: 27 }, (_, i) => `Účastník Číslo${String(i + 1).padStart(2, '0')}`)
    const ids = await bookAll(sessionId, names)
    ids['Eva Žáková'] = await walkIn(sessionId, 'Eva Žáková')
    const present = [...names.slice(0, 6), 'Eva Žáková']
    // Added at the door by hand: holds a seat like the others, marked like them.
    for (const name of present) await mark(sessionId, ids[name]!, 'present')
    const unmarked = names.slice(6)
    expect(unmarked).toHaveLength(21)
    return { sessionId, ids, present, unmarked }
  }
  const attendanceOf = async (id: number) => (await registrationRow(id)).attendance
  const mailsOf = async (template: string) => (await outboxRows()).filter((m) => m.template === template)

  it('without a decision changes nothing, sends nothing and answers how many of how many are unmarked', async () => {
    const { sessionId, unmarked, ids } = await halfMarkedRoom()
    const outboxBefore = await outboxRows()
    expect(await closeUnasked(sessionId, organiserA, now)).toEqual({ kind: 'unmarked_remain', unmarked: 21, total: 28 })
    expect((await sessionRow(sessionId)).attendance_closed_at).toBeNull()
    expect(await certificatesOf(sessionId)).toEqual([])
    expect(await outboxRows()).toEqual(outboxBefore)
    for (const name of unmarked) expect(await attendanceOf(ids[name]!), name).toBeNull()
    expect(await test.db.selectFrom('audit_log').select('id').where('action', '=', 'session.attendance-close').execute()).toEqual(
      [],
    )
  })

  it('the summary before closing counts holders of a seat, the unmarked, the certificates to send and the e-mail to the absent', async () => {
    const { sessionId } = await halfMarkedRoom()
    // The waiting list and cancelled bookings are not in the room.
    const full = await newSession(workshopA, { capacity: 1, date: WEEK_LATER })
    await bookAll(full, ['Jana Řehořová'])
    expect((await book(full, 'Eva Cibulková')).status).toBe('waitlisted')
    expect(await closingSummary(test.db, { sessionId })).toEqual({ total: 28, unmarked: 21, attended: 7, missedEmail: true })
    expect(await closingSummary(test.db, { sessionId: full })).toEqual({ total: 1, unmarked: 1, attended: 0, missedEmail: true })
    await test.db.updateTable('workshops').set({ missed_email: 0 }).where('id', '=', workshopA).execute()
    expect((await closingSummary(test.db, { sessionId })).missedEmail).toBe(false)
  })

  it('"leave them unmarked" closes: certificates only to people present, the rest keep no mark and get no e-mail', async () => {
    const { sessionId, ids, present, unmarked } = await halfMarkedRoom()
    expect(await close(sessionId, organiserA, now, 'leave')).toEqual({
      kind: 'closed',
      certificates: 7,
      issued: 7,
      markedAbsent: 0,
      leftUnmarked: 21,
    })
    expect((await sessionRow(sessionId)).attendance_closed_at).toBe(now.toISOString())
    expect((await certificatesOf(sessionId)).map((c) => c.full_name).sort()).toEqual([...present].sort())
    expect((await certificateMails()).map((m) => m.recipient).sort()).toEqual(present.map((n) => emailOf(n)).sort())
    for (const name of unmarked) expect(await attendanceOf(ids[name]!), name).toBeNull()
    expect(await mailsOf('registration.missed')).toEqual([])
    const [audit] = await test.db.selectFrom('audit_log').selectAll().where('action', '=', 'session.attendance-close').execute()
    expect(JSON.parse(audit!.details ?? 'null')).toEqual({ attendees: 7, issued: 7, leftUnmarked: 21 })

    // Marked later, someone left unmarked gets the certificate at once.
    await mark(sessionId, ids[unmarked[0]!]!, 'present', organiserA, later)
    expect(await certificateOf(ids[unmarked[0]!]!)).toMatchObject({ issued_at: later.toISOString(), revoked_at: null })
    expect(await certificateMails()).toHaveLength(8)
  })

  it('"mark them absent" records absence for the 21, in the same closing: no certificates for them, the "we missed you" e-mail', async () => {
    const { sessionId, ids, present, unmarked } = await halfMarkedRoom()
    expect(await close(sessionId, organiserA, later, 'absent')).toEqual({
      kind: 'closed',
      certificates: 7,
      issued: 7,
      markedAbsent: 21,
      leftUnmarked: 0,
    })
    for (const name of unmarked)
      expect(await registrationRow(ids[name]!), name).toMatchObject({
        attendance: 'absent',
        attendance_marked_at: later.toISOString(),
      })
    // Those marked before keep their mark and its time.
    for (const name of present.slice(0, 6))
      expect(await registrationRow(ids[name]!), name).toMatchObject({
        attendance: 'present',
        attendance_marked_at: now.toISOString(),
      })
    expect((await certificatesOf(sessionId)).map((c) => c.full_name).sort()).toEqual([...present].sort())
    expect((await certificateMails()).map((m) => m.recipient).sort()).toEqual(present.map((n) => emailOf(n)).sort())
    expect((await mailsOf('registration.missed')).map((m) => m.recipient).sort()).toEqual(unmarked.map((n) => emailOf(n)).sort())
    expect((await getRoster(test.db, { sessionId })).counts).toMatchObject({ present: 7, absent: 21, unmarked: 0 })
    const [audit] = await test.db.selectFrom('audit_log').selectAll().where('action', '=', 'session.attendance-close').execute()
    expect(JSON.parse(audit!.details ?? 'null')).toEqual({ attendees: 7, issued: 7, markedAbsent: 21 })
  })

  it('marks absent only people still holding a seat: the waiting list and cancelled bookings keep no mark', async () => {
    const sessionId = await newSession(workshopA, { capacity: 2 })
    const ids = await bookAll(sessionId, ['Jana Řehořová', 'Karel Chalupa'])
    const waiting = await book(sessionId, 'Eva Cibulková')
    expect(waiting.status).toBe('waitlisted')
    await mark(sessionId, ids['Jana Řehořová']!, 'present')
    expect(await close(sessionId, organiserA, now, 'absent')).toMatchObject({ kind: 'closed', markedAbsent: 1 })
    expect(await attendanceOf(ids['Karel Chalupa']!)).toBe('absent')
    expect(await attendanceOf(waiting.registrationId)).toBeNull()
  })

  it('needs no decision when everyone is marked, and a decision changes nothing then', async () => {
    const sessionId = await newSession(workshopA)
    const ids = await bookAll(sessionId, ['Jana Řehořová', 'Petr Horák'])
    await mark(sessionId, ids['Jana Řehořová']!, 'present')
    await mark(sessionId, ids['Petr Horák']!, 'excused')
    expect(await closeUnasked(sessionId, organiserA, now)).toMatchObject({ kind: 'closed', certificates: 1, markedAbsent: 0 })
    expect(await close(sessionId, organiserA, later, 'absent')).toMatchObject({ kind: 'closed', markedAbsent: 0 })
    expect(await attendanceOf(ids['Petr Horák']!)).toBe('excused')
  })

  it('asks again when someone is unmarked after closing, and refuses another body before counting', async () => {
    const { sessionId, ids, unmarked } = await halfMarkedRoom()
    expect(await closeUnasked(sessionId, organiserB, now)).toEqual({ kind: 'forbidden' })
    await close(sessionId, organiserA, now, 'absent')
    await mark(sessionId, ids[unmarked[0]!]!, null, organiserA, later)
    expect(await closeUnasked(sessionId, organiserA, later)).toEqual({ kind: 'unmarked_remain', unmarked: 1, total: 28 })
  })

  it('reads the answer of the form: leave, absent, or none yet; anything else is refused next to the field', () => {
    const parse = (value?: string) => {
      const form = new FormData()
      if (value !== undefined) form.set('unmarked', value)
      return parseCloseAttendanceForm(form)
    }
    expect(parse('leave')).toMatchObject({ ok: true, data: { unmarked: 'leave' } })
    expect(parse('absent')).toMatchObject({ ok: true, data: { unmarked: 'absent' } })
    expect(parse('')).toMatchObject({ ok: true, data: { unmarked: undefined } })
    expect(parse()).toMatchObject({ ok: true, data: { unmarked: undefined } })
    expect(parse('delete')).toMatchObject({ ok: false, errors: { unmarked: 'roster.closeAsk.error' } })
  })
})

describe('verifying a certificate', () => {
  it('answers undefined for an unknown code, a malformed one and the code of someone marked absent', async () => {
    const sessionId = await newSession(workshopA)
    const ids = await bookAll(sessionId, ['Jana Řehořová', 'Karel Chalupa'])
    await mark(sessionId, ids['Jana Řehořová']!, 'present')
    await mark(sessionId, ids['Karel Chalupa']!, 'present')
    await close(sessionId)
    const { code } = (await certificateOf(ids['Karel Chalupa']!))!
    const unknown = code === 'ZZZZZZZZZZZZ' ? 'YYYYYYYYYYYY' : 'ZZZZZZZZZZZZ'
    expect(await findValidCertificate(test.db, { code: unknown })).toBeUndefined()
    expect(await findValidCertificate(test.db, { code: '' })).toBeUndefined()
    expect(await findValidCertificate(test.db, { code: code.slice(0, 8) })).toBeUndefined()
    expect(await findValidCertificate(test.db, { registrationId: 999_999 })).toBeUndefined()

    await mark(sessionId, ids['Karel Chalupa']!, 'absent', organiserA, later)
    expect(await findValidCertificate(test.db, { code })).toBeUndefined()
  })

  it('does not verify a certificate whose holder is no longer marked as attended, even if nothing revoked it', async () => {
    const sessionId = await newSession(workshopA)
    const ids = await bookAll(sessionId, ['Jana Řehořová'])
    await mark(sessionId, ids['Jana Řehořová']!, 'present')
    await close(sessionId)
    const { code } = (await certificateOf(ids['Jana Řehořová']!))!
    // Changed behind the model's back: the certificate row itself is still unrevoked.
    await test.db.updateTable('registrations').set({ attendance: 'excused' }).where('id', '=', ids['Jana Řehořová']!).execute()
    expect((await certificateOf(ids['Jana Řehořová']!))!.revoked_at).toBeNull()
    expect(await findValidCertificate(test.db, { code })).toBeUndefined()
  })

  it('does not verify the certificate of a booking the organiser cancelled afterwards', async () => {
    const sessionId = await newSession(workshopA)
    const ids = await bookAll(sessionId, ['Jana Řehořová'])
    await mark(sessionId, ids['Jana Řehořová']!, 'present')
    await close(sessionId)
    const { code } = (await certificateOf(ids['Jana Řehořová']!))!
    expect(
      await cancelOnBehalf(test.db, { registrationId: ids['Jana Řehořová']!, user: organiserA, now: later, appUrl }),
    ).toMatchObject({
      kind: 'cancelled',
    })
    expect(await findValidCertificate(test.db, { code })).toBeUndefined()
  })

  it('answers the certificate data for a valid code, typed in lower case with dashes; no date of birth where not required', async () => {
    const sessionId = await newSession(workshopA)
    const ids = await bookAll(sessionId, ['Tomáš Šťastný'])
    // Sent by someone who booked a workshop that does not need it: never stored, never shown.
    await mark(sessionId, ids['Tomáš Šťastný']!, 'late')
    await close(sessionId)
    const { code } = (await certificateOf(ids['Tomáš Šťastný']!))!
    const expected = {
      code,
      fullName: 'Tomáš Šťastný',
      dateOfBirth: null,
      workshopTitle: WORKSHOP_A_TITLE,
      lengthHours: 3,
      startsAt: SESSION_STARTS,
      endsAt: SESSION_ENDS,
      place: 'Krajský úřad Libereckého kraje',
      lecturer: 'Mgr. Ondřej Štěpánek',
      organiserName: BODY_A.name,
      accreditationRef: ACCREDITATION,
      issuedAt: now.toISOString(),
    }
    expect(await findValidCertificate(test.db, { code })).toEqual(expected)
    expect(await findValidCertificate(test.db, { code: formatCode(code).toLowerCase() })).toEqual(expected)
    expect(await findValidCertificate(test.db, { registrationId: ids['Tomáš Šťastný']! })).toEqual(expected)
  })

  it('shows the date of birth where the workshop requires it', async () => {
    const sessionId = await newSession(workshopBirth, { lecturer: '' })
    const booking = await book(
      sessionId,
      person('Jana Řehořová', {
        dateOfBirth: '1985-04-12',
        participantType: 'teacher',
        schoolLevel: 'zs',
      }),
    )
    await mark(sessionId, booking.registrationId, 'present')
    await close(sessionId)
    const { code } = (await certificateOf(booking.registrationId))!
    expect(await findValidCertificate(test.db, { code })).toMatchObject({
      code,
      fullName: 'Jana Řehořová',
      dateOfBirth: '1985-04-12',
      workshopTitle: 'Kybernetická bezpečnost ve škole (DVPP)',
      lecturer: null,
      organiserName: BODY_A.name,
      accreditationRef: 'MSMT-777/2024',
    })
  })

  it('hides a stored date of birth once the workshop no longer requires it', async () => {
    const sessionId = await newSession(workshopBirth)
    const booking = await book(sessionId, person('Jana Řehořová', { dateOfBirth: '1985-04-12' }))
    await mark(sessionId, booking.registrationId, 'present')
    await close(sessionId)
    await test.db.updateTable('workshops').set({ requires_birth_date: 0 }).where('id', '=', workshopBirth).execute()
    expect((await findValidCertificate(test.db, { registrationId: booking.registrationId }))?.dateOfBirth).toBeNull()
  })
})

describe('date of birth', () => {
  const counters = async (sessionId: number) => {
    const { capacity, confirmed_count, waitlisted_count } = await sessionRow(sessionId)
    return { capacity, confirmed_count, waitlisted_count }
  }

  it('a workshop that requires it refuses a booking without it, and stores it when given', async () => {
    const sessionId = await newSession(workshopBirth)
    for (const dateOfBirth of [undefined, '']) {
      const refused = await registerForSession(test.db, {
        sessionId,
        form: person('Jana Řehořová', { dateOfBirth }),
        locale: 'cs',
        now,
        appUrl,
      })
      expect(refused).toEqual({ kind: 'birth_date_required' })
    }
    expect(await test.db.selectFrom('registrations').selectAll().execute()).toEqual([])
    expect(await outboxRows()).toEqual([])
    expect(await counters(sessionId)).toEqual({ capacity: 30, confirmed_count: 0, waitlisted_count: 0 })

    const booking = await book(sessionId, person('Jana Řehořová', { dateOfBirth: '1985-04-12' }))
    expect(booking.status).toBe('confirmed')
    expect((await registrationRow(booking.registrationId)).date_of_birth).toBe('1985-04-12')
  })

  it('a workshop that does not require it never stores one, even if sent', async () => {
    const sessionId = await newSession(workshopA)
    const booking = await book(sessionId, person('Tomáš Šťastný', { dateOfBirth: '1979-02-28' }))
    expect((await registrationRow(booking.registrationId)).date_of_birth).toBeNull()
    const walkInId = await walkIn(sessionId, person('Eva Žáková', { dateOfBirth: '1990-10-10' }))
    expect((await registrationRow(walkInId)).date_of_birth).toBeNull()
  })

  it('an organiser adding someone is held to it too, and a refused walk-in leaves the capacity as it was', async () => {
    const sessionId = await newSession(workshopBirth, { capacity: 1 })
    await book(sessionId, person('Jana Řehořová', { dateOfBirth: '1985-04-12' }))
    const before = await counters(sessionId)
    expect(before).toEqual({ capacity: 1, confirmed_count: 1, waitlisted_count: 0 })

    const add = (walkInFlag: boolean, dateOfBirth?: string) =>
      addParticipant(test.db, {
        sessionId,
        form: person('Petr Horák', { dateOfBirth }),
        walkIn: walkInFlag,
        locale: 'cs',
        user: organiserA,
        now,
        appUrl,
      })
    expect(await add(false)).toEqual({ kind: 'birth_date_required' })
    expect(await counters(sessionId)).toEqual(before)
    // A walk-in to a full session grows the capacity for their seat; refused, there is no seat to add.
    expect(await add(true)).toEqual({ kind: 'birth_date_required' })
    expect(await counters(sessionId)).toEqual(before)

    const added = await add(true, '1970-01-31')
    expect(added).toMatchObject({ kind: 'registered', status: 'confirmed' })
    expect(await counters(sessionId)).toEqual({ capacity: 2, confirmed_count: 2, waitlisted_count: 0 })
  })

  it('a walk-in whose address already holds a seat is a duplicate and adds no seat', async () => {
    const sessionId = await newSession(workshopA, { capacity: 1 })
    await book(sessionId, 'Jana Řehořová')
    const result = await addParticipant(test.db, {
      sessionId,
      form: person('Jana Řehořová'),
      walkIn: true,
      locale: 'cs',
      user: organiserA,
      now,
      appUrl,
    })
    expect(result).toEqual({ kind: 'duplicate' })
    expect(await counters(sessionId)).toEqual({ capacity: 1, confirmed_count: 1, waitlisted_count: 0 })
  })
})

describe('the e-mails, as delivered', () => {
  let smtp: TestSmtpServer
  let worker: OutboxWorker
  let workerLog: string[]

  beforeEach(async () => {
    smtp = await startSmtpServer()
    workerLog = []
    worker = startOutboxWorker({
      db: test.db,
      sender: createSmtpSender(smtp.url, MAIL_FROM),
      pollMs: 20,
      wakeDelayMs: 5,
      retryBaseMs: 50,
      maxRetryMs: 200,
      log: (line) => workerLog.push(line),
    })
  })

  afterEach(async () => {
    // The worker first: stopping it closes its pooled SMTP connections, so the server closes at once.
    await worker.stop()
    await smtp.close()
  })

  type Mail = { to: string; template: string; subject: string; text: string; html: string; message: ReceivedMessage }

  /** Waits until the outbox is empty and every message has arrived; answers them with their template. */
  async function deliverAll(): Promise<Mail[]> {
    const deadline = Date.now() + 20_000
    for (;;) {
      const rows = await outboxRows()
      const pending = rows.filter((r) => r.status !== 'sent')
      if (pending.length === 0 && smtp.messages.length >= rows.length) {
        expect(smtp.messages).toHaveLength(rows.length)
        return smtp.messages.map((message) => {
          const row = rows.find((r) => r.message_id === message.parsed.messageId)
          if (!row) throw new Error(`no outbox row for ${message.parsed.messageId}`)
          return {
            to: message.envelope.to[0] ?? '',
            template: row.template,
            subject: message.parsed.subject ?? '',
            text: message.parsed.text ?? '',
            html: typeof message.parsed.html === 'string' ? message.parsed.html : '',
            message,
          }
        })
      }
      if (Date.now() > deadline) {
        throw new Error(
          `outbox not delivered: ${JSON.stringify(pending.map((r) => [r.template, r.status, r.last_error]))}\n${workerLog.join('\n')}`,
        )
      }
      await new Promise((resolve) => setTimeout(resolve, 20))
    }
  }

  function only(mails: Mail[], to: string, template: string): Mail {
    const found = mails.filter((m) => m.to === to && m.template === template)
    expect(found, `${template} to ${to}`).toHaveLength(1)
    return found[0]!
  }

  it('the confirmation carries the check-in code, formatted XXXX-XXXX, in text and as a QR table in HTML', async () => {
    const sessionId = await newSession(workshopA, { capacity: 1 })
    const jana = await book(sessionId, 'Jana Řehořová')
    const waiting = await book(sessionId, 'Eva Cibulková')
    expect(waiting.status).toBe('waitlisted')
    const code = await checkInCodeOf(jana.registrationId)
    const formatted = formatCode(code)
    expect(formatted).toMatch(/^[0-9A-Z]{4}-[0-9A-Z]{4}$/)

    const mails = await deliverAll()
    const confirmation = only(mails, emailOf('Jana Řehořová'), 'registration.confirmed')
    expect(confirmation.text).toContain(`Kód pro příchod (ukažte ho u vstupu): ${formatted}`)
    expect(confirmation.html).toContain(formatted)
    // The QR table as sent (tests/e2e/email-qr.e2e.test.ts reads it back from a browser).
    expect(confirmation.html).toContain(qrHtmlTable(code))
    const qr = /<table role="presentation" cellpadding="0" cellspacing="0" bgcolor="#ffffff"[^>]*>(.*?)<\/table>/s.exec(
      confirmation.html,
    )
    expect(qr).not.toBeNull()
    const rows = qr![1]!.split('</tr>').filter((r) => r.includes('<tr>'))
    expect(rows.length).toBeGreaterThanOrEqual(21 + 8)
    // The first row has a cell per module; the others join neighbours of one colour.
    expect(rows[0]!.match(/<td /g)).toHaveLength(rows.length)
    expect(qr![1]).toContain('bgcolor="#000000"')
    // The invitation still comes with it.
    expect(calendarPart(confirmation.message.parsed, confirmation.message.raw)?.method).toBe('REQUEST')

    // Someone on the waiting list has no seat to check in to.
    const waitlisted = only(mails, emailOf('Eva Cibulková'), 'registration.waitlisted')
    expect(waitlisted.text).not.toContain('Kód pro příchod')
    expect(waitlisted.text).not.toContain(formatCode(await checkInCodeOf(waiting.registrationId)))
    expect(waitlisted.html).not.toContain('bgcolor="#000000"')
  })

  it('the certificate e-mail carries the verification URL and a working manage link', async () => {
    const sessionId = await newSession(workshopA)
    const ids = await bookAll(sessionId, ['Jana Řehořová', 'Petr Horák'])
    await mark(sessionId, ids['Jana Řehořová']!, 'present')
    await mark(sessionId, ids['Petr Horák']!, 'absent')
    await close(sessionId)
    const { code } = (await certificateOf(ids['Jana Řehořová']!))!
    const verifyUrl = `${appUrl}/certificates/${code}`

    const mails = await deliverAll()
    expect(mails.filter((m) => m.template === 'registration.certificate').map((m) => m.to)).toEqual([emailOf('Jana Řehořová')])
    const mail = only(mails, emailOf('Jana Řehořová'), 'registration.certificate')
    expect(mail.subject).toBe(`Osvědčení: ${WORKSHOP_A_TITLE}, ${writtenRange(SESSION_STARTS, SESSION_ENDS, 'cs')}`)
    expect(mail.text).toContain(`Pravost osvědčení ověříte zde: ${verifyUrl}`)
    expect(mail.html).toContain(verifyUrl)
    expect(mail.text).toContain(`děkujeme za účast na workshopu ${WORKSHOP_A_TITLE}`)

    const manage = new RegExp(`${appUrl}/registrations/([A-Za-z0-9_-]+)`).exec(mail.text)
    expect(manage, mail.text).not.toBeNull()
    expect(mail.html).toContain(manage![0])
    const view = await findRegistrationByToken(test.db, manage![1]!, later)
    expect(view).toMatchObject({ id: ids['Jana Řehořová'], fullName: 'Jana Řehořová', certificateCode: code })

    // No calendar invitation and no check-in code with a certificate.
    expect(calendarPart(mail.message.parsed, mail.message.raw)).toBeUndefined()
    expect(mail.text).not.toContain('Kód pro příchod')
  })
})
