import type { RegistrationStatus } from '../../db/schema'
import type { Db } from '~/utils/db.server'
import { bookedSessionView, sessionsWithWorkshop, type BookedSession } from './registrations.server'
import { worksheetsForRegistration } from './worksheets.server'

export type MyBooking = {
  id: number
  status: RegistrationStatus
  session: BookedSession
  hasCertificate: boolean
}

export type MyBookingsPage = {
  bookings: MyBooking[]
  /** Worksheets of every workshop booked, once each, as far as each booking allows. */
  worksheets: { id: number; title: string; detail: string }[]
}

/** Every booking made with this address, upcoming first, then the past ones newest first. */
export async function getMyBookings(db: Db, { email, now }: { email: string; now: Date }): Promise<MyBookingsPage> {
  const rows = await sessionsWithWorkshop(db)
    .innerJoin('registrations', 'registrations.session_id', 'sessions.id')
    .select([
      'registrations.id as registration_id',
      'registrations.status as registration_status',
      (eb) =>
        eb
          .exists(
            eb
              .selectFrom('certificates')
              .select('certificates.id')
              .whereRef('certificates.registration_id', '=', 'registrations.id')
              .where('certificates.revoked_at', 'is', null),
          )
          .as('has_certificate'),
    ])
    .where('registrations.email_normalized', '=', email.toLowerCase())
    .orderBy('sessions.starts_at')
    .execute()
  const all = rows.map((r) => ({
    id: r.registration_id,
    status: r.registration_status,
    session: bookedSessionView(r, r.registration_status, now),
    hasCertificate: Boolean(r.has_certificate),
  }))
  const bookings = [...all.filter((b) => !b.session.started), ...all.filter((b) => b.session.started).reverse()]

  const worksheets = new Map<number, MyBookingsPage['worksheets'][number]>()
  for (const booking of bookings.filter((b) => b.status !== 'cancelled')) {
    for (const w of await worksheetsForRegistration(db, booking.id))
      worksheets.set(w.id, { id: w.id, title: w.title, detail: w.workshopTitle })
  }
  return { bookings, worksheets: [...worksheets.values()] }
}

/** What the booking form starts with for someone signed in; every field stays theirs to change. */
export type BookingPrefill = {
  fullName: string
  email: string
  organisation: string
  participantType: string
  schoolLevel: string
}

/**
 * The booking form filled in from the account: its address, and its name, or else the name,
 * organisation and kind of participant of the person's latest booking with that address
 * (accounts made by signing in have no name of their own).
 */
export async function bookingPrefill(db: Db, user: { email: string; name: string | null }): Promise<BookingPrefill> {
  const latest = await db
    .selectFrom('registrations')
    .select(['full_name', 'organisation', 'participant_type', 'school_level'])
    .where('email_normalized', '=', user.email.toLowerCase())
    .where('anonymised_at', 'is', null)
    .orderBy('created_at', 'desc')
    .orderBy('id', 'desc')
    .executeTakeFirst()
  return {
    fullName: user.name || latest?.full_name || '',
    email: user.email,
    organisation: latest?.organisation ?? '',
    participantType: latest?.participant_type ?? '',
    schoolLevel: latest?.school_level ?? '',
  }
}
