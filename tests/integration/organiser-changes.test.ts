import ICAL from 'ical.js'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import type { Audience } from '../../db/schema'
import { listCatalogue } from '~/models/catalogue.server'
import { parseCatalogueFilters } from '~/models/catalogue-filters.server'
import type { SignedInUser } from '~/models/auth.server'
import { addParticipant, cancelOnBehalf, messageParticipants, moveRegistration } from '~/models/organiser-registrations.server'
import {
  cancelSession,
  createSession,
  sessionFormValues,
  updateSession,
  type SessionFormData,
  type SessionFormField,
} from '~/models/organiser-sessions.server'
import { parseWorkshopForm, saveWorkshop, type WorkshopFormData } from '~/models/organiser-workshops.server'
import { registerForSession } from '~/models/registrations.server'
import { createSmtpSender } from '~/utils/mailer.server'
import { startOutboxWorker, type OutboxWorker } from '~/jobs/outbox-worker.server'
import { atDay, day, nextSummerDay, nextWinterDay, pragueTime } from '../support/clock'
import { createTestDatabase, type TestDatabase } from '../support/database'
import { createStaff, emailOf, factories, person, type WorkshopFields } from '../support/factories'
import { rowsOf } from '../support/fixtures'
import { calendarPart, startSmtpServer, type ReceivedMessage, type TestSmtpServer } from '../support/smtp'

/*
 * What organisers change reaches people: every change goes through the model functions, its
 * e-mail through the real outbox worker and a real SMTP server, and every invitation is read
 * back with ical.js the way a calendar would read it.
 */

// Yesterday morning in Prague: before the wall clock (the worker sends what is due by the real
// clock, and mail is queued as due at `now`) and well before the sessions.
const now = atDay(-1, '09:00')
/*
 * The sessions' days, counted from today as the test clock has it (tests/support/clock.ts), so
 * they keep their distances from `now` and from each other on any date.
 */
/** The default session, about ten weeks ahead. */
const sessionDay = day(71)
/** Two days after it, where a change of time moves it. */
const twoDaysLater = day(73)
/** A week after it. */
const weekLater = day(78)
/** Nine days after it: the day of the sessions bookings are moved to. */
const targetDay = day(80)
/** Two weeks and two days after it. */
const laterTargetDay = day(87)
/** About a month before `now`: a session that has already taken place. */
const pastDay = day(-32)
/** The evening before `now`: a booking window that has closed. */
const closedDay = day(-2)

/** An ISO instant as iCalendar writes it in UTC: 2031-04-17T13:00:00.000Z → 20310417T130000Z. */
const icalUtc = (iso: string) => iso.replace(/\.\d{3}Z$/, 'Z').replace(/[-:]/g, '')
const appUrl = 'http://localhost:3000'
const MAIL_FROM = 'Workshopy <noreply@workshopy.example.cz>'

let test: TestDatabase
let smtp: TestSmtpServer
let worker: OutboxWorker
let seen = 0
let workerLog: string[] = []

let bodyAId: number
let bodyBId: number
let organiserA: SignedInUser
let organiserB: SignedInUser
let admin: SignedInUser
/** Two published workshops of body A (moves stay within one) and one of body B. */
let workshopA: number
let workshopA2: number
let workshopB: number

/** Sessions are organiser A's: by default on sessionDay, 9:00–12:00 in Prague, 3 seats. */
const { book, newSession, newWorkshop, sessionForm } = factories(() => ({
  db: test.db,
  now,
  appUrl,
  staff: organiserA,
  session: {
    date: sessionDay,
    address: 'U Jezu 642/2a, 461 80 Liberec',
    room: 'zasedací místnost 1.15',
    capacity: 3,
  },
}))

beforeEach(async () => {
  test = await createTestDatabase()
  ;({ bodyAId, bodyBId, organiserA, organiserB, admin } = await createStaff(test.db, now))
  // Made by the admin, so that organiser A's audit trail holds only what the tests do.
  const workshop = (slug: string, title: string): WorkshopFields => ({
    slug,
    title,
    summary: 'Praktický workshop pro úřady a školy.',
    descriptionMd: 'Popis workshopu.',
    topic: 'cybersecurity',
    audiences: ['official'],
    lengthHours: 3,
  })
  workshopA = await newWorkshop(bodyAId, workshop('phishing-na-uradech', 'Phishing na obecních úřadech'), admin)
  workshopA2 = await newWorkshop(bodyAId, workshop('otevrena-data-v-obci', 'Otevřená data v obci'), admin)
  workshopB = await newWorkshop(bodyBId, workshop('hesla-a-dvoufaktor', 'Hesla a dvoufaktorové ověření'), admin)

  smtp = await startSmtpServer()
  seen = 0
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
  await test.cleanup()
})

// ---------------------------------------------------------------------------------------------
// Forms, as the organiser's pages submit them

/** The edit form prefilled from the stored session, with the organiser's changes. */
async function editForm(sessionId: number, changes: Partial<Record<SessionFormField, string>>): Promise<SessionFormData> {
  return sessionForm({ ...sessionFormValues(await sessionRow(sessionId)), ...changes })
}

function workshopForm(fields: {
  title: string
  slug?: string
  summary?: string
  descriptionMd?: string
  audiences?: Audience[]
  organiserId: number
  published?: boolean
}): WorkshopFormData {
  const form = new FormData()
  form.set('title', fields.title)
  form.set('slug', fields.slug ?? '')
  form.set('summary', fields.summary ?? 'Jak na bezpečný provoz školní sítě.')
  form.set('descriptionMd', fields.descriptionMd ?? 'Workshop pro **ICT metodiky**.')
  form.set('topic', 'cybersecurity')
  for (const audience of fields.audiences ?? ['teacher_zs']) form.append('audiences', audience)
  form.set('lengthHours', '2,5')
  form.set('language', 'cs')
  form.set('organiserId', String(fields.organiserId))
  if (fields.published ?? true) form.set('published', 'yes')
  const parsed = parseWorkshopForm(form)
  if (!parsed.ok) throw new Error(`workshop form refused: ${JSON.stringify(parsed.errors)}`)
  return parsed.data
}

// ---------------------------------------------------------------------------------------------
// Sessions and bookings

const { outboxCount, registrationRow, sessionRow } = rowsOf(() => test.db)
const auditRows = () => test.db.selectFrom('audit_log').selectAll().orderBy('id').execute()

/** The session's counters, after checking they equal the registrations behind them. */
async function countersInStep(sessionId: number) {
  const session = await sessionRow(sessionId)
  const rows = await test.db.selectFrom('registrations').select('status').where('session_id', '=', sessionId).execute()
  const counted = {
    confirmed: rows.filter((r) => r.status === 'confirmed').length,
    waitlisted: rows.filter((r) => r.status === 'waitlisted').length,
  }
  expect({ confirmed: session.confirmed_count, waitlisted: session.waitlisted_count }).toEqual(counted)
  expect(session.confirmed_count).toBeLessThanOrEqual(session.capacity)
  return { ...counted, capacity: session.capacity }
}

/** The one audit row for this action on this entity, written by this user. */
async function expectAudit(actor: SignedInUser, action: string, entityType: string, entityId: number) {
  const rows = (await auditRows()).filter((r) => r.action === action && r.entity_id === entityId)
  expect(rows, `audit rows for ${action} ${entityId}`).toHaveLength(1)
  expect(rows[0]).toMatchObject({
    actor_user_id: actor.id,
    actor_email: actor.email,
    action,
    entity_type: entityType,
    entity_id: entityId,
    at: now.toISOString(),
  })
  return JSON.parse(rows[0]!.details ?? 'null') as Record<string, unknown>
}

// ---------------------------------------------------------------------------------------------
// Mail, as it arrived

type Invite = {
  /** The method parameter of the text/calendar part's Content-Type. */
  partMethod: string | undefined
  contentType: string
  method: unknown
  uid: unknown
  sequence: number
  status: unknown
  start: string
  end: string
  content: string
}

type Mail = { to: string; template: string; subject: string; text: string; html: string; invite: Invite | undefined }

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms))

async function eventually<T>(check: () => Promise<T>, timeoutMs = 20_000): Promise<T> {
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

function instant(value: unknown): string {
  if (!(value instanceof ICAL.Time)) throw new Error(`not a date-time: ${String(value)}`)
  expect(value.isDate).toBe(false)
  expect(value.zone).toBe(ICAL.Timezone.utcTimezone)
  return value.toJSDate().toISOString()
}

function readInvite(message: ReceivedMessage): Invite | undefined {
  const part = calendarPart(message.parsed, message.raw)
  if (!part) return undefined
  const vcalendar = new ICAL.Component(ICAL.parse(part.content))
  const vevents = vcalendar.getAllSubcomponents('vevent')
  expect(vevents).toHaveLength(1)
  const vevent = vevents[0]!
  const sequence = vevent.getFirstPropertyValue('sequence')
  return {
    partMethod: part.method,
    contentType: part.contentType,
    method: vcalendar.getFirstPropertyValue('method'),
    uid: vevent.getFirstPropertyValue('uid'),
    sequence: sequence === null ? 0 : Number(sequence),
    status: vevent.getFirstPropertyValue('status'),
    start: instant(vevent.getFirstPropertyValue('dtstart')),
    end: instant(vevent.getFirstPropertyValue('dtend')),
    content: part.content,
  }
}

/**
 * Waits until every queued e-mail has been sent and has arrived, then answers what arrived since
 * the last call. The outbox is the only source of mail, so its rows are what must arrive.
 */
async function deliverAll(): Promise<Mail[]> {
  const rows = await eventually(async () => {
    const all = await test.db.selectFrom('outbox').select(['status', 'message_id', 'template']).execute()
    expect(
      all.filter((r) => r.status !== 'sent'),
      workerLog.join('\n'),
    ).toEqual([])
    expect(smtp.messages).toHaveLength(all.length)
    return all
  })
  const fresh = smtp.messages.slice(seen)
  seen = smtp.messages.length
  return fresh.map((message) => {
    expect(message.envelope.to).toHaveLength(1)
    const row = rows.find((r) => r.message_id === message.parsed.messageId)
    if (!row) throw new Error(`no outbox row for ${message.parsed.messageId}`)
    return {
      to: message.envelope.to[0]!,
      template: row.template,
      subject: message.parsed.subject ?? '',
      text: message.parsed.text ?? '',
      html: typeof message.parsed.html === 'string' ? message.parsed.html : '',
      invite: readInvite(message),
    }
  })
}

/** The one e-mail in `mails` to this address. */
function mailTo(mails: Mail[], address: string): Mail {
  const found = mails.filter((m) => m.to === address)
  expect(
    found.map((m) => m.template),
    `mail to ${address}`,
  ).toHaveLength(1)
  return found[0]!
}

const recipients = (mails: Mail[]) => mails.map((m) => m.to).sort()

function expectRequest(invite: Invite | undefined): Invite {
  expect(invite).toBeDefined()
  expect(invite!.partMethod).toBe('REQUEST')
  expect(invite!.contentType).toMatch(/^text\/calendar;.*method=REQUEST/i)
  expect(invite!.method).toBe('REQUEST')
  expect(invite!.content).toMatch(/^METHOD:REQUEST\r?$/m)
  expect(invite!.status).toBe('CONFIRMED')
  return invite!
}

function expectCancel(invite: Invite | undefined): Invite {
  expect(invite).toBeDefined()
  expect(invite!.partMethod).toBe('CANCEL')
  expect(invite!.contentType).toMatch(/^text\/calendar;.*method=CANCEL/i)
  expect(invite!.method).toBe('CANCEL')
  expect(invite!.content).toMatch(/^METHOD:CANCEL\r?$/m)
  expect(invite!.content).toMatch(/^STATUS:CANCELLED\r?$/m)
  expect(invite!.status).toBe('CANCELLED')
  return invite!
}

/** A session with 3 seats, taken by Jana, Tomáš and Eva, and Petr waiting; their mail delivered. */
async function bookedSession() {
  const sessionId = await newSession(workshopA)
  const confirmed = ['Jana Řehořová', 'Tomáš Šťastný', 'Eva Dvořáková']
  const ids: Record<string, number> = {}
  for (const name of confirmed) {
    const booking = await book(sessionId, name)
    expect(booking.status).toBe('confirmed')
    ids[name] = booking.registrationId
  }
  const petr = await book(sessionId, 'Petr Čermák')
  expect(petr.status).toBe('waitlisted')
  ids['Petr Čermák'] = petr.registrationId

  const mails = await deliverAll()
  expect(mails).toHaveLength(4)
  const confirmations = new Map<string, Invite>()
  for (const name of confirmed) {
    const mail = mailTo(mails, emailOf(name))
    expect(mail.template).toBe('registration.confirmed')
    const invite = expectRequest(mail.invite)
    expect(invite.uid).toBe((await registrationRow(ids[name]!)).invite_uid)
    expect(invite.start).toBe(pragueTime(sessionDay, '09:00'))
    expect(invite.end).toBe(pragueTime(sessionDay, '12:00'))
    confirmations.set(emailOf(name), invite)
  }
  const waitlisted = mailTo(mails, emailOf('Petr Čermák'))
  expect(waitlisted.template).toBe('registration.waitlisted')
  expect(waitlisted.invite).toBeUndefined()
  return { sessionId, ids, confirmed: confirmed.map(emailOf), waiting: emailOf('Petr Čermák'), confirmations }
}

// ---------------------------------------------------------------------------------------------

describe('changing a session', () => {
  it('re-sends each confirmed person their invitation, same UID and higher SEQUENCE, at the new Prague time', async () => {
    const { sessionId, confirmed, waiting, confirmations } = await bookedSession()
    const message = 'Kvůli rekonstrukci sálu se workshop přesouvá o dva dny později, na odpoledne. Omlouváme se.'

    // Two days later, 14:00–16:30 in Prague, another room.
    const start = pragueTime(twoDaysLater, '14:00')
    const end = pragueTime(twoDaysLater, '16:30')
    const result = await updateSession(test.db, {
      sessionId,
      input: await editForm(sessionId, {
        date: twoDaysLater,
        startTime: '14:00',
        endTime: '16:30',
        room: 'velký sál 2.01',
        message,
      }),
      user: organiserA,
      now,
      appUrl,
    })
    expect(result).toEqual({ kind: 'updated', notified: 3, waitlistNotified: 1, promoted: 0, messageUnsent: false })
    expect(await sessionRow(sessionId)).toMatchObject({
      starts_at: start,
      ends_at: end,
      room: 'velký sál 2.01',
      capacity: 3,
      status: 'scheduled',
    })

    const mails = await deliverAll()
    expect(recipients(mails)).toEqual([...confirmed, waiting].sort())
    // The waiting list hears of it too, without an invitation (waitlist-reschedule.test.ts has the details).
    expect(mailTo(mails, waiting)).toMatchObject({ template: 'registration.waitlist-changed', invite: undefined })
    for (const address of confirmed) {
      const mail = mailTo(mails, address)
      expect(mail.template).toBe('registration.updated')
      expect(mail.subject).toContain('Změna termínu')
      expect(mail.text).toContain(message)
      expect(mail.html).toContain(message)
      expect(mail.text).toContain('velký sál 2.01')
      const invite = expectRequest(mail.invite)
      const original = confirmations.get(address)!
      expect(invite.uid).toBe(original.uid)
      expect(invite.sequence).toBeGreaterThan(original.sequence)
      expect(invite.start).toBe(start)
      expect(invite.end).toBe(end)
      expect(invite.content).toMatch(new RegExp(`^DTSTART:${icalUtc(start)}\\r?$`, 'm'))
      expect(invite.content).toMatch(new RegExp(`^DTEND:${icalUtc(end)}\\r?$`, 'm'))
    }
    expect(await countersInStep(sessionId)).toEqual({ confirmed: 3, waitlisted: 1, capacity: 3 })
    expect(await expectAudit(organiserA, 'session.update', 'session', sessionId)).toMatchObject({
      changed: true,
      notified: 3,
      promoted: 0,
    })
  })

  // A July day of next year is always in summer time (CEST, UTC+2), a January day in winter time (CET, UTC+1).
  it.each([
    ['summer', nextSummerDay, '14:00', '15:00', 'T12:00:00.000Z', 'T13:00:00.000Z'],
    ['winter', nextWinterDay, '14:00', '16:30', 'T13:00:00.000Z', 'T15:30:00.000Z'],
  ] as const)('converts %s times with that offset', async (_season, dayOf, startTime, endTime, utcStart, utcEnd) => {
    const sessionId = await newSession(workshopA)
    await book(sessionId, 'Jana Řehořová')
    await deliverAll()
    const date = dayOf()
    const result = await updateSession(test.db, {
      sessionId,
      input: await editForm(sessionId, { date, startTime, endTime }),
      user: organiserA,
      now,
      appUrl,
    })
    expect(result).toEqual({ kind: 'updated', notified: 1, waitlistNotified: 0, promoted: 0, messageUnsent: false })
    const [mail] = await deliverAll()
    const invite = expectRequest(mail?.invite)
    expect([invite.start, invite.end]).toEqual([`${date}${utcStart}`, `${date}${utcEnd}`])
  })

  it('sends no invitation when only the capacity goes up, and moves the waiting list up', async () => {
    const { sessionId, ids, confirmed } = await bookedSession()
    await book(sessionId, 'Lucie Žáková')
    await deliverAll()
    const waiting = [emailOf('Petr Čermák'), emailOf('Lucie Žáková')]
    const sequencesBefore = await Promise.all(Object.values(ids).map(async (id) => (await registrationRow(id)).invite_sequence))

    const result = await updateSession(test.db, {
      sessionId,
      input: await editForm(sessionId, { capacity: '5' }),
      user: organiserA,
      now,
      appUrl,
    })
    expect(result).toEqual({ kind: 'updated', notified: 0, waitlistNotified: 0, promoted: 2, messageUnsent: false })

    const mails = await deliverAll()
    expect(recipients(mails)).toEqual([...waiting].sort())
    for (const address of confirmed) expect(mails.map((m) => m.to)).not.toContain(address)
    for (const address of waiting) {
      const mail = mailTo(mails, address)
      expect(mail.template).toBe('registration.promoted')
      const invite = expectRequest(mail.invite)
      const row = await test.db.selectFrom('registrations').selectAll().where('email', '=', address).executeTakeFirstOrThrow()
      expect(row.status).toBe('confirmed')
      expect(invite.uid).toBe(row.invite_uid)
      expect(invite.start).toBe(pragueTime(sessionDay, '09:00'))
      expect(invite.end).toBe(pragueTime(sessionDay, '12:00'))
    }
    // Nobody's invitation changed, so no SEQUENCE moved.
    expect(await Promise.all(Object.values(ids).map(async (id) => (await registrationRow(id)).invite_sequence))).toEqual(
      sequencesBefore,
    )
    expect(await countersInStep(sessionId)).toEqual({ confirmed: 5, waitlisted: 0, capacity: 5 })
    expect(await expectAudit(organiserA, 'session.update', 'session', sessionId)).toMatchObject({
      changed: false,
      capacity: [3, 5],
      promoted: 2,
    })
  })

  it('refuses a capacity below the confirmed count and changes nothing', async () => {
    const { sessionId } = await bookedSession()
    const before = await sessionRow(sessionId)
    const outboxBefore = await outboxCount()
    const auditBefore = await auditRows()

    const result = await updateSession(test.db, {
      sessionId,
      input: await editForm(sessionId, { capacity: '2', date: weekLater, message: 'Menší sál.' }),
      user: organiserA,
      now: new Date(now.getTime() + 60_000),
      appUrl,
    })
    expect(result).toEqual({ kind: 'capacity_below_confirmed', confirmed: 3 })
    expect(await sessionRow(sessionId)).toEqual(before)
    expect(await outboxCount()).toBe(outboxBefore)
    expect(await auditRows()).toEqual(auditBefore)
    expect(await countersInStep(sessionId)).toEqual({ confirmed: 3, waitlisted: 1, capacity: 3 })
    expect(await deliverAll()).toEqual([])
  })
})

describe('cancelling a session', () => {
  it('sends every confirmed person a CANCEL above their last REQUEST, the waiting list a plain e-mail, and only once', async () => {
    const { sessionId, ids, confirmed, waiting } = await bookedSession()
    // First a change of time, so each person's last REQUEST is the updated one.
    await updateSession(test.db, {
      sessionId,
      input: await editForm(sessionId, { date: twoDaysLater, startTime: '14:00', endTime: '16:30' }),
      user: organiserA,
      now,
      appUrl,
    })
    const lastRequests = new Map((await deliverAll()).filter((m) => m.to !== waiting).map((m) => [m.to, expectRequest(m.invite)]))
    expect([...lastRequests.keys()].sort()).toEqual([...confirmed].sort())

    const message = 'Lektor onemocněl, náhradní termín vypíšeme příští měsíc.'
    expect(await cancelSession(test.db, { sessionId, message, user: organiserA, now, appUrl })).toEqual({
      kind: 'cancelled',
      notified: 4,
    })
    expect(await sessionRow(sessionId)).toMatchObject({ status: 'cancelled', cancellation_message: message })

    const mails = await deliverAll()
    expect(recipients(mails)).toEqual([...confirmed, waiting].sort())
    for (const address of confirmed) {
      const mail = mailTo(mails, address)
      expect(mail.template).toBe('registration.session-cancelled')
      expect(mail.subject).toContain('Termín zrušen')
      expect(mail.text).toContain(message)
      const invite = expectCancel(mail.invite)
      const last = lastRequests.get(address)!
      expect(invite.uid).toBe(last.uid)
      expect(invite.sequence).toBeGreaterThan(last.sequence)
      expect(invite.start).toBe(pragueTime(twoDaysLater, '14:00'))
    }
    const toWaiting = mailTo(mails, waiting)
    expect(toWaiting.template).toBe('registration.session-cancelled')
    expect(toWaiting.text).toContain(message)
    expect(toWaiting.invite).toBeUndefined()
    expect((await registrationRow(ids['Petr Čermák']!)).invite_sequence).toBe(0)
    expect(await expectAudit(organiserA, 'session.cancel', 'session', sessionId)).toMatchObject({ notified: 4, message })

    const outboxBefore = await outboxCount()
    expect(await cancelSession(test.db, { sessionId, message: 'Znovu.', user: organiserA, now, appUrl })).toEqual({
      kind: 'already_cancelled',
    })
    expect(await outboxCount()).toBe(outboxBefore)
    expect(await deliverAll()).toEqual([])
    expect((await sessionRow(sessionId)).cancellation_message).toBe(message)
    expect((await auditRows()).filter((r) => r.action === 'session.cancel')).toHaveLength(1)
    // A cancelled session is not edited any more.
    expect(
      await updateSession(test.db, {
        sessionId,
        input: await editForm(sessionId, { capacity: '10' }),
        user: organiserA,
        now,
        appUrl,
      }),
    ).toEqual({
      kind: 'cancelled_session',
    })
  })
})

describe('changing one booking', () => {
  it('cancels on someone’s behalf with a CANCEL and gives their seat to the first person waiting', async () => {
    const { sessionId, ids, confirmations } = await bookedSession()
    await book(sessionId, 'Lucie Žáková')
    await deliverAll()
    const jana = ids['Jana Řehořová']!

    expect(await cancelOnBehalf(test.db, { registrationId: jana, user: organiserA, now, appUrl })).toEqual({
      kind: 'cancelled',
      promoted: 1,
    })
    expect(await registrationRow(jana)).toMatchObject({ status: 'cancelled', cancelled_at: now.toISOString() })
    expect((await registrationRow(ids['Petr Čermák']!)).status).toBe('confirmed')
    expect(await countersInStep(sessionId)).toEqual({ confirmed: 3, waitlisted: 1, capacity: 3 })

    const mails = await deliverAll()
    expect(recipients(mails)).toEqual([emailOf('Jana Řehořová'), emailOf('Petr Čermák')].sort())
    const toJana = mailTo(mails, emailOf('Jana Řehořová'))
    expect(toJana.template).toBe('registration.cancelled-by-organiser')
    const cancel = expectCancel(toJana.invite)
    const original = confirmations.get(emailOf('Jana Řehořová'))!
    expect(cancel.uid).toBe(original.uid)
    expect(cancel.sequence).toBeGreaterThan(original.sequence)
    const toPetr = mailTo(mails, emailOf('Petr Čermák'))
    expect(toPetr.template).toBe('registration.promoted')
    expect(expectRequest(toPetr.invite).uid).toBe((await registrationRow(ids['Petr Čermák']!)).invite_uid)
    expect(await expectAudit(organiserA, 'registration.cancel', 'registration', jana)).toMatchObject({ sessionId, promoted: 1 })

    // Someone on the waiting list: an e-mail without a calendar part, nobody promoted.
    const lucie = (
      await test.db
        .selectFrom('registrations')
        .select('id')
        .where('email', '=', emailOf('Lucie Žáková'))
        .executeTakeFirstOrThrow()
    ).id
    expect(await cancelOnBehalf(test.db, { registrationId: lucie, user: organiserA, now, appUrl })).toEqual({
      kind: 'cancelled',
      promoted: 0,
    })
    expect(await countersInStep(sessionId)).toEqual({ confirmed: 3, waitlisted: 0, capacity: 3 })
    const [toLucie, ...others] = await deliverAll()
    expect(others).toEqual([])
    expect(toLucie).toMatchObject({
      to: emailOf('Lucie Žáková'),
      template: 'registration.cancelled-by-organiser',
      invite: undefined,
    })

    // Twice is once.
    const outboxBefore = await outboxCount()
    expect(await cancelOnBehalf(test.db, { registrationId: jana, user: organiserA, now, appUrl })).toEqual({
      kind: 'already_cancelled',
    })
    expect(await outboxCount()).toBe(outboxBefore)
    expect(await countersInStep(sessionId)).toEqual({ confirmed: 3, waitlisted: 0, capacity: 3 })
  })

  it('moves a booking to another session of the workshop under the same UID with the new times', async () => {
    const { sessionId, ids, confirmations } = await bookedSession()
    // Nine days after her session, 13:00–15:00 in Prague.
    const target = await newSession(workshopA, { date: targetDay, startTime: '13:00', endTime: '15:00', capacity: '2' })
    const jana = ids['Jana Řehořová']!

    expect(
      await moveRegistration(test.db, { registrationId: jana, targetSessionId: target, user: organiserA, now, appUrl }),
    ).toEqual({ kind: 'moved' })
    expect(await registrationRow(jana)).toMatchObject({
      session_id: target,
      status: 'confirmed',
      invite_uid: confirmations.get(emailOf('Jana Řehořová'))!.uid,
    })
    // Her old seat went to the waiting list.
    expect((await registrationRow(ids['Petr Čermák']!)).status).toBe('confirmed')
    expect(await countersInStep(sessionId)).toEqual({ confirmed: 3, waitlisted: 0, capacity: 3 })
    expect(await countersInStep(target)).toEqual({ confirmed: 1, waitlisted: 0, capacity: 2 })

    const mails = await deliverAll()
    expect(recipients(mails)).toEqual([emailOf('Jana Řehořová'), emailOf('Petr Čermák')].sort())
    const toJana = mailTo(mails, emailOf('Jana Řehořová'))
    expect(toJana.template).toBe('registration.moved')
    const invite = expectRequest(toJana.invite)
    const original = confirmations.get(emailOf('Jana Řehořová'))!
    expect(invite.uid).toBe(original.uid)
    expect(invite.sequence).toBeGreaterThan(original.sequence)
    expect(invite.start).toBe(pragueTime(targetDay, '13:00'))
    expect(invite.end).toBe(pragueTime(targetDay, '15:00'))
    expect(mailTo(mails, emailOf('Petr Čermák')).template).toBe('registration.promoted')
    expect(await expectAudit(organiserA, 'registration.move', 'registration', jana)).toMatchObject({
      from: sessionId,
      to: target,
      promoted: 1,
    })
  })

  it('refuses a full target, a session of another workshop and a target already booked by the same address', async () => {
    const { sessionId, ids } = await bookedSession()
    const tomas = ids['Tomáš Šťastný']!
    const full = await newSession(workshopA, { date: targetDay, capacity: '1' })
    await book(full, 'Ondřej Kříž')
    const otherWorkshop = await newSession(workshopA2, { date: targetDay })
    const alreadyThere = await newSession(workshopA, { date: laterTargetDay })
    await book(alreadyThere, 'Tomáš Šťastný')
    await deliverAll()

    const snapshot = async () => ({
      tomas: await registrationRow(tomas),
      counters: await Promise.all([sessionId, full, otherWorkshop, alreadyThere].map(countersInStep)),
      outbox: await outboxCount(),
      moves: (await auditRows()).filter((r) => r.action === 'registration.move').length,
    })
    const before = await snapshot()
    const move = (targetSessionId: number) =>
      moveRegistration(test.db, { registrationId: tomas, targetSessionId, user: organiserA, now, appUrl })

    expect(await move(full)).toEqual({ kind: 'target_full' })
    expect(await move(otherWorkshop)).toEqual({ kind: 'invalid_target' })
    expect(await move(alreadyThere)).toEqual({ kind: 'already_booked' })
    expect(await move(sessionId)).toEqual({ kind: 'invalid_target' })
    expect(await snapshot()).toEqual(before)
    expect(await deliverAll()).toEqual([])
  })
})

describe('changes that must not happen', () => {
  it('refuses to move a booking into a session that has already begun', async () => {
    const { ids } = await bookedSession()
    const past = await newSession(workshopA, { date: pastDay })
    const result = await moveRegistration(test.db, {
      registrationId: ids['Jana Řehořová']!,
      targetSessionId: past,
      user: organiserA,
      now,
      appUrl,
    })
    expect(result).toEqual({ kind: 'invalid_target' })
    expect(await deliverAll()).toEqual([])
  })

  it('does not cancel bookings one by one on a session that is already cancelled', async () => {
    const { sessionId, ids } = await bookedSession()
    await cancelSession(test.db, { sessionId, message: '', user: organiserA, now, appUrl })
    await deliverAll()
    const before = await sessionRow(sessionId)
    expect(await cancelOnBehalf(test.db, { registrationId: ids['Jana Řehořová']!, user: organiserA, now, appUrl })).toEqual({
      kind: 'already_cancelled',
    })
    expect(await deliverAll()).toEqual([])
    expect(await sessionRow(sessionId)).toEqual(before)
  })

  it('reports a message sent with an edit that changed neither time nor place as unsent', async () => {
    const { sessionId } = await bookedSession()
    const input = await editForm(sessionId, { message: 'Vezměte si notebook.' })
    expect(await updateSession(test.db, { sessionId, input, user: organiserA, now, appUrl })).toEqual({
      kind: 'updated',
      notified: 0,
      waitlistNotified: 0,
      promoted: 0,
      messageUnsent: true,
    })
    expect(await deliverAll()).toEqual([])
  })
})

describe('adding people by hand', () => {
  it('lets an organiser add someone after the booking window has closed', async () => {
    const sessionId = await newSession(workshopA, { closesDate: closedDay, closesTime: '18:00' })
    expect(await registerForSession(test.db, { sessionId, form: person('Jana Řehořová'), locale: 'cs', now, appUrl })).toEqual({
      kind: 'refused',
      reason: 'closed',
    })
    const added = await addParticipant(test.db, {
      sessionId,
      form: person('Jana Řehořová'),
      walkIn: false,
      locale: 'cs',
      user: organiserA,
      now,
      appUrl,
    })
    expect(added).toMatchObject({ kind: 'registered', status: 'confirmed' })
    if (added.kind !== 'registered') throw new Error('not registered')
    expect(await countersInStep(sessionId)).toEqual({ confirmed: 1, waitlisted: 0, capacity: 3 })
    expect(await expectAudit(organiserA, 'registration.add', 'registration', added.registrationId)).toMatchObject({
      sessionId,
      status: 'confirmed',
    })
    const [mail, ...others] = await deliverAll()
    expect(others).toEqual([])
    expect(mail).toMatchObject({ to: emailOf('Jana Řehořová'), template: 'registration.confirmed' })
    expect(expectRequest(mail!.invite).uid).toBe((await registrationRow(added.registrationId)).invite_uid)
  })

  it('seats a walk-in on a full session by adding a seat, and puts a normal addition on the waiting list', async () => {
    // Before the start: once it has begun, an addition is seated too (late-additions.test.ts).
    const sessionId = await newSession(workshopA, { capacity: '1' })
    await book(sessionId, 'Jana Řehořová')

    const walkIn = await addParticipant(test.db, {
      sessionId,
      form: person('Tomáš Šťastný'),
      walkIn: true,
      locale: 'cs',
      user: organiserA,
      now,
      appUrl,
    })
    expect(walkIn).toMatchObject({ kind: 'registered', status: 'confirmed' })
    expect(await countersInStep(sessionId)).toEqual({ confirmed: 2, waitlisted: 0, capacity: 2 })

    const added = await addParticipant(test.db, {
      sessionId,
      form: person('Eva Dvořáková'),
      walkIn: false,
      locale: 'cs',
      user: organiserA,
      now,
      appUrl,
    })
    expect(added).toMatchObject({ kind: 'registered', status: 'waitlisted', position: 1 })
    expect(await countersInStep(sessionId)).toEqual({ confirmed: 2, waitlisted: 1, capacity: 2 })

    if (walkIn.kind !== 'registered' || added.kind !== 'registered') throw new Error('not registered')
    await expectAudit(organiserA, 'registration.walk-in', 'registration', walkIn.registrationId)
    await expectAudit(organiserA, 'registration.add', 'registration', added.registrationId)
    const mails = await deliverAll()
    // A walk-in is in the room: a note with the booking link, no invitation (late-additions.test.ts).
    expect(mailTo(mails, emailOf('Tomáš Šťastný'))).toMatchObject({ template: 'registration.recorded', invite: undefined })
    expect(mailTo(mails, emailOf('Eva Dvořáková'))).toMatchObject({ template: 'registration.waitlisted', invite: undefined })
  })
})

describe('writing to participants', () => {
  it('sends the organiser’s message once to everyone holding a seat', async () => {
    const sessionId = await newSession(workshopA, { capacity: '2' })
    await book(sessionId, 'Jana Řehořová')
    await book(sessionId, 'Tomáš Šťastný')
    await book(sessionId, 'Eva Dvořáková')
    const petr = await book(sessionId, 'Petr Čermák')
    expect(await cancelOnBehalf(test.db, { registrationId: petr.registrationId, user: organiserA, now, appUrl })).toEqual({
      kind: 'cancelled',
      promoted: 0,
    })
    await deliverAll()

    const subject = 'Parkování u krajského úřadu'
    const body = 'Parkoviště před budovou bude zavřené, zaparkujte prosím v garážích Šaldova.'
    const send = (messageId: string) =>
      messageParticipants(test.db, { sessionId, subject, body, messageId, user: organiserA, now, appUrl })

    expect(await send('form-4f1c2b')).toEqual({ kind: 'sent', count: 2 })
    const mails = await deliverAll()
    expect(recipients(mails)).toEqual([emailOf('Jana Řehořová'), emailOf('Tomáš Šťastný')].sort())
    for (const mail of mails) {
      expect(mail.template).toBe('registration.message')
      expect(mail.subject).toBe(subject)
      expect(mail.text).toContain(body)
      expect(mail.html).toContain(body)
      expect(mail.invite).toBeUndefined()
    }
    expect(await expectAudit(organiserA, 'session.message', 'session', sessionId)).toMatchObject({ subject, recipients: 2 })

    // The same form sent again (a double click, a retried request) sends nothing more, and
    // the audit log does not claim a second send.
    const outboxBefore = await outboxCount()
    const auditBefore = (await auditRows()).length
    expect(await send('form-4f1c2b')).toEqual({ kind: 'already_sent' })
    expect(await outboxCount()).toBe(outboxBefore)
    expect((await auditRows()).length).toBe(auditBefore)
    expect(await deliverAll()).toEqual([])

    // A new message is a new message.
    expect(await send('form-9a7e11')).toEqual({ kind: 'sent', count: 2 })
    expect(recipients(await deliverAll())).toEqual([emailOf('Jana Řehořová'), emailOf('Tomáš Šťastný')].sort())
  })
})

describe('who may change what', () => {
  it('answers forbidden to an organiser of another body and changes nothing', async () => {
    const { sessionId, ids } = await bookedSession()
    const target = await newSession(workshopA, { date: targetDay })
    const title = (await test.db.selectFrom('workshops').select('title').where('id', '=', workshopA).executeTakeFirstOrThrow())
      .title
    const snapshot = async () => ({
      sessions: await test.db.selectFrom('sessions').selectAll().orderBy('id').execute(),
      registrations: await test.db.selectFrom('registrations').selectAll().orderBy('id').execute(),
      workshops: await test.db.selectFrom('workshops').selectAll().orderBy('id').execute(),
      audiences: await test.db.selectFrom('workshop_audiences').selectAll().orderBy('workshop_id').orderBy('audience').execute(),
      outbox: await outboxCount(),
      audit: await auditRows(),
    })
    const before = await snapshot()
    const context = { user: organiserB, now, appUrl }
    const forbidden = { kind: 'forbidden' }

    expect(
      await updateSession(test.db, { sessionId, input: await editForm(sessionId, { date: twoDaysLater }), ...context }),
    ).toEqual(forbidden)
    expect(await cancelSession(test.db, { sessionId, message: 'Ne.', ...context })).toEqual(forbidden)
    expect(await cancelOnBehalf(test.db, { registrationId: ids['Jana Řehořová']!, ...context })).toEqual(forbidden)
    expect(
      await moveRegistration(test.db, { registrationId: ids['Jana Řehořová']!, targetSessionId: target, ...context }),
    ).toEqual(forbidden)
    expect(await messageParticipants(test.db, { sessionId, subject: 'Ahoj', body: 'Text.', messageId: 'x', ...context })).toEqual(
      forbidden,
    )
    expect(
      await addParticipant(test.db, { sessionId, form: person('Ondřej Kříž'), walkIn: true, locale: 'cs', ...context }),
    ).toEqual(forbidden)
    expect(await createSession(test.db, { workshopId: workshopA, input: sessionForm(), user: organiserB, now })).toEqual(
      forbidden,
    )
    // A workshop for body A, new or existing, even when the form names body B.
    expect(
      await saveWorkshop(test.db, {
        input: workshopForm({ title: 'Cizí workshop', organiserId: bodyAId }),
        user: organiserB,
        now,
      }),
    ).toEqual(forbidden)
    expect(
      await saveWorkshop(test.db, { id: workshopA, input: workshopForm({ title, organiserId: bodyAId }), user: organiserB, now }),
    ).toEqual(forbidden)
    expect(
      await saveWorkshop(test.db, {
        id: workshopA,
        input: workshopForm({ title: 'Převzatý', organiserId: bodyBId }),
        user: organiserB,
        now,
      }),
    ).toEqual(forbidden)

    expect(await snapshot()).toEqual(before)
    expect(await deliverAll()).toEqual([])
    // Their own body's workshop is theirs to edit.
    expect(
      await saveWorkshop(test.db, {
        id: workshopB,
        input: workshopForm({ title: 'Hesla a dvoufaktor', slug: 'hesla-a-dvoufaktor', organiserId: bodyBId }),
        user: organiserB,
        now,
      }),
    ).toEqual({
      kind: 'saved',
      id: workshopB,
    })
  })

  it('lets an admin do all of it, and the audit log names the admin', async () => {
    const { sessionId, ids } = await bookedSession()
    const target = await newSession(workshopA, { date: targetDay })
    const context = { user: admin, now, appUrl }
    const jana = ids['Jana Řehořová']!
    const tomas = ids['Tomáš Šťastný']!

    expect(
      await updateSession(test.db, {
        sessionId,
        input: await editForm(sessionId, { startTime: '10:00', endTime: '13:00' }),
        ...context,
      }),
    ).toEqual({
      kind: 'updated',
      notified: 3,
      waitlistNotified: 1,
      promoted: 0,
      messageUnsent: false,
    })
    expect(
      await messageParticipants(test.db, {
        sessionId,
        subject: 'Změna',
        body: 'Začínáme v deset.',
        messageId: 'admin-1',
        ...context,
      }),
    ).toEqual({
      kind: 'sent',
      count: 3,
    })
    expect(await moveRegistration(test.db, { registrationId: tomas, targetSessionId: target, ...context })).toEqual({
      kind: 'moved',
    })
    expect(await cancelOnBehalf(test.db, { registrationId: jana, ...context })).toMatchObject({ kind: 'cancelled' })
    const walkIn = await addParticipant(test.db, {
      sessionId,
      form: person('Ondřej Kříž'),
      walkIn: true,
      locale: 'cs',
      ...context,
    })
    expect(walkIn).toMatchObject({ kind: 'registered', status: 'confirmed' })
    expect(await cancelSession(test.db, { sessionId, message: 'Zrušeno správcem.', ...context })).toMatchObject({
      kind: 'cancelled',
    })
    const saved = await saveWorkshop(test.db, {
      id: workshopB,
      input: workshopForm({ title: 'Hesla pro úředníky', organiserId: bodyBId }),
      user: admin,
      now,
    })
    expect(saved).toEqual({ kind: 'saved', id: workshopB })
    const created = await saveWorkshop(test.db, {
      input: workshopForm({ title: 'Nový workshop správce', organiserId: bodyAId }),
      user: admin,
      now,
    })
    expect(created).toMatchObject({ kind: 'saved' })

    if (walkIn.kind !== 'registered' || created.kind !== 'saved') throw new Error('unexpected result')
    await expectAudit(admin, 'session.update', 'session', sessionId)
    await expectAudit(admin, 'session.message', 'session', sessionId)
    await expectAudit(admin, 'registration.move', 'registration', tomas)
    await expectAudit(admin, 'registration.cancel', 'registration', jana)
    await expectAudit(admin, 'registration.walk-in', 'registration', walkIn.registrationId)
    await expectAudit(admin, 'session.cancel', 'session', sessionId)
    await expectAudit(admin, 'workshop.update', 'workshop', workshopB)
    await expectAudit(admin, 'workshop.create', 'workshop', created.id)
    expect((await auditRows()).filter((r) => r.actor_user_id === organiserA.id).map((r) => r.action)).toEqual([
      'session.create',
      'session.create',
    ])
    expect(await countersInStep(sessionId)).toMatchObject({ confirmed: 3 })
    expect(await countersInStep(target)).toEqual({ confirmed: 1, waitlisted: 0, capacity: 3 })
    expect((await deliverAll()).length).toBeGreaterThan(0)
  })
})

describe('workshops', () => {
  it('creates and updates a workshop, replacing its audiences, and records who did it', async () => {
    const created = await saveWorkshop(test.db, {
      input: workshopForm({
        title: 'Bezpečná školní síť',
        slug: 'bezpecna-skolni-sit',
        audiences: ['teacher_zs', 'teacher_ss'],
        organiserId: bodyAId,
      }),
      user: organiserA,
      now,
    })
    if (created.kind !== 'saved') throw new Error(`expected a workshop, got ${JSON.stringify(created)}`)
    const audiences = async () =>
      (
        await test.db
          .selectFrom('workshop_audiences')
          .select('audience')
          .where('workshop_id', '=', created.id)
          .orderBy('audience')
          .execute()
      ).map((a) => a.audience)
    expect(
      await test.db.selectFrom('workshops').selectAll().where('id', '=', created.id).executeTakeFirstOrThrow(),
    ).toMatchObject({
      slug: 'bezpecna-skolni-sit',
      title: 'Bezpečná školní síť',
      length_hours: 2.5,
      organiser_id: bodyAId,
      published: 1,
      created_at: now.toISOString(),
    })
    expect(await audiences()).toEqual(['teacher_ss', 'teacher_zs'])
    expect(await expectAudit(organiserA, 'workshop.create', 'workshop', created.id)).toMatchObject({
      title: 'Bezpečná školní síť',
      published: true,
    })

    const later = new Date(now.getTime() + 3_600_000)
    const updated = await saveWorkshop(test.db, {
      id: created.id,
      input: workshopForm({
        title: 'Bezpečná síť pro úřady',
        slug: 'bezpecna-skolni-sit',
        audiences: ['official'],
        organiserId: bodyAId,
        published: false,
      }),
      user: organiserA,
      now: later,
    })
    expect(updated).toEqual({ kind: 'saved', id: created.id })
    expect(
      await test.db.selectFrom('workshops').selectAll().where('id', '=', created.id).executeTakeFirstOrThrow(),
    ).toMatchObject({
      title: 'Bezpečná síť pro úřady',
      published: 0,
      created_at: now.toISOString(),
      updated_at: later.toISOString(),
    })
    expect(await audiences()).toEqual(['official'])
    const update = (await auditRows()).filter((r) => r.action === 'workshop.update')
    expect(update).toHaveLength(1)
    expect(update[0]).toMatchObject({
      actor_user_id: organiserA.id,
      actor_email: organiserA.email,
      entity_type: 'workshop',
      entity_id: created.id,
      at: later.toISOString(),
    })
  })

  it('refuses a slug another workshop already uses', async () => {
    const auditBefore = await auditRows()
    expect(
      await saveWorkshop(test.db, {
        input: workshopForm({ title: 'Jiný phishing', slug: 'phishing-na-uradech', organiserId: bodyAId }),
        user: organiserA,
        now,
      }),
    ).toEqual({
      kind: 'slug_taken',
    })
    expect(
      await saveWorkshop(test.db, {
        id: workshopA2,
        input: workshopForm({ title: 'Otevřená data v obci', slug: 'phishing-na-uradech', organiserId: bodyAId }),
        user: organiserA,
        now,
      }),
    ).toEqual({
      kind: 'slug_taken',
    })
    // Another body's slug is taken too: slugs are one namespace, the catalogue's URLs.
    expect(
      await saveWorkshop(test.db, {
        input: workshopForm({ title: 'Hesla', slug: 'hesla-a-dvoufaktor', organiserId: bodyAId }),
        user: organiserA,
        now,
      }),
    ).toEqual({
      kind: 'slug_taken',
    })
    expect(
      (await test.db.selectFrom('workshops').select('slug').where('id', '=', workshopA2).executeTakeFirstOrThrow()).slug,
    ).toBe('otevrena-data-v-obci')
    expect(await test.db.selectFrom('workshops').select('id').execute()).toHaveLength(3)
    expect(await auditRows()).toEqual(auditBefore)
    // Its own slug is not a clash.
    expect(
      await saveWorkshop(test.db, {
        id: workshopA2,
        input: workshopForm({ title: 'Otevřená data v obci', slug: 'otevrena-data-v-obci', organiserId: bodyAId }),
        user: organiserA,
        now,
      }),
    ).toEqual({
      kind: 'saved',
      id: workshopA2,
    })
  })

  it('makes a slug from a Czech title when none is given', async () => {
    const saved = await saveWorkshop(test.db, {
      input: workshopForm({ title: 'Kybernetická bezpečnost ve škole', organiserId: bodyAId }),
      user: organiserA,
      now,
    })
    if (saved.kind !== 'saved') throw new Error(`expected a workshop, got ${JSON.stringify(saved)}`)
    expect((await test.db.selectFrom('workshops').select('slug').where('id', '=', saved.id).executeTakeFirstOrThrow()).slug).toBe(
      'kyberneticka-bezpecnost-ve-skole',
    )
    // The same title again makes the same slug, which is then taken.
    expect(
      await saveWorkshop(test.db, {
        input: workshopForm({ title: 'Kybernetická  bezpečnost — ve škole!', organiserId: bodyAId }),
        user: organiserA,
        now,
      }),
    ).toEqual({
      kind: 'slug_taken',
    })
  })

  it('is found in the catalogue by its new title, typed without diacritics', async () => {
    const search = async (q: string) => {
      const { filters, errors } = parseCatalogueFilters(new URLSearchParams({ q }))
      expect(errors).toEqual({})
      return (await listCatalogue(test.db, { filters, now })).map((entry) => entry.slug)
    }
    expect(await search('zabezpeceni skolniho')).toEqual([])
    expect(await search('phishing')).toEqual(['phishing-na-uradech'])

    const saved = await saveWorkshop(test.db, {
      id: workshopA,
      input: workshopForm({
        title: 'Zabezpečení školního Wi-Fi',
        slug: 'phishing-na-uradech',
        summary: 'Síť, hesla a hosté.',
        descriptionMd: 'Pro správce sítí.',
        organiserId: bodyAId,
      }),
      user: organiserA,
      now,
    })
    expect(saved).toEqual({ kind: 'saved', id: workshopA })
    expect(await search('zabezpeceni skolniho')).toEqual(['phishing-na-uradech'])
    expect(await search('ZABEZPECENI školního')).toEqual(['phishing-na-uradech'])
    expect(await search('phishing')).toEqual([])
  })
})
