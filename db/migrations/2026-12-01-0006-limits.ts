import { sql, type Kysely } from 'kysely'

// Frozen in time: written against Kysely<any> so later schema changes never alter it.
export async function up(db: Kysely<any>): Promise<void> {
  // Booking limits (per client IP, per IP and session) count here: one row per key and tenth
  // of its window, raised by one conditional upsert, so a check reads at most 11 rows
  // whatever the limit and holds across processes (decision 011).
  await db.schema
    .createTable('rate_limit_counters')
    .addColumn('key', 'text', (c) => c.notNull())
    .addColumn('slice_start', 'text', (c) => c.notNull())
    .addColumn('hits', 'integer', (c) => c.notNull())
    // When the slice stops counting for any window; rows past it are swept as we go.
    .addColumn('expires_at', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('rate_limit_counters_pk', ['key', 'slice_start'])
    .execute()
  await db.schema.createIndex('rate_limit_counters_expires').on('rate_limit_counters').column('expires_at').execute()

  // Sign-in e-mails per address are counted from the links themselves.
  await db.schema.createIndex('login_tokens_email_created').on('login_tokens').columns(['email', 'created_at']).execute()
  // What the outbox sent to one recipient in the last hour, whatever the letter case typed.
  await db.schema.alterTable('outbox').addColumn('recipient_key', 'text').execute()
  await db
    .updateTable('outbox')
    .set({ recipient_key: sql`lower(recipient)` })
    .execute()
  await db.schema.createIndex('outbox_recipient').on('outbox').columns(['recipient_key', 'status', 'sent_at']).execute()
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropIndex('outbox_recipient').execute()
  await db.schema.alterTable('outbox').dropColumn('recipient_key').execute()
  await db.schema.dropIndex('login_tokens_email_created').execute()
  await db.schema.dropTable('rate_limit_counters').execute()
}
