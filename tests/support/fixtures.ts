import type { Kysely } from 'kysely'
import type { DB } from '../../db/schema'
import { createWorkshop } from '~/models/workshops.server'
import { day, testStart } from './clock'

/** A published workshop with one session that takes bookings now, for tests that book. */
export async function createBookableSession(
  db: Kysely<DB>,
  {
    capacity,
    now = testStart,
    startsInDays = 7,
    online = false,
  }: { capacity: number; now?: Date; startsInDays?: number; online?: boolean },
): Promise<{ sessionId: number; workshopId: number; slug: string }> {
  const iso = now.toISOString()
  const { id: organiserId } = await db
    .insertInto('organisers')
    .values({ name: 'Datový portál Libereckého kraje', email: 'portal@kraj.example', website: null, created_at: iso })
    .returning('id')
    .executeTakeFirstOrThrow()
  const slug = `test-workshop-${Math.random().toString(36).slice(2, 10)}`
  const workshopId = await createWorkshop(
    db,
    {
      slug,
      title: 'Kybernetická bezpečnost na obecním úřadě',
      summary: 'Testovací workshop.',
      descriptionMd: 'Popis.',
      topic: 'cybersecurity',
      audiences: ['official'],
      lengthHours: 2,
      language: 'cs',
      organiserId,
      published: true,
    },
    now,
  )
  const start = new Date(now.getTime() + startsInDays * 86_400_000)
  const { id: sessionId } = await db
    .insertInto('sessions')
    .values({
      workshop_id: workshopId,
      starts_at: start.toISOString(),
      ends_at: new Date(start.getTime() + 2 * 3_600_000).toISOString(),
      venue_name: online ? null : 'Krajský úřad Libereckého kraje',
      address: online ? null : 'U Jezu 642/2a, 461 80 Liberec',
      room: online ? null : 'zasedací místnost 1.15',
      online_url: online ? 'https://meet.example/abc' : null,
      capacity,
      registration_opens_at: null,
      registration_closes_at: null,
      status: 'scheduled',
      created_at: iso,
      updated_at: iso,
    })
    .returning('id')
    .executeTakeFirstOrThrow()
  return { sessionId, workshopId, slug }
}

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
