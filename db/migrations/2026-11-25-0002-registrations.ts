import { sql, type Kysely } from 'kysely'
import { identity } from '../dialect'

// Frozen in time: written against Kysely<any> so later schema changes never alter it.
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('registrations').addColumn('email_normalized', 'text').execute()
  await db.schema
    .alterTable('registrations')
    .addColumn('participant_type', 'text', (c) => c.check(sql`participant_type in ('teacher', 'official', 'other')`))
    .execute()
  await db.schema
    .alterTable('registrations')
    .addColumn('school_level', 'text', (c) => c.check(sql`school_level in ('ms', 'zs', 'ss', 'vos')`))
    .execute()
  await db.schema.alterTable('registrations').addColumn('note', 'text').execute()
  await db.schema
    .alterTable('registrations')
    .addColumn('locale', 'text', (c) => c.notNull().defaultTo('cs'))
    .execute()
  // RFC 5545: one UID per registration for its whole life, SEQUENCE grows with every change.
  await db.schema.alterTable('registrations').addColumn('invite_uid', 'text').execute()
  await db.schema
    .alterTable('registrations')
    .addColumn('invite_sequence', 'integer', (c) => c.notNull().defaultTo(0))
    .execute()
  await db.schema.alterTable('registrations').addColumn('consent_at', 'text').execute()
  await db.schema.alterTable('registrations').addColumn('confirmed_at', 'text').execute()
  await db.schema.alterTable('registrations').addColumn('cancelled_at', 'text').execute()

  await sql`update registrations set email_normalized = lower(email), invite_uid = 'registration-' || id || '@workshops.invalid'`.execute(
    db,
  )

  // One live registration per person and session: the backstop behind the model's own check.
  await db.schema
    .createIndex('registrations_one_per_email')
    .on('registrations')
    .columns(['session_id', 'email_normalized'])
    .unique()
    .where(sql.ref('status'), '<>', 'cancelled')
    .execute()
  await db.schema.createIndex('registrations_email').on('registrations').column('email_normalized').execute()

  // Manage links: several may be valid at once (a repeated booking mails a new one), stored hashed.
  await db.schema
    .createTable('registration_tokens')
    .addColumn('token_hash', 'text', (c) => c.primaryKey())
    .addColumn('registration_id', 'integer', (c) => c.notNull().references('registrations.id').onDelete('cascade'))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute()
  await db.schema.createIndex('registration_tokens_registration').on('registration_tokens').column('registration_id').execute()

  await db.schema
    .createTable('outbox')
    .addColumn('id', 'integer', identity(db))
    .addColumn('idempotency_key', 'text', (c) => c.notNull().unique())
    .addColumn('template', 'text', (c) => c.notNull())
    .addColumn('recipient', 'text', (c) => c.notNull())
    .addColumn('locale', 'text', (c) => c.notNull())
    // What the template needs, as it was when the change happened; cleared once sent, since
    // it may hold a manage link.
    .addColumn('props', 'text')
    .addColumn('message_id', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) =>
      c
        .notNull()
        .defaultTo('pending')
        .check(sql`status in ('pending', 'sending', 'sent', 'failed')`),
    )
    .addColumn('attempts', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('next_attempt_at', 'text', (c) => c.notNull())
    .addColumn('locked_until', 'text')
    .addColumn('last_error', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('sent_at', 'text')
    .execute()
  await db.schema.createIndex('outbox_due').on('outbox').columns(['status', 'next_attempt_at']).execute()

  // Development only: where mail goes when no SMTP server is configured (/dev/mailbox).
  await db.schema
    .createTable('dev_mailbox')
    .addColumn('id', 'integer', identity(db))
    .addColumn('recipient', 'text', (c) => c.notNull())
    .addColumn('subject', 'text', (c) => c.notNull())
    .addColumn('text_body', 'text', (c) => c.notNull())
    .addColumn('html_body', 'text', (c) => c.notNull())
    .addColumn('ics', 'text')
    .addColumn('raw', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute()
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('dev_mailbox').execute()
  await db.schema.dropTable('outbox').execute()
  await db.schema.dropTable('registration_tokens').execute()
  await db.schema.dropIndex('registrations_email').execute()
  await db.schema.dropIndex('registrations_one_per_email').execute()
  for (const column of [
    'cancelled_at',
    'confirmed_at',
    'consent_at',
    'invite_sequence',
    'invite_uid',
    'locale',
    'note',
    'school_level',
    'participant_type',
    'email_normalized',
  ]) {
    await db.schema.alterTable('registrations').dropColumn(column).execute()
  }
}
