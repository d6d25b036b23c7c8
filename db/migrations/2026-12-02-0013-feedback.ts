import { sql, type Kysely } from 'kysely'

// Frozen in time: written against Kysely<any> so later schema changes never alter it.
export async function up(db: Kysely<any>): Promise<void> {
  // One answer per registration, editable for a while through the person's own link.
  await db.schema
    .createTable('feedback_responses')
    .addColumn('registration_id', 'integer', (c) => c.primaryKey().references('registrations.id').onDelete('cascade'))
    .addColumn('rating', 'integer', (c) => c.notNull().check(sql`rating between 1 and 5`))
    .addColumn('use_in_work', 'text')
    .addColumn('improve', 'text')
    .addColumn('comment', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute()
  // A friendly "we missed you" to people marked absent, with the next dates (on by default).
  await db.schema
    .alterTable('workshops')
    .addColumn('missed_email', 'integer', (c) => c.notNull().defaultTo(1))
    .execute()
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('workshops').dropColumn('missed_email').execute()
  await db.schema.dropTable('feedback_responses').execute()
}
