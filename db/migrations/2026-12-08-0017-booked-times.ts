import { sql, type Kysely } from 'kysely'

// Frozen in time: written against Kysely<any> so later schema changes never alter it.
export async function up(db: Kysely<any>): Promise<void> {
  // The session's time when the person booked (or joined the waiting list): a promotion that
  // comes after a reschedule says the time changed since then, and what it was.
  await db.schema.alterTable('registrations').addColumn('booked_starts_at', 'text').execute()
  await db.schema.alterTable('registrations').addColumn('booked_ends_at', 'text').execute()
  // Existing bookings take the session's time as it is now: nothing older is known.
  await sql`UPDATE registrations SET
      booked_starts_at = (SELECT starts_at FROM sessions WHERE sessions.id = registrations.session_id),
      booked_ends_at = (SELECT ends_at FROM sessions WHERE sessions.id = registrations.session_id)`.execute(db)
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('registrations').dropColumn('booked_ends_at').execute()
  await db.schema.alterTable('registrations').dropColumn('booked_starts_at').execute()
}
