import type { Kysely } from 'kysely'
import type { DB, OutboxMessage } from '../../db/schema'
import type { RegistrationEmailProps } from '../../emails'
import { CURRENT_CONSENT_VERSION } from '~/models/consent'
import { parseRegistrationForm, type RegistrationFormData } from '~/models/registration-form.server'
import { createOrganiser, createUser, factories, uniqueSlug, type SessionFields, type WorkshopFields } from './factories'
import { pragueClockTime, pragueDay, testStart } from './clock'
import { manageLinkFromOutbox } from './manage-link'

/*
 * The forms tests post, what the database says afterwards, and the workshop with a bookable
 * session that most tests start from (made through the factories, as production makes it).
 */

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
    // The booking page posts the version of the consent text it showed.
    consentVersion: CURRENT_CONSENT_VERSION,
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
    if (response.status !== 303) throw new Error(`expected the booking answered with 303, got ${response.status}`)
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

/** The admin the fixtures below make workshops and sessions as. */
const fixtureAdmin = (db: Kysely<DB>) =>
  createUser(db, { email: 'spravce.testu@workshopy.invalid', name: 'Správce testů', role: 'admin' })

type BookableSessionOptions = {
  capacity: number
  now?: Date
  /** When the session starts, in days from `now`; it lasts two hours. */
  startsInDays?: number
  online?: boolean
  /** Other fields of the session form, such as a booking window. */
  fields?: SessionFields
}

/**
 * A published workshop with one session that takes bookings now, for tests that book: by
 * default a new organising body's, made by an admin of the tests' own.
 */
export async function createBookableSession(
  db: Kysely<DB>,
  {
    organiserId,
    organiserName = 'Datový portál Libereckého kraje',
    workshop = {},
    ...session
  }: BookableSessionOptions & {
    /** The body the workshop belongs to; a new one (with this name) unless given. */
    organiserId?: number
    organiserName?: string
    workshop?: WorkshopFields
  },
): Promise<{ sessionId: number; workshopId: number; slug: string }> {
  const now = session.now ?? testStart
  const body = organiserId ?? (await createOrganiser(db, { name: organiserName, email: 'portal@kraj.example' }, now))
  const slug = workshop.slug ?? uniqueSlug()
  const staff = await fixtureAdmin(db)
  const workshopId = await factories(() => ({ db, now, staff })).newWorkshop(body, { ...workshop, slug })
  const sessionId = await addBookableSession(db, { workshopId, ...session })
  return { sessionId, workshopId, slug }
}

/** Another session of a workshop, as createBookableSession makes them. */
export async function addBookableSession(
  db: Kysely<DB>,
  {
    workshopId,
    capacity,
    now = testStart,
    startsInDays = 7,
    online = false,
    fields = {},
  }: BookableSessionOptions & { workshopId: number },
): Promise<number> {
  const staff = await fixtureAdmin(db)
  const starts = new Date(now.getTime() + startsInDays * 86_400_000)
  return factories(() => ({ db, now, staff })).newSession(workshopId, {
    ...startAndEnd(starts, 2),
    mode: online ? 'online' : 'place',
    venueName: online ? '' : 'Krajský úřad Libereckého kraje',
    address: online ? '' : 'U Jezu 642/2a, 461 80 Liberec',
    room: online ? '' : 'zasedací místnost 1.15',
    onlineUrl: online ? 'https://meet.example/abc' : '',
    capacity,
    ...fields,
  })
}

/**
 * The form's day and times for a session starting at an instant (to the minute, as the form
 * takes it) and lasting some hours, or until the end of the day: the form keeps a session
 * within one day.
 */
function startAndEnd(starts: Date, hours: number): SessionFields {
  const date = pragueDay(starts)
  const ends = new Date(starts.getTime() + hours * 3_600_000)
  const startTime = pragueClockTime(starts) < '23:59' ? pragueClockTime(starts) : '23:58'
  return { date, startTime, endTime: pragueDay(ends) === date ? pragueClockTime(ends) : '23:59' }
}
