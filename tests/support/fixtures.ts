import type { Kysely } from 'kysely'
import type { DB } from '../../db/schema'
import { day } from './clock'

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
