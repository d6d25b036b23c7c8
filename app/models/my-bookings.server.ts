import type { RegistrationStatus } from '../../db/schema'
import type { Db } from '~/utils/db.server'

export type MyBooking = {
  id: number
  status: RegistrationStatus
  workshopTitle: string
  workshopSlug: string
  startsAt: string
  endsAt: string
  place: string | null
  sessionCancelled: boolean
  started: boolean
  hasCertificate: boolean
}

/** Every booking made with this address, upcoming first, then the past ones newest first. */
export async function listMyBookings(db: Db, { email, now }: { email: string; now: Date }): Promise<MyBooking[]> {
  const rows = await db
    .selectFrom('registrations')
    .innerJoin('sessions', 'sessions.id', 'registrations.session_id')
    .innerJoin('workshops', 'workshops.id', 'sessions.workshop_id')
    .select([
      'registrations.id',
      'registrations.status',
      'workshops.title',
      'workshops.slug',
      'sessions.starts_at',
      'sessions.ends_at',
      'sessions.venue_name',
      'sessions.status as session_status',
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
  const nowIso = now.toISOString()
  const bookings = rows.map((r) => ({
    id: r.id,
    status: r.status,
    workshopTitle: r.title,
    workshopSlug: r.slug,
    startsAt: r.starts_at,
    endsAt: r.ends_at,
    place: r.venue_name,
    sessionCancelled: r.session_status === 'cancelled',
    started: r.starts_at <= nowIso,
    hasCertificate: Boolean(r.has_certificate),
  }))
  return [...bookings.filter((b) => !b.started), ...bookings.filter((b) => b.started).reverse()]
}
