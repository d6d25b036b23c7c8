import type { Kysely } from 'kysely'

// Frozen in time: written against Kysely<any> so later schema changes never alter it.
export async function up(db: Kysely<any>): Promise<void> {
  // When the person answered "yes, I'm coming" to the e-mail that asks.
  await db.schema.alterTable('registrations').addColumn('coming_confirmed_at', 'text').execute()
  // Per session, off by default: seats not confirmed by the deadline go to the waiting list.
  await db.schema
    .alterTable('sessions')
    .addColumn('release_unconfirmed', 'integer', (c) => c.notNull().defaultTo(0))
    .execute()
  await db.schema
    .alterTable('sessions')
    .addColumn('release_deadline_hours', 'integer', (c) => c.notNull().defaultTo(24))
    .execute()
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('sessions').dropColumn('release_deadline_hours').execute()
  await db.schema.alterTable('sessions').dropColumn('release_unconfirmed').execute()
  await db.schema.alterTable('registrations').dropColumn('coming_confirmed_at').execute()
}
