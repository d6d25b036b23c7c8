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
