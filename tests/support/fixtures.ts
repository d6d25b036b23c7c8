import type { Kysely } from 'kysely'
import type { DB, OutboxMessage } from '../../db/schema'
import type { RegistrationEmailProps } from '../../emails'
import { expect } from 'vitest'
import { parseRegistrationForm, type RegistrationFormData } from '~/models/registration-form'
import { day, testStart } from './clock'
import { manageLinkFromOutbox } from './manage-link'

/* The forms tests post, and what the database says afterwards. */

/** What the database says about a session's bookings, counted from the rows themselves. */
export async function bookingTally(db: Kysely<DB>, sessionId: number) {
  const rows = await db.selectFrom('registrations').select(['status']).where('session_id', '=', sessionId).execute()
  const session = await db
    .selectFrom('sessions')
    .select(['capacity', 'confirmed_count', 'waitlisted_count'])
    .where('id', '=', sessionId)
    .executeTakeFirstOrThrow()
  return {
    confirmed: rows.filter((r) => r.status === 'confirmed').length,
    waitlisted: rows.filter((r) => r.status === 'waitlisted').length,
    cancelled: rows.filter((r) => r.status === 'cancelled').length,
    ...session,
  }
}

export function bookingForm(n: number, overrides: Record<string, string> = {}): URLSearchParams {
  return new URLSearchParams({
    fullName: `Účastník Číslo ${n}`,
    email: `ucastnik.${n}@skola.example`,
    participantType: 'official',
    schoolLevel: '',
    organisation: 'Obecní úřad Chrastava',
    note: '',
    consent: 'yes',
    ...overrides,
  })
}

/** bookingForm(n) as the booking page's action parses it; a form it refuses throws. */
export function parsedBookingForm(n: number, overrides: Record<string, string> = {}, now = testStart): RegistrationFormData {
  const form = new FormData()
  for (const [name, value] of bookingForm(n, overrides)) form.append(name, value)
  const parsed = parseRegistrationForm(form, now)
  if (!parsed.ok) throw new Error(`booking form ${n} refused: ${JSON.stringify(parsed.errors)}`)
  return parsed.data
}

/** The organising body a workshop belongs to. */
export async function organiserOf(db: Kysely<DB>, workshopId: number): Promise<number> {
  const row = await db.selectFrom('workshops').select('organiser_id').where('id', '=', workshopId).executeTakeFirstOrThrow()
  return row.organiser_id
}

/** The organiser's session form as a browser posts it: a place, 20 seats, 40 days ahead. */
export function sessionFormFields(changes: Record<string, string> = {}): Record<string, string> {
  return {
    date: day(40),
    startTime: '09:00',
    endTime: '12:00',
    mode: 'place',
    venueName: 'Krajský úřad Libereckého kraje',
    address: '',
    room: '',
    onlineUrl: '',
    capacity: '20',
    opensDate: '',
    opensTime: '',
    closesDate: '',
    closesTime: '',
    lecturer: '',
    message: '',
    ...changes,
  }
}

/** What a registration e-mail in the outbox was queued with. */
export const propsOf = (message: OutboxMessage) => JSON.parse(message.props ?? 'null') as RegistrationEmailProps

/** The rows tests read back, from whichever database the file has open at the time of the call. */
export function rowsOf(db: () => Kysely<DB>) {
  return {
    sessionRow: (id: number) => db().selectFrom('sessions').selectAll().where('id', '=', id).executeTakeFirstOrThrow(),
    registrationRow: (id: number) => db().selectFrom('registrations').selectAll().where('id', '=', id).executeTakeFirstOrThrow(),
    outboxCount: async () =>
      Number(
        (
          await db()
            .selectFrom('outbox')
            .select((eb) => eb.fn.countAll<number>().as('n'))
            .executeTakeFirstOrThrow()
        ).n,
      ),
    /** The audit entries written after the one with this id, oldest first. */
    auditSince: (id: number) =>
      db()
        .selectFrom('audit_log')
        .select(['action', 'actor_email', 'entity_type', 'entity_id', 'details'])
        .where('id', '>', id)
        .orderBy('id')
        .execute(),
  }
}

/**
 * Booking over HTTP as the booking form posts it (bookingForm(n) with the overrides, which
 * name the address), against whichever server and database the file has running. Answers the
 * registration and the manage link e-mailed for it.
 */
export function bookingsOverHttp(context: () => { serverUrl: string; db: Kysely<DB> }) {
  return async function book(sessionId: number, n: number, overrides: Record<string, string> & { email: string }) {
    const { serverUrl, db } = context()
    const response = await fetch(`${serverUrl}/sessions/${sessionId}/book`, {
      method: 'POST',
      body: bookingForm(n, overrides),
      redirect: 'manual',
    })
    expect(response.status).toBe(303)
    await response.body?.cancel()
    const row = await db
      .selectFrom('registrations')
      .select(['id', 'status'])
      .where('session_id', '=', sessionId)
      .where('email_normalized', '=', overrides.email.toLowerCase())
      .executeTakeFirstOrThrow()
    return { ...row, manageUrl: await manageLinkFromOutbox(db, overrides.email) }
  }
}
