import type { Kysely } from 'kysely'

// Frozen in time: written against Kysely<any> so later schema changes never alter it.
export async function up(db: Kysely<any>): Promise<void> {
  // Booking limits (per client IP, per IP and session) and the outbox's per-recipient limit
  // count here: one row per key and fixed window, raised by one conditional upsert, so a
  // check costs the same at any limit and holds across processes (decision 011).
  await db.schema
    .createTable('rate_limit_counters')
    .addColumn('key', 'text', (c) => c.notNull())
    .addColumn('window_start', 'text', (c) => c.notNull())
    .addColumn('hits', 'integer', (c) => c.notNull())
    // When the row stops mattering (the end of the window after its own); swept as we go.
    .addColumn('expires_at', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('rate_limit_counters_pk', ['key', 'window_start'])
    .execute()
  await db.schema.createIndex('rate_limit_counters_expires').on('rate_limit_counters').column('expires_at').execute()

  // Sign-in e-mails per address are counted from the links themselves.
  await db.schema.createIndex('login_tokens_email_created').on('login_tokens').columns(['email', 'created_at']).execute()
  // What the outbox sent to one recipient in the last hour.
  await db.schema.createIndex('outbox_recipient').on('outbox').columns(['recipient', 'status', 'sent_at']).execute()
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropIndex('outbox_recipient').execute()
  await db.schema.dropIndex('login_tokens_email_created').execute()
  await db.schema.dropTable('rate_limit_counters').execute()
}
