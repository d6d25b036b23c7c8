import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { renderEmail, type RegistrationEmailProps } from '../../emails'
import { cancelRegistration, findRegistrationByToken, newManageLink, registerForSession } from '~/models/registrations.server'
import { cancelOnBehalf } from '~/models/organiser-registrations.server'
import { cancelSession } from '~/models/organiser-sessions.server'
import type { SignedInUser } from '~/models/auth.server'
import { atDay } from '../support/clock'
import { createTestDatabase, type TestDatabase } from '../support/database'
import { manageLinkFromOutbox } from '../support/manage-link'
import { createBookableSession, organiserOf, parsedBookingForm } from '../support/fixtures'
import { createUser } from '../support/factories'

/*
 * An online session's meeting link is for people who hold a seat. Everyone else — the waiting
 * list, people whose booking was cancelled, a session that was called off — gets e-mails and
 * invitations without it, in the text, the HTML and the calendar part alike.
 */

const now = atDay(0, '10:00')
const later = atDay(1, '09:00')
const appUrl = 'http://localhost:3000'
const MEETING = 'https://meet.example/abc'

let test: TestDatabase
let sessionId: number
let organiser: SignedInUser

beforeAll(async () => {
  test = await createTestDatabase()
  let workshopId: number
  ;({ sessionId, workshopId } = await createBookableSession(test.db, { capacity: 1, online: true, now }))
  organiser = await createUser(test.db, {
    email: 'lektorka@kraj.example',
    name: null,
    role: 'organiser',
    organiserIds: [await organiserOf(test.db, workshopId)],
  })
})
afterAll(async () => {
  await test.cleanup()
})

const book = (n: number, at = now) =>
  registerForSession(test.db, { sessionId, form: parsedBookingForm(n, {}, now), locale: 'cs', now: at, appUrl })

/** Every e-mail queued for an address, rendered as it will be sent. */
async function mailsTo(n: number) {
  const rows = await test.db
    .selectFrom('outbox')
    .selectAll()
    .where('recipient', '=', `ucastnik.${n}@skola.example`)
    .orderBy('id')
    .execute()
  return rows.map((row) => {
    const rendered = renderEmail(
      row.template as 'registration.confirmed',
      JSON.parse(row.props!) as RegistrationEmailProps,
      'cs',
      now,
    )
    return {
      template: row.template,
      ...rendered,
      all: `${rendered.text}\n${rendered.html}\n${rendered.icalEvent?.content ?? ''}`,
    }
  })
}

describe('the meeting link of an online session', () => {
  it('goes to the confirmed person, never to the waiting list', async () => {
    expect(await book(1)).toMatchObject({ kind: 'registered', status: 'confirmed' })
    expect(await book(2)).toMatchObject({ kind: 'registered', status: 'waitlisted' })

    const [confirmed] = await mailsTo(1)
    expect(confirmed!.template).toBe('registration.confirmed')
    expect(confirmed!.text).toContain(MEETING)
    expect(confirmed!.html).toContain(MEETING)
    expect(confirmed!.icalEvent?.content).toContain(MEETING)

    const [waitlisted] = await mailsTo(2)
    expect(waitlisted!.template).toBe('registration.waitlisted')
    expect(waitlisted!.all).not.toContain('meet.example')
    // The place still says what it is.
    expect(waitlisted!.text).toContain('Online')
  })

  it('is not in the link e-mail a waiting person gets on booking again', async () => {
    expect(await book(2, atDay(0, '10:30'))).toEqual({ kind: 'duplicate' })
    const mails = await mailsTo(2)
    expect(mails.map((m) => m.template)).toEqual(['registration.waitlisted', 'registration.link'])
    expect(mails[1]!.all).not.toContain('meet.example')
  })

  it('moves with the seat: the promoted person gets it, the one who cancelled does not', async () => {
    expect(await book(3, atDay(0, '11:00'))).toMatchObject({ status: 'waitlisted' })
    const first = await test.db
      .selectFrom('registrations')
      .select('id')
      .where('email_normalized', '=', 'ucastnik.1@skola.example')
      .executeTakeFirstOrThrow()
    const link = await newManageLink(test.db, { registrationId: first.id, now, appUrl })
    await cancelRegistration(test.db, { token: link.split('/').pop()!, now: later, appUrl })

    const cancelled = (await mailsTo(1)).at(-1)!
    expect(cancelled.template).toBe('registration.cancelled')
    expect(cancelled.all).not.toContain('meet.example')
    const promoted = (await mailsTo(2)).at(-1)!
    expect(promoted.template).toBe('registration.promoted')
    expect(promoted.text).toContain(MEETING)
    expect(promoted.icalEvent?.content).toContain(MEETING)
  })

  it('is not in a notice that ends the booking: cancelled by the organiser, or the session called off', async () => {
    const second = await test.db
      .selectFrom('registrations')
      .select('id')
      .where('email_normalized', '=', 'ucastnik.2@skola.example')
      .executeTakeFirstOrThrow()
    await cancelOnBehalf(test.db, { registrationId: second.id, user: organiser, now: later, appUrl })
    const byOrganiser = (await mailsTo(2)).at(-1)!
    expect(byOrganiser.template).toBe('registration.cancelled-by-organiser')
    expect(byOrganiser.all).not.toContain('meet.example')

    await cancelSession(test.db, { sessionId, message: '', user: organiser, now: later, appUrl })
    const calledOff = (await mailsTo(3)).at(-1)!
    expect(calledOff.template).toBe('registration.session-cancelled')
    expect(calledOff.all).not.toContain('meet.example')
    // Nor on the manage page of a seat in a session that was called off.
    const link = await manageLinkFromOutbox(test.db, 'ucastnik.3@skola.example')
    const view = await findRegistrationByToken(test.db, link.split('/').pop()!, later)
    expect(view).toMatchObject({ status: 'confirmed', session: { cancelled: true, online: true, onlineUrl: null } })
  })
})
