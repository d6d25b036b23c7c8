import { sql, type Kysely } from 'kysely'

// Frozen in time: written against Kysely<any> so later schema changes never alter it.
export async function up(db: Kysely<any>): Promise<void> {
  // One row per kind of job: its lease (who runs it now, until when) and its last run, for
  // the admins' page. The lease is taken with one conditional write, so it holds across
  // processes (and instances, on PostgreSQL).
  await db.schema
    .createTable('job_runs')
    .addColumn('name', 'text', (c) => c.primaryKey())
    .addColumn('lease_holder', 'text')
    .addColumn('lease_until', 'text')
    .addColumn('last_started_at', 'text')
    .addColumn('last_finished_at', 'text')
    .addColumn('last_error', 'text')
    .addColumn('last_items', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('runs', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('items_total', 'integer', (c) => c.notNull().defaultTo(0))
    .execute()

  // What a time-driven job has done about one registration (a reminder queued, or skipped
  // because the person booked after its moment), so no run does it twice and the next run
  // does not look at it again.
  await db.schema
    .createTable('registration_notices')
    .addColumn('registration_id', 'integer', (c) => c.notNull().references('registrations.id').onDelete('cascade'))
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('outcome', 'text', (c) => c.notNull().check(sql`outcome in ('queued', 'skipped')`))
    .addColumn('handled_at', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('registration_notices_pk', ['registration_id', 'kind'])
    .execute()

  // Reminders before a session, in hours, per workshop ('' = none); and what to bring.
  await db.schema
    .alterTable('workshops')
    .addColumn('reminder_hours', 'text', (c) => c.notNull().defaultTo('72,2'))
    .execute()
  await db.schema.alterTable('workshops').addColumn('what_to_bring', 'text').execute()
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('workshops').dropColumn('what_to_bring').execute()
  await db.schema.alterTable('workshops').dropColumn('reminder_hours').execute()
  await db.schema.dropTable('registration_notices').execute()
  await db.schema.dropTable('job_runs').execute()
}
