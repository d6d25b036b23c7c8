import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { addWalkIn } from '~/models/attendance.server'
import type { SignedInUser } from '~/models/auth.server'
import { addParticipant } from '~/models/organiser-registrations.server'
import { formatCode } from '~/utils/codes'
import { atDay, day, pragueTime, writtenRange } from '../support/clock'
import { createTestDatabase, type TestDatabase } from '../support/database'
import { createStaff, emailOf, factories, person } from '../support/factories'
import { rowsOf } from '../support/fixtures'
import { calendarPart, type ReceivedMessage } from '../support/smtp'
import { deliverOverSmtp } from '../support/smtp-delivery'

/** A date range as the e-mails write it, read with their no-break spaces as plain ones. */
const spacedRange = (...args: Parameters<typeof writtenRange>) => writtenRange(...args).replace(/\u00a0/g, ' ')

/*
 * People an organiser adds on the spot (walk-ins) or once a session has begun get no calendar
 * invitation and no check-in code for an event under way or over: a short e-mail says they
 * were added and links to their booking (their data, worksheets, later a certificate). Before
 * the start, someone added by hand is invited as anyone who books. Mail goes through the
 * outbox worker and a real SMTP server.
 */

// Yesterday at 10:00: the worker sends what is due by the real clock.
const now = atDay(-1, '10:00')
const appUrl = 'http://localhost:3000'

let test: TestDatabase
let delivery: Awaited<ReturnType<typeof deliverOverSmtp>>
let organiser: SignedInUser
let workshopId: number
let seen = 0

const { book, newSession, newWorkshop } = factories(() => ({
  db: test.db,
  now,
  appUrl,
  staff: organiser,
  session: { startTime: '09:00', endTime: '12:00', capacity: 1 },
}))
const { registrationRow, sessionRow } = rowsOf(() => test.db)

beforeEach(async () => {
  test = await createTestDatabase()
  const staff = await createStaff(test.db, now)
  organiser = staff.organiserA
  workshopId = await newWorkshop(staff.bodyAId, { title: 'Otevřená data v obci' })
  delivery = await deliverOverSmtp(test.db)
  seen = 0
})

afterEach(async () => {
  await delivery.stop()
  await test.cleanup()
})

type Mail = { to: string; subject: string; text: string; html: string; message: ReceivedMessage; template: string }

async function deliverAll(): Promise<Mail[]> {
  const deadline = Date.now() + 20_000
  let rows: { status: string; template: string; message_id: string }[] = []
  for (;;) {
    rows = await test.db.selectFrom('outbox').select(['status', 'template', 'message_id']).execute()
    if (rows.every((r) => r.status === 'sent') && delivery.smtp.messages.length === rows.length) break
    if (Date.now() > deadline) throw new Error(`outbox not delivered: ${JSON.stringify(rows)}`)
    await new Promise((resolve) => setTimeout(resolve, 20))
  }
  const fresh = delivery.smtp.messages.slice(seen)
  seen = delivery.smtp.messages.length
  const plain = (text: string) => text.replace(/\u00a0/g, ' ')
  return fresh.map((message) => ({
    to: message.envelope.to[0]!,
    subject: plain(message.parsed.subject ?? ''),
    text: plain(message.parsed.text ?? ''),
    html: plain(typeof message.parsed.html === 'string' ? message.parsed.html : ''),
    message,
    template: rows.find((r) => r.message_id === message.parsed.messageId)!.template,
  }))
}

function onlyMailTo(mails: Mail[], name: string): Mail {
  const found = mails.filter((m) => m.to === emailOf(name))
  expect(found, `mail to ${name}`).toHaveLength(1)
  return found[0]!
}

/** Neither an invitation (as a text/calendar part or a file) nor a check-in code. */
async function expectNoInviteNorCode(mail: Mail, registrationId: number) {
  expect(calendarPart(mail.message.parsed, mail.message.raw)).toBeUndefined()
  expect(mail.message.parsed.attachments).toEqual([])
  expect(mail.message.raw).not.toMatch(/text\/calendar|BEGIN:VCALENDAR/)
  const code = (await registrationRow(registrationId)).check_in_code!
  expect(mail.text).not.toContain(formatCode(code))
}

const walkInForm = (name: string) => ({ fullName: name, email: emailOf(name), organisation: 'Obec Chrastava' })

describe('added after the start or on the spot', () => {
  it('a walk-in added to a session that ended gets a short note with the booking link: no invitation, no code', async () => {
    const sessionId = await newSession(workshopId, { date: day(-3) })
    const added = await addWalkIn(test.db, {
      sessionId,
      form: walkInForm('Eva Žáková'),
      locale: 'cs',
      user: organiser,
      now,
      appUrl,
    })
    expect(added).toEqual({ kind: 'added', fullName: 'Eva Žáková' })
    const row = await test.db
      .selectFrom('registrations')
      .selectAll()
      .where('session_id', '=', sessionId)
      .executeTakeFirstOrThrow()
    expect(row).toMatchObject({ status: 'confirmed', attendance: 'present', walk_in: 1 })

    const mail = onlyMailTo(await deliverAll(), 'Eva Žáková')
    const when = spacedRange(pragueTime(day(-3), '09:00'), pragueTime(day(-3), '12:00'), 'cs')
    expect(mail.template).toBe('registration.recorded')
    expect(mail.subject).toBe(`Zápis na workshop: Otevřená data v obci, ${when}`)
    expect(mail.text).toContain(`pořadatel vás přímo na místě zapsal na workshop Otevřená data v obci (${when}).`)
    expect(mail.text).toContain('Pozvánku do kalendáře proto neposíláme.')
    expect(mail.text).not.toMatch(/Potvrzení rezervace|máte rezervované místo|stáhnout pozvánku/i)
    expect(mail.text).toMatch(new RegExp(`Stránka vaší přihlášky:\\n${appUrl}/registrations/[A-Za-z0-9_-]+\\n`))
    await expectNoInviteNorCode(mail, row.id)
  })

  it('someone added by hand once the session has begun gets a seat even when it is full, and a note saying it began', async () => {
    // 09:00–12:00 yesterday, one seat, taken; it is 10:00.
    const sessionId = await newSession(workshopId, { date: day(-1) })
    await book(sessionId, 'Jana Řehořová', { at: atDay(-2, '09:00') })
    await deliverAll()
    const added = await addParticipant(test.db, {
      sessionId,
      form: person('Tomáš Šťastný'),
      walkIn: false,
      locale: 'cs',
      user: organiser,
      now,
      appUrl,
    })
    expect(added).toMatchObject({ kind: 'registered', status: 'confirmed' })
    if (added.kind !== 'registered') throw new Error('not added')
    // No waiting list once a session has begun: the late addition is a record of who came.
    expect(await sessionRow(sessionId)).toMatchObject({ capacity: 2, confirmed_count: 2, waitlisted_count: 0 })

    const mail = onlyMailTo(await deliverAll(), 'Tomáš Šťastný')
    expect(mail.template).toBe('registration.recorded')
    expect(mail.text).toContain('pořadatel vás dodatečně zapsal na workshop Otevřená data v obci')
    expect(mail.text).toContain('který už začal')
    await expectNoInviteNorCode(mail, added.registrationId)
  })

  it('in English too', async () => {
    const sessionId = await newSession(workshopId, { date: day(-3) })
    const added = await addParticipant(test.db, {
      sessionId,
      form: person('Igor Ivanov'),
      walkIn: false,
      locale: 'en',
      user: organiser,
      now,
      appUrl,
    })
    if (added.kind !== 'registered') throw new Error('not added')
    const mail = onlyMailTo(await deliverAll(), 'Igor Ivanov')
    const when = spacedRange(pragueTime(day(-3), '09:00'), pragueTime(day(-3), '12:00'), 'en')
    expect(mail.subject).toBe(`You have been added: Otevřená data v obci, ${when}`)
    expect(mail.text).toContain(`the organiser has added you to Otevřená data v obci (${when}), which had already begun`)
    expect(mail.text).toContain('so we are not sending a calendar invitation')
    await expectNoInviteNorCode(mail, added.registrationId)
  })

  it('a walk-in at the door before the start is in the room already: the same note, no invitation', async () => {
    const sessionId = await newSession(workshopId, { date: day(-1), startTime: '10:15', endTime: '12:00' })
    const added = await addWalkIn(test.db, {
      sessionId,
      form: walkInForm('Petr Čermák'),
      locale: 'cs',
      user: organiser,
      now,
      appUrl,
    })
    expect(added.kind).toBe('added')
    const mail = onlyMailTo(await deliverAll(), 'Petr Čermák')
    expect(mail.template).toBe('registration.recorded')
    expect(mail.text).toContain('přímo na místě')
    const row = await test.db
      .selectFrom('registrations')
      .select('id')
      .where('session_id', '=', sessionId)
      .executeTakeFirstOrThrow()
    await expectNoInviteNorCode(mail, row.id)
  })
})

describe('added by hand before the start', () => {
  it('is confirmed with an invitation and a check-in code, as anyone who books', async () => {
    const sessionId = await newSession(workshopId, { date: day(20) })
    const added = await addParticipant(test.db, {
      sessionId,
      form: person('Karel Hrubý'),
      walkIn: false,
      locale: 'cs',
      user: organiser,
      now,
      appUrl,
    })
    if (added.kind !== 'registered') throw new Error('not added')
    const mail = onlyMailTo(await deliverAll(), 'Karel Hrubý')
    expect(mail.template).toBe('registration.confirmed')
    expect(calendarPart(mail.message.parsed, mail.message.raw)?.method).toBe('REQUEST')
    expect(mail.text).toContain(formatCode((await registrationRow(added.registrationId)).check_in_code!))
  })
})
