import { createHash } from 'node:crypto'
import { sql } from 'kysely'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { OutboxMessage } from '../../db/schema'
import type { RegistrationEmailProps } from '../../emails'
import type { RegistrationFormData } from '~/models/registration-form.server'
import { cancelRegistration, findRegistrationByToken, registerForSession } from '~/models/registrations.server'
import type { Locale } from '~/i18n/locales'
import type { SignedInUser } from '~/models/auth.server'
import { atDay, day, inDays } from '../support/clock'
import { createTestDatabase, type TestDatabase } from '../support/database'
import { createOrganiser, createUser, factories, person, type SessionFields, type WorkshopFields } from '../support/factories'
import { propsOf, rowsOf } from '../support/fixtures'

/** The moment the bookings are made: 10:00 in Prague today. */
const now = atDay(0, '10:00')
/** A later moment, for cancelling and booking again: 11:30 in Prague the day after. */
const later = atDay(1, '11:30')
/** The session every test books (see the factories below). */
const sessionStartsAt = inDays(6, '15:00')
const sessionEndsAt = inDays(6, '17:00')
const appUrl = 'http://localhost:3000'
const organiser = { name: 'Datový portál Libereckého kraje', email: 'datovy.portal@kraj-lbc.example' }

let test: TestDatabase
let organiserId: number
let admin: SignedInUser
let publishedWorkshop: number
let draftWorkshop: number

/**
 * An admin makes the sessions, one of its own for each test: six days after `now`, 15:00–17:00
 * in Prague, 2 seats, booking open now and closing at 20:00 the evening before.
 */
const { book, newSession, newWorkshop } = factories(() => ({
  db: test.db,
  now,
  appUrl,
  staff: admin,
  session: {
    date: day(6),
    startTime: '15:00',
    endTime: '17:00',
    address: 'U Jezu 642/2a, 461 80 Liberec',
    room: 'zasedací místnost 1.15',
    capacity: 2,
    closesDate: day(5),
    closesTime: '20:00',
  },
}))

beforeAll(async () => {
  test = await createTestDatabase()
  organiserId = await createOrganiser(test.db, organiser, now)
  admin = await createUser(test.db, { email: 'spravce@workshopy.example.cz', name: 'Správce Systému', role: 'admin' })
  const workshop = {
    summary: 'Jak poznat podvodný e-mail.',
    descriptionMd: 'Workshop o **phishingu**.',
    topic: 'cybersecurity',
    audiences: ['official'],
    lengthHours: 2,
  } satisfies WorkshopFields
  publishedWorkshop = await newWorkshop(organiserId, {
    ...workshop,
    slug: 'kyberneticka-bezpecnost',
    title: 'Kybernetická bezpečnost na obecním úřadě',
  })
  draftWorkshop = await newWorkshop(organiserId, {
    ...workshop,
    slug: 'koncept',
    title: 'Rozpracovaný workshop',
    published: false,
  })
})
afterAll(async () => {
  await test.cleanup()
})

function register(sessionId: number, form: RegistrationFormData, { locale = 'cs' as Locale, at = now } = {}) {
  return registerForSession(test.db, { sessionId, form, locale, now: at, appUrl })
}

const cancel = (token: string, at = later) => cancelRegistration(test.db, { token, now: at, appUrl })

const { outboxCount, registrationRow, sessionRow } = rowsOf(() => test.db)

async function registrationsOf(sessionId: number) {
  return test.db.selectFrom('registrations').selectAll().where('session_id', '=', sessionId).orderBy('id').execute()
}

/** The session's counters, after checking they equal the registrations behind them. */
async function expectCountersInStep(sessionId: number) {
  const session = await sessionRow(sessionId)
  const rows = await registrationsOf(sessionId)
  const counts = {
    confirmed: rows.filter((r) => r.status === 'confirmed').length,
    waitlisted: rows.filter((r) => r.status === 'waitlisted').length,
  }
  expect({ confirmed: session.confirmed_count, waitlisted: session.waitlisted_count }).toEqual(counts)
  expect(session.confirmed_count).toBeLessThanOrEqual(session.capacity)
  return counts
}

async function outboxFor(registrationIds: number[]): Promise<OutboxMessage[]> {
  const all = await test.db.selectFrom('outbox').selectAll().orderBy('id').execute()
  return all.filter((m) => registrationIds.some((id) => m.idempotency_key.startsWith(`registration:${id}:`)))
}

const tokenOf = (props: RegistrationEmailProps) => props.manageUrl.slice(`${appUrl}/registrations/`.length)
const sha256 = (text: string) => createHash('sha256').update(text).digest('hex')

describe('booking a session', () => {
  it('confirms while seats are free, then puts people on the waiting list at positions 1, 2 and 3', async () => {
    const sessionId = await newSession(publishedWorkshop, { capacity: 2 })
    const expected = [
      { status: 'confirmed', position: undefined, counters: { confirmed: 1, waitlisted: 0 } },
      { status: 'confirmed', position: undefined, counters: { confirmed: 2, waitlisted: 0 } },
      { status: 'waitlisted', position: 1, counters: { confirmed: 2, waitlisted: 1 } },
      { status: 'waitlisted', position: 2, counters: { confirmed: 2, waitlisted: 2 } },
      { status: 'waitlisted', position: 3, counters: { confirmed: 2, waitlisted: 3 } },
    ]
    const names = ['Jana Řehořová', 'Tomáš Šťastný', 'Eva Dvořáková', 'Petr Černý', 'Lucie Malá']
    for (const [i, name] of names.entries()) {
      const result = await book(sessionId, person(name))
      expect({ status: result.status, position: result.position }).toEqual({
        status: expected[i]!.status,
        position: expected[i]!.position,
      })
      expect(await expectCountersInStep(sessionId)).toEqual(expected[i]!.counters)
      expect((await registrationRow(result.registrationId)).status).toBe(expected[i]!.status)
    }
  })

  it('stores what was typed, the address lower-cased for comparison, and a fresh invitation UID', async () => {
    const sessionId = await newSession(publishedWorkshop)
    const form = person('Jana Řehořová', {
      email: 'Jana.Rehorova@Example.cz',
      participantType: 'teacher',
      schoolLevel: 'zs',
      organisation: 'ZŠ Liberec',
      note: 'Potřebuji bezbariérový přístup <3',
    })
    const { registrationId } = await book(sessionId, form, { locale: 'en' })
    const row = await registrationRow(registrationId)
    expect(row).toMatchObject({
      full_name: 'Jana Řehořová',
      email: 'Jana.Rehorova@Example.cz',
      email_normalized: 'jana.rehorova@example.cz',
      organisation: 'ZŠ Liberec',
      participant_type: 'teacher',
      school_level: 'zs',
      note: 'Potřebuji bezbariérový přístup <3',
      locale: 'en',
      status: 'confirmed',
      invite_sequence: 0,
      consent_at: now.toISOString(),
      confirmed_at: now.toISOString(),
      cancelled_at: null,
    })
    expect(row.invite_uid).toMatch(/^[0-9a-f-]{36}@localhost$/)
  })

  it('keeps no school level for someone who is not a teacher, and no empty organisation or note', async () => {
    const sessionId = await newSession(publishedWorkshop)
    const { registrationId } = await book(
      sessionId,
      person('Karel Novotný', { participantType: 'other', schoolLevel: 'ss', organisation: '', note: '' }),
    )
    expect(await registrationRow(registrationId)).toMatchObject({
      participant_type: 'other',
      school_level: null,
      organisation: null,
      note: null,
    })
  })

  it('queues exactly one confirmation with an invitation for a seat, under a key naming the booking', async () => {
    const sessionId = await newSession(publishedWorkshop)
    const before = await outboxCount()
    const result = await book(sessionId, person('Jana Řehořová'))
    expect(await outboxCount()).toBe(before + 1)
    const [message, ...more] = await outboxFor([result.registrationId])
    expect(more).toEqual([])
    expect(message).toMatchObject({
      idempotency_key: `registration:${result.registrationId}:confirmed`,
      template: 'registration.confirmed',
      recipient: 'jana.rehorova@example.cz',
      locale: 'cs',
      status: 'pending',
      attempts: 0,
      next_attempt_at: now.toISOString(),
      created_at: now.toISOString(),
    })
    expect(message!.message_id).toMatch(/^<[0-9a-f]{32}@localhost>$/)
    const row = await registrationRow(result.registrationId)
    expect(propsOf(message!)).toEqual({
      session: {
        workshopTitle: 'Kybernetická bezpečnost na obecním úřadě',
        startsAt: sessionStartsAt,
        endsAt: sessionEndsAt,
        venueName: 'Krajský úřad Libereckého kraje',
        address: 'U Jezu 642/2a, 461 80 Liberec',
        room: 'zasedací místnost 1.15',
        onlineUrl: null,
        online: false,
        organiserName: organiser.name,
        organiserEmail: organiser.email,
      },
      participant: { name: 'Jana Řehořová', email: 'jana.rehorova@example.cz' },
      manageUrl: `${appUrl}/registrations/${result.token}`,
      calendarUrl: expect.stringMatching(new RegExp(`^${appUrl}/calendar/[A-Za-z0-9_-]{43}$`)),
      invite: { uid: row.invite_uid, sequence: 0 },
      checkInCode: row.check_in_code,
      status: 'confirmed',
    })
    expect(row.check_in_code).toMatch(/^[0-9A-HJKMNP-TV-Z]{8}$/)
  })

  it('queues exactly one waiting-list e-mail with the position for a place on the waiting list', async () => {
    const sessionId = await newSession(publishedWorkshop, { capacity: 1 })
    await book(sessionId, person('Jana Řehořová'))
    await book(sessionId, person('Tomáš Šťastný'))
    const before = await outboxCount()
    const result = await book(sessionId, person('Eva Dvořáková'), { locale: 'en' })
    expect(result).toMatchObject({ status: 'waitlisted', position: 2 })
    expect(await outboxCount()).toBe(before + 1)
    const messages = await outboxFor([result.registrationId])
    expect(messages).toHaveLength(1)
    expect(messages[0]).toMatchObject({
      idempotency_key: `registration:${result.registrationId}:waitlisted`,
      template: 'registration.waitlisted',
      recipient: 'eva.dvorakova@example.cz',
      locale: 'en',
    })
    expect(propsOf(messages[0]!)).toMatchObject({ position: 2, manageUrl: `${appUrl}/registrations/${result.token}` })
  })

  it('never gives more seats than there are to bookings made at the same time', async () => {
    const sessionId = await newSession(publishedWorkshop, { capacity: 2 })
    const names = ['Anna Malá', 'Bára Velká', 'Cyril Nový', 'David Starý', 'Ema Krátká', 'Filip Dlouhý']
    const results = await Promise.all(names.map((name) => book(sessionId, person(name))))
    expect(results.filter((r) => r.status === 'confirmed')).toHaveLength(2)
    expect(
      results
        .filter((r) => r.status === 'waitlisted')
        .map((r) => r.position ?? 0)
        .sort((a, b) => a - b),
    ).toEqual([1, 2, 3, 4])
    expect(await expectCountersInStep(sessionId)).toEqual({ confirmed: 2, waitlisted: 4 })
  })
})

describe('booking the same address twice', () => {
  it('answers "duplicate", books nobody new and mails a link to the address that booked first', async () => {
    const sessionId = await newSession(publishedWorkshop)
    const first = await book(sessionId, person('Jana Nováková', { email: 'Jana@Example.cz' }), { locale: 'en' })
    const countersBefore = await expectCountersInStep(sessionId)
    const outboxBefore = await outboxCount()

    const again = await register(sessionId, person('Někdo Jiný', { email: 'jana@example.cz' }), { locale: 'cs', at: later })
    expect(again).toEqual({ kind: 'duplicate' })
    expect(await registrationsOf(sessionId)).toHaveLength(1)
    expect(await expectCountersInStep(sessionId)).toEqual(countersBefore)
    expect(await outboxCount()).toBe(outboxBefore + 1)

    const links = (await outboxFor([first.registrationId])).filter((m) => m.template === 'registration.link')
    expect(links).toHaveLength(1)
    const link = links[0]!
    expect(link.recipient).toBe('Jana@Example.cz')
    expect(link.locale).toBe('en')
    expect(link.idempotency_key).toMatch(new RegExp(`^registration:${first.registrationId}:link:\\d+$`))
    const props = propsOf(link)
    expect(props.participant).toEqual({ name: 'Jana Nováková', email: 'Jana@Example.cz' })
    // The link carries a new token that opens the original booking.
    const token = tokenOf(props)
    expect(token).not.toBe(first.token)
    expect((await findRegistrationByToken(test.db, token, later))?.id).toBe(first.registrationId)
    expect((await findRegistrationByToken(test.db, first.token, later))?.id).toBe(first.registrationId)
  })

  it('mails the link at most once in ten minutes however often the form is repeated', async () => {
    const sessionId = await newSession(publishedWorkshop, { capacity: 5 })
    const first = await book(sessionId, person('Jana Nováková'))
    const links = async () => (await outboxFor([first.registrationId])).filter((m) => m.template === 'registration.link')
    for (let i = 0; i < 5; i++) {
      expect(await register(sessionId, person('Jana Nováková'), { at: new Date(later.getTime() + i * 1000) })).toEqual({
        kind: 'duplicate',
      })
    }
    expect(await links()).toHaveLength(1)
    await register(sessionId, person('Jana Nováková'), { at: new Date(later.getTime() + 11 * 60_000) })
    expect(await links()).toHaveLength(2)
  })

  it('answers "duplicate" for an address already on the waiting list', async () => {
    const sessionId = await newSession(publishedWorkshop, { capacity: 1 })
    await book(sessionId, person('Jana Řehořová'))
    const waiting = await book(sessionId, person('Tomáš Šťastný'))
    expect(waiting.status).toBe('waitlisted')
    expect(await register(sessionId, person('Tomáš Šťastný', { email: 'TOMAS.STASTNY@example.cz' }))).toEqual({
      kind: 'duplicate',
    })
    expect(await expectCountersInStep(sessionId)).toEqual({ confirmed: 1, waitlisted: 1 })
  })

  it('books the address again once its booking was cancelled', async () => {
    const sessionId = await newSession(publishedWorkshop)
    const first = await book(sessionId, person('Jana Řehořová'))
    expect(await cancel(first.token, now)).toEqual({ kind: 'cancelled', promoted: 0 })
    const second = await book(sessionId, person('Jana Řehořová'))
    expect(second.registrationId).not.toBe(first.registrationId)
    expect(second.status).toBe('confirmed')
    expect(await expectCountersInStep(sessionId)).toEqual({ confirmed: 1, waitlisted: 0 })
  })
})

describe('bookings that are refused', () => {
  it.each([
    // Booking opens at 08:00 in Prague two days after `now`.
    ['not_yet_open', { opensDate: day(2), opensTime: '08:00' }],
    // Booking closed at the very moment of `now`.
    ['closed', { closesDate: day(0), closesTime: '10:00' }],
    ['cancelled', { cancelled: true }],
    // A session five days before `now`, long over.
    ['past', { date: day(-5), closesDate: '', closesTime: '' }],
    // A session that began an hour before `now` and is still running.
    ['past', { date: day(0), startTime: '09:00', endTime: '11:00', closesDate: '', closesTime: '' }],
  ] satisfies [string, SessionFields & { cancelled?: boolean }][])(
    'refuses a booking because the session is %s, and writes nothing',
    async (reason, changes) => {
      const sessionId = await newSession(publishedWorkshop, changes)
      const outboxBefore = await outboxCount()
      expect(await register(sessionId, person('Jana Řehořová'))).toEqual({ kind: 'refused', reason })
      expect(await registrationsOf(sessionId)).toEqual([])
      expect(await expectCountersInStep(sessionId)).toEqual({ confirmed: 0, waitlisted: 0 })
      expect(await outboxCount()).toBe(outboxBefore)
    },
  )

  it('refuses with the reason even when the session is full', async () => {
    const sessionId = await newSession(publishedWorkshop, { capacity: 1 })
    await book(sessionId, person('Jana Řehořová'))
    await test.db.updateTable('sessions').set({ registration_closes_at: now.toISOString() }).where('id', '=', sessionId).execute()
    expect(await register(sessionId, person('Tomáš Šťastný'))).toEqual({ kind: 'refused', reason: 'closed' })
  })

  it('does not find a session of an unpublished workshop', async () => {
    const sessionId = await newSession(draftWorkshop)
    const outboxBefore = await outboxCount()
    expect(await register(sessionId, person('Jana Řehořová'))).toEqual({ kind: 'not_found' })
    expect(await registrationsOf(sessionId)).toEqual([])
    expect(await outboxCount()).toBe(outboxBefore)
  })

  it('does not find an unknown session', async () => {
    const outboxBefore = await outboxCount()
    expect(await register(987_654, person('Jana Řehořová'))).toEqual({ kind: 'not_found' })
    expect(await registrationsOf(987_654)).toEqual([])
    expect(await outboxCount()).toBe(outboxBefore)
  })
})

describe('cancelling a booking', () => {
  it('refuses once the session has begun, and changes nothing', async () => {
    const sessionId = await newSession(publishedWorkshop, { capacity: 2 })
    const jana = await book(sessionId, person('Jana Řehořová'))
    const outboxBefore = await outboxCount()
    const { starts_at } = await test.db
      .selectFrom('sessions')
      .select('starts_at')
      .where('id', '=', sessionId)
      .executeTakeFirstOrThrow()
    const afterStart = new Date(Date.parse(starts_at) + 60_000)
    expect(await cancel(jana.token, afterStart)).toEqual({ kind: 'too_late' })
    expect((await registrationRow(jana.registrationId)).status).toBe('confirmed')
    expect(await outboxCount()).toBe(outboxBefore)
    expect((await findRegistrationByToken(test.db, jana.token, afterStart))?.session.started).toBe(true)
  })

  it('promotes the first waitlisted person when a confirmed one cancels', async () => {
    const sessionId = await newSession(publishedWorkshop, { capacity: 1 })
    const jana = await book(sessionId, person('Jana Řehořová'))
    const tomas = await book(sessionId, person('Tomáš Šťastný'), { locale: 'en' })
    const eva = await book(sessionId, person('Eva Dvořáková'))
    expect([jana.status, tomas.position, eva.position]).toEqual(['confirmed', 1, 2])
    const before = await registrationRow(jana.registrationId)

    expect(await cancel(jana.token)).toEqual({ kind: 'cancelled', promoted: 1 })

    expect(await registrationRow(jana.registrationId)).toMatchObject({
      status: 'cancelled',
      cancelled_at: later.toISOString(),
      invite_uid: before.invite_uid,
      invite_sequence: before.invite_sequence + 1,
    })
    const cancelled = (await outboxFor([jana.registrationId])).filter((m) => m.template === 'registration.cancelled')
    expect(cancelled).toHaveLength(1)
    expect(cancelled[0]).toMatchObject({
      idempotency_key: `registration:${jana.registrationId}:cancelled`,
      recipient: 'jana.rehorova@example.cz',
    })
    const cancelledProps = propsOf(cancelled[0]!)
    expect(cancelledProps.wasConfirmed).toBe(true)
    expect(cancelledProps.invite).toEqual({ uid: before.invite_uid, sequence: before.invite_sequence + 1 })

    expect(await registrationRow(tomas.registrationId)).toMatchObject({ status: 'confirmed', confirmed_at: later.toISOString() })
    const promoted = (await outboxFor([tomas.registrationId])).filter((m) => m.template === 'registration.promoted')
    expect(promoted).toHaveLength(1)
    expect(promoted[0]).toMatchObject({
      idempotency_key: `registration:${tomas.registrationId}:promoted`,
      recipient: 'tomas.stastny@example.cz',
      locale: 'en',
    })
    const promotedProps = propsOf(promoted[0]!)
    expect(promotedProps.participant.email).toBe('tomas.stastny@example.cz')
    expect((await findRegistrationByToken(test.db, tokenOf(promotedProps), later))?.id).toBe(tomas.registrationId)

    expect(await registrationRow(eva.registrationId)).toMatchObject({ status: 'waitlisted' })
    expect((await findRegistrationByToken(test.db, eva.token, later))?.position).toBe(1)
    expect(await outboxFor([eva.registrationId])).toHaveLength(1)
    expect(await expectCountersInStep(sessionId)).toEqual({ confirmed: 1, waitlisted: 1 })
  })

  it('frees the seat for the next booking when nobody is waiting', async () => {
    const sessionId = await newSession(publishedWorkshop, { capacity: 1 })
    const jana = await book(sessionId, person('Jana Řehořová'))
    expect(await cancel(jana.token)).toEqual({ kind: 'cancelled', promoted: 0 })
    expect(await expectCountersInStep(sessionId)).toEqual({ confirmed: 0, waitlisted: 0 })
    expect((await book(sessionId, person('Tomáš Šťastný'), { at: later })).status).toBe('confirmed')
  })

  it('answers "already cancelled" the second time and queues nothing more', async () => {
    const sessionId = await newSession(publishedWorkshop, { capacity: 1 })
    const jana = await book(sessionId, person('Jana Řehořová'))
    await book(sessionId, person('Tomáš Šťastný'))
    await cancel(jana.token)
    const counters = await expectCountersInStep(sessionId)
    const outboxBefore = await outboxCount()
    expect(await cancel(jana.token)).toEqual({ kind: 'already_cancelled' })
    expect(await outboxCount()).toBe(outboxBefore)
    expect(await expectCountersInStep(sessionId)).toEqual(counters)
    expect((await registrationRow(jana.registrationId)).invite_sequence).toBe(1)
  })

  it('takes a waitlisted person off the list without promoting anybody', async () => {
    const sessionId = await newSession(publishedWorkshop, { capacity: 1 })
    const jana = await book(sessionId, person('Jana Řehořová'))
    const tomas = await book(sessionId, person('Tomáš Šťastný'))
    const eva = await book(sessionId, person('Eva Dvořáková'))
    expect(await cancel(tomas.token)).toEqual({ kind: 'cancelled', promoted: 0 })
    expect(await expectCountersInStep(sessionId)).toEqual({ confirmed: 1, waitlisted: 1 })
    expect((await registrationRow(jana.registrationId)).status).toBe('confirmed')
    expect((await registrationRow(eva.registrationId)).status).toBe('waitlisted')
    expect((await findRegistrationByToken(test.db, eva.token, later))?.position).toBe(1)
    const messages = await outboxFor([tomas.registrationId, eva.registrationId, jana.registrationId])
    expect(messages.map((m) => m.template)).not.toContain('registration.promoted')
    const cancelled = messages.find((m) => m.idempotency_key === `registration:${tomas.registrationId}:cancelled`)
    expect(cancelled?.template).toBe('registration.cancelled')
    expect(propsOf(cancelled!).wasConfirmed).toBe(false)
  })

  it('opens nothing with a token that was never issued', async () => {
    const outboxBefore = await outboxCount()
    expect(await cancel('Zx9_k-3mQp7Lr2VtYb8NcE4hJ6wA1sD5fG0uI3oK7eM')).toEqual({ kind: 'not_found' })
    expect(await cancel('')).toEqual({ kind: 'not_found' })
    expect(await outboxCount()).toBe(outboxBefore)
  })
})

describe('the booking behind a manage link', () => {
  it('shows the booking, its session and its place on the waiting list', async () => {
    const sessionId = await newSession(publishedWorkshop, { capacity: 1 })
    const jana = await book(sessionId, person('Jana Řehořová'), { locale: 'en' })
    const tomas = await book(sessionId, person('Tomáš Šťastný'))
    const view = await findRegistrationByToken(test.db, jana.token, now)
    const row = await registrationRow(jana.registrationId)
    expect(view).toEqual({
      id: jana.registrationId,
      status: 'confirmed',
      fullName: 'Jana Řehořová',
      email: 'jana.rehorova@example.cz',
      organisation: 'Městský úřad Turnov',
      position: null,
      inviteUid: row.invite_uid,
      inviteSequence: 0,
      locale: 'en',
      checkInCode: row.check_in_code,
      certificateCode: null,
      attendance: null,
      attendanceClosedAt: null,
      // Tomáš waits for her seat.
      othersWaiting: true,
      session: {
        id: sessionId,
        workshopSlug: 'kyberneticka-bezpecnost',
        workshopTitle: 'Kybernetická bezpečnost na obecním úřadě',
        startsAt: sessionStartsAt,
        endsAt: sessionEndsAt,
        venueName: 'Krajský úřad Libereckého kraje',
        address: 'U Jezu 642/2a, 461 80 Liberec',
        room: 'zasedací místnost 1.15',
        onlineUrl: null,
        online: false,
        cancelled: false,
        started: false,
        ended: false,
        organiserName: organiser.name,
        organiserEmail: organiser.email,
      },
    })
    expect(await findRegistrationByToken(test.db, tomas.token, now)).toMatchObject({ status: 'waitlisted', position: 1 })
  })

  it('gives the online link only to people who hold a seat', async () => {
    const onlineUrl = 'https://meet.kraj-lbc.example/workshop'
    const sessionId = await newSession(publishedWorkshop, { capacity: 1, mode: 'online', onlineUrl })
    const jana = await book(sessionId, person('Jana Řehořová'))
    const tomas = await book(sessionId, person('Tomáš Šťastný'))
    expect((await findRegistrationByToken(test.db, jana.token, now))?.session).toMatchObject({ online: true, onlineUrl })
    expect((await findRegistrationByToken(test.db, tomas.token, now))?.session).toMatchObject({ online: true, onlineUrl: null })
    await cancel(jana.token)
    expect((await findRegistrationByToken(test.db, jana.token, later))?.session).toMatchObject({ online: true, onlineUrl: null })
    expect((await findRegistrationByToken(test.db, tomas.token, later))?.session).toMatchObject({ online: true, onlineUrl })
  })

  it('still opens a booking whose session was cancelled or whose workshop was unpublished, and says so', async () => {
    const workshopId = await newWorkshop(organiserId, {
      slug: 'brzy-stazeny',
      title: 'Brzy stažený workshop',
      summary: 'Bude stažen.',
      descriptionMd: 'Bude stažen.',
      topic: 'open_data',
      audiences: ['public'],
      lengthHours: 1,
    })
    const sessionId = await newSession(workshopId)
    const jana = await book(sessionId, person('Jana Řehořová'))
    await test.db.updateTable('workshops').set({ published: 0 }).where('id', '=', workshopId).execute()
    await test.db.updateTable('sessions').set({ status: 'cancelled' }).where('id', '=', sessionId).execute()
    const view = await findRegistrationByToken(test.db, jana.token, now)
    expect(view).toMatchObject({ id: jana.registrationId, status: 'confirmed' })
    expect(view?.session).toMatchObject({ workshopSlug: 'brzy-stazeny', cancelled: true })
  })

  it('is undefined for an unknown token', async () => {
    expect(await findRegistrationByToken(test.db, 'Zx9_k-3mQp7Lr2VtYb8NcE4hJ6wA1sD5fG0uI3oK7eM', now)).toBeUndefined()
    expect(await findRegistrationByToken(test.db, '', now)).toBeUndefined()
  })

  it('stores manage tokens only as their SHA-256', async () => {
    const sessionId = await newSession(publishedWorkshop)
    const jana = await book(sessionId, person('Jana Řehořová'))
    const tokens = await test.db
      .selectFrom('registration_tokens')
      .selectAll()
      .where('registration_id', '=', jana.registrationId)
      .where('scope', '=', 'manage')
      .execute()
    expect(tokens).toEqual([
      { token_hash: sha256(jana.token), registration_id: jana.registrationId, scope: 'manage', created_at: now.toISOString() },
    ])
    const everywhere = await test.db.selectFrom('registration_tokens').select('token_hash').execute()
    expect(everywhere.some((t) => t.token_hash.includes(jana.token))).toBe(false)
    const row = await registrationRow(jana.registrationId)
    expect(JSON.stringify(row)).not.toContain(jana.token)
  })
})

/** How each engine says that a CHECK constraint refused a row. */
const CHECK_FAILED = /CHECK constraint failed|violates check constraint/

describe('nothing half-written', () => {
  /** Makes every insert into the outbox fail, inside whatever transaction does it, while fn runs. */
  async function withBrokenOutbox(fn: () => Promise<void>) {
    if (test.engine === 'postgres') {
      await sql`create function outbox_refuses() returns trigger language plpgsql as $$ begin raise exception 'outbox is broken'; end $$`.execute(
        test.db,
      )
      await sql`create trigger outbox_refuses before insert on outbox for each row execute function outbox_refuses()`.execute(
        test.db,
      )
    } else {
      await sql`create trigger outbox_refuses before insert on outbox begin select raise(abort, 'outbox is broken'); end`.execute(
        test.db,
      )
    }
    try {
      await fn()
    } finally {
      await sql`drop trigger outbox_refuses ${sql.raw(test.engine === 'postgres' ? 'on outbox' : '')}`.execute(test.db)
      if (test.engine === 'postgres') await sql`drop function outbox_refuses()`.execute(test.db)
    }
  }

  const tokenCount = async () =>
    Number(
      (
        await test.db
          .selectFrom('registration_tokens')
          .select((eb) => eb.fn.countAll<number>().as('n'))
          .executeTakeFirstOrThrow()
      ).n,
    )

  it('leaves no registration, token or counter change when the e-mail of a booking cannot be queued', async () => {
    const sessionId = await newSession(publishedWorkshop, { capacity: 1 })
    const tokensBefore = await tokenCount()
    await withBrokenOutbox(async () => {
      await expect(register(sessionId, person('Jana Řehořová'))).rejects.toThrow(/outbox is broken/)
    })
    expect(await registrationsOf(sessionId)).toEqual([])
    expect(await tokenCount()).toBe(tokensBefore)
    expect(await sessionRow(sessionId)).toMatchObject({ confirmed_count: 0, waitlisted_count: 0, updated_at: now.toISOString() })

    // The seat is still there for the next person, and the connection is usable again.
    expect((await book(sessionId, person('Jana Řehořová'))).status).toBe('confirmed')
    await withBrokenOutbox(async () => {
      await expect(register(sessionId, person('Tomáš Šťastný'))).rejects.toThrow(/outbox is broken/)
    })
    expect(await expectCountersInStep(sessionId)).toEqual({ confirmed: 1, waitlisted: 0 })
    expect(await registrationsOf(sessionId)).toHaveLength(1)
  })

  it('leaves the booking and the waiting list as they were when a cancellation cannot be queued', async () => {
    const sessionId = await newSession(publishedWorkshop, { capacity: 1 })
    const jana = await book(sessionId, person('Jana Řehořová'))
    const tomas = await book(sessionId, person('Tomáš Šťastný'))
    const outboxBefore = await outboxCount()
    await withBrokenOutbox(async () => {
      await expect(cancel(jana.token)).rejects.toThrow(/outbox is broken/)
    })
    expect(await registrationRow(jana.registrationId)).toMatchObject({
      status: 'confirmed',
      invite_sequence: 0,
      cancelled_at: null,
    })
    expect(await registrationRow(tomas.registrationId)).toMatchObject({ status: 'waitlisted' })
    expect(await expectCountersInStep(sessionId)).toEqual({ confirmed: 1, waitlisted: 1 })
    expect(await outboxCount()).toBe(outboxBefore)
    expect(await cancel(jana.token)).toEqual({ kind: 'cancelled', promoted: 1 })
  })

  it('lets the database refuse a confirmed count above capacity when written directly', async () => {
    const sessionId = await newSession(publishedWorkshop, { capacity: 2 })
    await expect(
      test.db.updateTable('sessions').set({ confirmed_count: 3 }).where('id', '=', sessionId).execute(),
    ).rejects.toThrow(CHECK_FAILED)
    await expect(
      test.db.updateTable('sessions').set({ confirmed_count: -1 }).where('id', '=', sessionId).execute(),
    ).rejects.toThrow(CHECK_FAILED)
    await expect(
      test.db.updateTable('sessions').set({ waitlisted_count: -1 }).where('id', '=', sessionId).execute(),
    ).rejects.toThrow(CHECK_FAILED)
    const { id: _id, ...stored } = await sessionRow(sessionId)
    await expect(
      test.db
        .insertInto('sessions')
        .values({ ...stored, confirmed_count: 3 })
        .execute(),
    ).rejects.toThrow(CHECK_FAILED)
    expect(await sessionRow(sessionId)).toMatchObject({ capacity: 2, confirmed_count: 0, waitlisted_count: 0 })
  })
})
