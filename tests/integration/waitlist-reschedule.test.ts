import ICAL from 'ical.js'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import type { SignedInUser } from '~/models/auth.server'
import { sessionFormValues, updateSession, type SessionFormField } from '~/models/organiser-sessions.server'
import { cancelRegistration, mailWaitingListAboutChange } from '~/models/registrations.server'
import { atDay, day, pragueTime, writtenRange } from '../support/clock'
import { createTestDatabase, type TestDatabase } from '../support/database'
import { createStaff, emailOf, factories, person } from '../support/factories'
import { rowsOf } from '../support/fixtures'
import { calendarPart, type ReceivedMessage } from '../support/smtp'
import { deliverOverSmtp } from '../support/smtp-delivery'

/** A date range as the e-mails write it, read with their no-break spaces as plain ones. */
const spacedRange = (...args: Parameters<typeof writtenRange>) => writtenRange(...args).replace(/\u00a0/g, ' ')

/*
 * A session is rescheduled while people wait for a seat. Everyone on the waiting list is told
 * the new time (and the old one) with a way to leave the list; whoever is later moved up gets a
 * seat whose e-mail states the session's time and says it changed since they joined. Every
 * e-mail goes through the outbox worker and a real SMTP server; invitations are read with
 * ical.js, as a calendar reads them.
 */

// Yesterday morning: the worker sends what is due by the real clock, and the sessions are ahead.
const now = atDay(-1, '09:00')
const sessionDay = day(50)
const laterDay = day(52)
const appUrl = 'http://localhost:3000'

let test: TestDatabase
let delivery: Awaited<ReturnType<typeof deliverOverSmtp>>
let organiser: SignedInUser
let workshopId: number
let seen = 0

const { book, newSession, newWorkshop, sessionForm } = factories(() => ({
  db: test.db,
  now,
  appUrl,
  staff: organiser,
  session: { date: sessionDay, startTime: '09:00', endTime: '12:00', capacity: 2 },
}))
const { registrationRow, sessionRow, outboxCount } = rowsOf(() => test.db)

beforeEach(async () => {
  test = await createTestDatabase()
  const staff = await createStaff(test.db, now)
  organiser = staff.organiserA
  workshopId = await newWorkshop(staff.bodyAId, { title: 'Phishing na obecních úřadech' })
  delivery = await deliverOverSmtp(test.db)
  seen = 0
})

afterEach(async () => {
  await delivery.stop()
  await test.cleanup()
})

type Mail = { to: string; subject: string; text: string; html: string; message: ReceivedMessage }

/** Dates as written in e-mails, with any non-breaking space read as a space. */
const plain = (text: string) => text.replace(/\u00a0/g, ' ')

/** Waits until the outbox is empty and everything in it has arrived; answers what arrived since the last call. */
async function deliverAll(): Promise<Mail[]> {
  const deadline = Date.now() + 20_000
  for (;;) {
    const rows = await test.db.selectFrom('outbox').select('status').execute()
    if (rows.every((r) => r.status === 'sent') && delivery.smtp.messages.length === rows.length) break
    if (Date.now() > deadline) throw new Error(`outbox not delivered: ${JSON.stringify(rows)}`)
    await new Promise((resolve) => setTimeout(resolve, 20))
  }
  const fresh = delivery.smtp.messages.slice(seen)
  seen = delivery.smtp.messages.length
  return fresh.map((message) => ({
    to: message.envelope.to[0]!,
    subject: plain(message.parsed.subject ?? ''),
    text: plain(message.parsed.text ?? ''),
    html: plain(typeof message.parsed.html === 'string' ? message.parsed.html : ''),
    message,
  }))
}

function mailTo(mails: Mail[], name: string): Mail {
  const found = mails.filter((m) => m.to === emailOf(name))
  expect(found, `mail to ${name}`).toHaveLength(1)
  return found[0]!
}

/** The event a REQUEST invitation puts in a calendar. */
function invitedEvent(mail: Mail) {
  const part = calendarPart(mail.message.parsed, mail.message.raw)
  expect(part?.method).toBe('REQUEST')
  const vevent = new ICAL.Component(ICAL.parse(part!.content)).getFirstSubcomponent('vevent')!
  const instant = (name: string) => (vevent.getFirstPropertyValue(name) as ICAL.Time).toJSDate().toISOString()
  return { start: instant('dtstart'), end: instant('dtend') }
}

/** The manage token in a link of this e-mail that ends with `suffix` ('' for the manage page). */
function tokenIn(mail: Mail, suffix: '' | '/cancel'): string {
  const match = new RegExp(`${appUrl}/registrations/([A-Za-z0-9_-]+)${suffix}(?:\\s|$)`, 'm').exec(mail.text)
  expect(match, `a link ending in "${suffix}"`).not.toBeNull()
  return match![1]!
}

async function reschedule(sessionId: number, changes: Partial<Record<SessionFormField, string>>) {
  const input = sessionForm({ ...sessionFormValues(await sessionRow(sessionId)), ...changes })
  const result = await updateSession(test.db, { sessionId, input, user: organiser, now, appUrl })
  if (result.kind !== 'updated') throw new Error(`expected the session updated, got ${JSON.stringify(result)}`)
  return result
}

/** Two seats taken by Jana and Tomáš; Petr (Czech) and Eva (English) waiting, in that order. */
async function fullSession() {
  const sessionId = await newSession(workshopId)
  const jana = await book(sessionId, 'Jana Řehořová')
  await book(sessionId, 'Tomáš Šťastný')
  const petr = await book(sessionId, 'Petr Čermák')
  const eva = await book(sessionId, person('Eva Dvořáková'), { locale: 'en' })
  expect([petr.status, eva.status]).toEqual(['waitlisted', 'waitlisted'])
  await deliverAll()
  return { sessionId, jana, petr, eva }
}

const oldTime = { cs: spacedRange(pragueTime(sessionDay, '09:00'), pragueTime(sessionDay, '12:00'), 'cs') }
const newStart = pragueTime(laterDay, '14:00')
const newEnd = pragueTime(laterDay, '16:30')
const newTime = { cs: spacedRange(newStart, newEnd, 'cs'), en: spacedRange(newStart, newEnd, 'en') }
const oldTimeEn = spacedRange(pragueTime(sessionDay, '09:00'), pragueTime(sessionDay, '12:00'), 'en')

describe('rescheduling a session with a waiting list', () => {
  it('tells each person waiting the new time beside the old one, their place, and how to leave the list; no invitation', async () => {
    const { sessionId, petr } = await fullSession()
    const message = 'Sál je v rekonstrukci, proto se workshop přesouvá.'
    const result = await reschedule(sessionId, { date: laterDay, startTime: '14:00', endTime: '16:30', message })
    expect(result).toMatchObject({ notified: 2, waitlistNotified: 2, promoted: 0 })

    const mails = await deliverAll()
    expect(mails.map((m) => m.to).sort()).toEqual(
      ['Jana Řehořová', 'Tomáš Šťastný', 'Petr Čermák', 'Eva Dvořáková'].map(emailOf).sort(),
    )
    const toPetr = mailTo(mails, 'Petr Čermák')
    expect(toPetr.subject).toBe(`Změna termínu, jste stále v pořadníku: Phishing na obecních úřadech, ${newTime.cs}`)
    expect(toPetr.text).toContain('jste na 1. místě')
    expect(toPetr.text).toContain(`Nový čas: ${newTime.cs} (původně ${oldTime.cs}).`)
    expect(toPetr.html).toContain(`<strong>Nový čas: ${newTime.cs} (původně ${oldTime.cs}).</strong>`)
    expect(toPetr.text).toContain(message)
    expect(toPetr.text).toContain('Odhlaste se z pořadníku')
    // Nothing for a calendar: they hold no seat.
    expect(calendarPart(toPetr.message.parsed, toPetr.message.raw)).toBeUndefined()
    expect(toPetr.message.parsed.attachments).toEqual([])

    const toEva = mailTo(mails, 'Eva Dvořáková')
    expect(toEva.subject).toBe(`Session changed, you are still on the waiting list: Phishing na obecních úřadech, ${newTime.en}`)
    expect(toEva.text).toContain('(number 2)')
    expect(toEva.text).toContain(`New time: ${newTime.en} (was ${oldTimeEn}).`)
    expect(toEva.text).toContain('Leave the waiting list')

    // The link to leave the list works: it is Petr's own booking, and the list shortens.
    const leaveToken = tokenIn(toPetr, '/cancel')
    expect(tokenIn(toPetr, '')).not.toBe('')
    expect(await cancelRegistration(test.db, { token: leaveToken, now, appUrl })).toEqual({ kind: 'cancelled', promoted: 0 })
    expect((await registrationRow(petr.registrationId)).status).toBe('cancelled')
    expect((await sessionRow(sessionId)).waitlisted_count).toBe(1)
  })

  it('queues the e-mails in the change itself, once per change: the same change again or a change of seats alone tells nobody', async () => {
    const { sessionId } = await fullSession()
    await reschedule(sessionId, { date: laterDay, startTime: '14:00', endTime: '16:30' })
    const keys = await test.db
      .selectFrom('outbox')
      .select('idempotency_key')
      .where('template', '=', 'registration.waitlist-changed')
      .execute()
    const sequence = (await sessionRow(sessionId)).sequence
    expect(keys.map((k) => k.idempotency_key.replace(/^registration:\d+:/, ''))).toEqual([
      `waitlist-changed:${sequence}`,
      `waitlist-changed:${sequence}`,
    ])
    const queued = await outboxCount()

    // Telling the list again about the same version of the session queues nothing.
    await test.db.transaction().execute((trx) =>
      mailWaitingListAboutChange(trx, {
        sessionId,
        previous: { startsAt: pragueTime(sessionDay, '09:00'), endsAt: pragueTime(sessionDay, '12:00') },
        now,
        appUrl,
      }),
    )
    expect(await outboxCount()).toBe(queued)
    // Saving the form unchanged, or with another lecturer, is no reschedule.
    expect(await reschedule(sessionId, {})).toMatchObject({ notified: 0, waitlistNotified: 0 })
    expect(await reschedule(sessionId, { lecturer: 'Mgr. Jana Horáková' })).toMatchObject({ waitlistNotified: 0 })
    expect(await outboxCount()).toBe(queued)
    await deliverAll()

    // A second reschedule is a new change, told again, with the time it replaces.
    await reschedule(sessionId, { startTime: '15:00', endTime: '17:00' })
    const mails = await deliverAll()
    expect(mails.filter((m) => m.subject.startsWith('Změna termínu, jste stále v pořadníku'))).toHaveLength(1)
    expect(mailTo(mails, 'Petr Čermák').text).toContain(`(původně ${newTime.cs})`)
  })

  it('a change of place alone tells the list the new place, without a "new time" line', async () => {
    const { sessionId } = await fullSession()
    await reschedule(sessionId, { room: 'velký sál 2.01' })
    const toPetr = mailTo(await deliverAll(), 'Petr Čermák')
    expect(toPetr.text).toContain('velký sál 2.01')
    expect(toPetr.text).not.toContain('Nový čas')
    expect(toPetr.text).toContain(oldTime.cs)
  })
})

describe('moving up from the waiting list', () => {
  it('after a reschedule: the e-mail says the time changed since they joined, and invites them at the new time', async () => {
    const { sessionId, jana } = await fullSession()
    await reschedule(sessionId, { date: laterDay, startTime: '14:00', endTime: '16:30' })
    await deliverAll()

    // Jana cancels from her e-mail's link: Petr, first in line, gets her seat.
    expect(await cancelRegistration(test.db, { token: jana.token, now, appUrl })).toEqual({ kind: 'cancelled', promoted: 1 })
    const toPetr = mailTo(await deliverAll(), 'Petr Čermák')
    expect(toPetr.subject).toBe(`Uvolnilo se místo, čas se změnil: Phishing na obecních úřadech, ${newTime.cs}`)
    expect(toPetr.text).toContain(`původně ${oldTime.cs}, nově ${newTime.cs}`)
    expect(toPetr.html).toContain(`<strong>Pozor, čas se od vašeho zápisu do pořadníku změnil`)
    expect(invitedEvent(toPetr)).toEqual({ start: newStart, end: newEnd })
  })

  it('in English, and when seats are added with the same change: the promoted hear of the new time once, the rest are told as waiting', async () => {
    const { sessionId } = await fullSession()
    // Three seats and a new time at once: Petr gets the third seat, Eva still waits.
    const result = await reschedule(sessionId, { date: laterDay, startTime: '14:00', endTime: '16:30', capacity: '3' })
    expect(result).toMatchObject({ notified: 2, promoted: 1, waitlistNotified: 1 })
    const mails = await deliverAll()
    const toPetr = mailTo(mails, 'Petr Čermák')
    expect(toPetr.subject).toMatch(/^Uvolnilo se místo, čas se změnil/)
    expect(invitedEvent(toPetr)).toEqual({ start: newStart, end: newEnd })

    const toEva = mailTo(mails, 'Eva Dvořáková')
    expect(toEva.subject).toMatch(/^Session changed, you are still on the waiting list/)
    expect(toEva.text).toContain('(number 1)')

    // The organiser moves Eva up later by adding a seat: her e-mail, in English, says what changed.
    await reschedule(sessionId, { capacity: '4' })
    const promoted = mailTo(await deliverAll(), 'Eva Dvořáková')
    expect(promoted.subject).toBe(`A seat freed up, at a new time: Phishing na obecních úřadech, ${newTime.en}`)
    expect(promoted.text).toContain(
      `the time has changed since you joined the waiting list. It was ${oldTimeEn}, it is now ${newTime.en}.`,
    )
    expect(invitedEvent(promoted)).toEqual({ start: newStart, end: newEnd })
  })

  it('without a change: the e-mail states the date and time plainly, and says nothing changed', async () => {
    const { jana } = await fullSession()
    await cancelRegistration(test.db, { token: jana.token, now, appUrl })
    const toPetr = mailTo(await deliverAll(), 'Petr Čermák')
    expect(toPetr.subject).toBe(`Uvolnilo se místo, máte rezervaci: Phishing na obecních úřadech, ${oldTime.cs}`)
    expect(toPetr.text).toContain(`Workshop se koná ${oldTime.cs}.`)
    expect(toPetr.text).not.toMatch(/změnil|původně/)
  })

  it('someone who joined the list after the reschedule chose the new time: nothing to flag', async () => {
    const { sessionId, jana } = await fullSession()
    await reschedule(sessionId, { date: laterDay, startTime: '14:00', endTime: '16:30', capacity: '3' })
    // Petr took the third seat; Eva waits; Karel joins the list at the new time.
    await book(sessionId, 'Karel Hrubý')
    await deliverAll()
    await cancelRegistration(test.db, { token: jana.token, now, appUrl })
    await reschedule(sessionId, { capacity: '4' })
    const mails = await deliverAll()
    expect(mailTo(mails, 'Eva Dvořáková').subject).toMatch(/^A seat freed up, at a new time/)
    const toKarel = mailTo(mails, 'Karel Hrubý')
    expect(toKarel.subject).toBe(`Uvolnilo se místo, máte rezervaci: Phishing na obecních úřadech, ${newTime.cs}`)
    expect(toKarel.text).toContain(`Workshop se koná ${newTime.cs}.`)
  })
})
