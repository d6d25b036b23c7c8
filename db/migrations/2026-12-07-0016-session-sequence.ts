import type { Kysely } from 'kysely'

// Frozen in time: written against Kysely<any> so later schema changes never alter it.
export async function up(db: Kysely<any>): Promise<void> {
  // The calendar feeds' SEQUENCE: raised with every change of a session (time, place, seats,
  // cancelling), so subscribed calendars take the newest version of the event.
  await db.schema
    .alterTable('sessions')
    .addColumn('sequence', 'integer', (c) => c.notNull().defaultTo(0))
    .execute()
  // The feeds read sessions not yet over: sessions_ends_at (0015) and sessions_workshop_start
  // (0001) already serve them.

  // A person's private calendar feed: the secret in its address is stored only as its SHA-256.
  // No shared page shows these rows, so they do not raise PostgreSQL's data version (decision 015).
  await db.schema
    .createTable('calendar_feeds')
    .addColumn('token_hash', 'text', (c) => c.primaryKey())
    .addColumn('user_id', 'integer', (c) => c.notNull().references('users.id').onDelete('cascade'))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('last_used_at', 'text')
    .execute()
  await db.schema.createIndex('calendar_feeds_user').on('calendar_feeds').column('user_id').execute()
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('calendar_feeds').execute()
  await db.schema.alterTable('sessions').dropColumn('sequence').execute()
}
