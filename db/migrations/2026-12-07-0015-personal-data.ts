import { sql, type Kysely } from 'kysely'
import { identity, trackDataVersion, untrackDataVersion } from '../dialect'

// Frozen in time: written against Kysely<any> so later schema changes never alter it.
export async function up(db: Kysely<any>): Promise<void> {
  // Which version of the consent text the person accepted on the booking form, and when the
  // booking lost its personal data (erased by the person, or at the end of retention).
  await db.schema.alterTable('registrations').addColumn('consent_version', 'text').execute()
  await db.schema.alterTable('registrations').addColumn('anonymised_at', 'text').execute()
  // Bookings made so far accepted the first text.
  await sql`update registrations set consent_version = '2026-11-25' where consent_at is not null`.execute(db)

  // The name a certificate's verification page shows, kept apart from the registration so the
  // booking can be anonymised while the certificate stays verifiable for its own retention.
  await db.schema.alterTable('certificates').addColumn('holder_name', 'text').execute()
  await sql`update certificates set holder_name = (select full_name from registrations r where r.id = certificates.registration_id)`.execute(
    db,
  )

  // Feedback outlives the link to the person who gave it: it belongs to the session, and the
  // registration it came from may be cut off (erasure) without losing the answer.
  await db.schema
    .createTable('feedback_responses_v2')
    .addColumn('id', 'integer', identity(db))
    .addColumn('registration_id', 'integer', (c) => c.unique().references('registrations.id').onDelete('set null'))
    .addColumn('session_id', 'integer', (c) => c.notNull().references('sessions.id').onDelete('cascade'))
    .addColumn('rating', 'integer', (c) => c.notNull().check(sql`rating between 1 and 5`))
    .addColumn('use_in_work', 'text')
    .addColumn('improve', 'text')
    .addColumn('comment', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute()
  await sql`
    insert into feedback_responses_v2 (registration_id, session_id, rating, use_in_work, improve, comment, created_at, updated_at)
    select f.registration_id, r.session_id, f.rating, f.use_in_work, f.improve, f.comment, f.created_at, f.updated_at
    from feedback_responses f join registrations r on r.id = f.registration_id
    order by f.created_at, f.registration_id`.execute(db)
  await db.schema.dropTable('feedback_responses').execute()
  await db.schema.alterTable('feedback_responses_v2').renameTo('feedback_responses').execute()
  await db.schema.createIndex('feedback_responses_session').on('feedback_responses').column('session_id').execute()
  await trackDataVersion(db, 'feedback_responses')

  // The audit page's filters (by record, by action) and the erasure's lookup by record.
  await db.schema.createIndex('audit_log_entity').on('audit_log').columns(['entity_type', 'entity_id']).execute()
  await db.schema.createIndex('audit_log_action').on('audit_log').column('action').execute()
  // Staff opening rosters now write audit entries; no shared page shows them, so they must not
  // empty every instance's page cache on PostgreSQL (decision 015).
  await untrackDataVersion(db, 'audit_log')

  // The retention job's lookups: by age.
  await db.schema.createIndex('outbox_sent_at').on('outbox').column('sent_at').execute()
  await db.schema.createIndex('sessions_ends_at').on('sessions').column('ends_at').execute()
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropIndex('sessions_ends_at').execute()
  await trackDataVersion(db, 'audit_log')
  await db.schema.dropIndex('audit_log_action').execute()
  await db.schema.dropIndex('audit_log_entity').execute()
  await db.schema.dropIndex('outbox_sent_at').execute()
  await db.schema
    .createTable('feedback_responses_v1')
    .addColumn('registration_id', 'integer', (c) => c.primaryKey().references('registrations.id').onDelete('cascade'))
    .addColumn('rating', 'integer', (c) => c.notNull().check(sql`rating between 1 and 5`))
    .addColumn('use_in_work', 'text')
    .addColumn('improve', 'text')
    .addColumn('comment', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute()
  // Answers cut off from their person cannot go back: the old table had no place for them.
  await sql`
    insert into feedback_responses_v1 (registration_id, rating, use_in_work, improve, comment, created_at, updated_at)
    select registration_id, rating, use_in_work, improve, comment, created_at, updated_at
    from feedback_responses where registration_id is not null`.execute(db)
  await db.schema.dropTable('feedback_responses').execute()
  await db.schema.alterTable('feedback_responses_v1').renameTo('feedback_responses').execute()
  await trackDataVersion(db, 'feedback_responses')
  await db.schema.alterTable('certificates').dropColumn('holder_name').execute()
  await db.schema.alterTable('registrations').dropColumn('anonymised_at').execute()
  await db.schema.alterTable('registrations').dropColumn('consent_version').execute()
}
