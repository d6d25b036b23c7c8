import { sql, type Kysely } from 'kysely'
import { identity } from '../dialect'

// Frozen in time: written against Kysely<any> so later schema changes never alter it.
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('organisers')
    .addColumn('id', 'integer', identity(db))
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('email', 'text', (c) => c.notNull())
    .addColumn('website', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute()

  await db.schema
    .createTable('workshops')
    .addColumn('id', 'integer', identity(db))
    .addColumn('slug', 'text', (c) => c.notNull().unique())
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('summary', 'text', (c) => c.notNull())
    .addColumn('description_md', 'text', (c) => c.notNull())
    .addColumn('topic', 'text', (c) => c.notNull().check(sql`topic in ('data_literacy', 'cybersecurity', 'open_data', 'other')`))
    .addColumn('length_hours', 'real', (c) => c.notNull().check(sql`length_hours > 0`))
    .addColumn('language', 'text', (c) => c.notNull().check(sql`language in ('cs', 'en')`))
    .addColumn('organiser_id', 'integer', (c) => c.notNull().references('organisers.id'))
    .addColumn('published', 'integer', (c) =>
      c
        .notNull()
        .defaultTo(0)
        .check(sql`published in (0, 1)`),
    )
    .addColumn('search_text', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute()

  await db.schema
    .createTable('workshop_audiences')
    .addColumn('workshop_id', 'integer', (c) => c.notNull().references('workshops.id').onDelete('cascade'))
    .addColumn('audience', 'text', (c) =>
      c.notNull().check(sql`audience in ('teacher_ms', 'teacher_zs', 'teacher_ss', 'teacher_vos', 'official', 'public')`),
    )
    .addPrimaryKeyConstraint('workshop_audiences_pk', ['workshop_id', 'audience'])
    .execute()
  await db.schema
    .createIndex('workshop_audiences_audience')
    .on('workshop_audiences')
    .columns(['audience', 'workshop_id'])
    .execute()

  await db.schema
    .createTable('sessions')
    .addColumn('id', 'integer', identity(db))
    .addColumn('workshop_id', 'integer', (c) => c.notNull().references('workshops.id').onDelete('cascade'))
    .addColumn('starts_at', 'text', (c) => c.notNull())
    .addColumn('ends_at', 'text', (c) => c.notNull())
    .addColumn('venue_name', 'text')
    .addColumn('address', 'text')
    .addColumn('room', 'text')
    .addColumn('online_url', 'text')
    .addColumn('capacity', 'integer', (c) => c.notNull().check(sql`capacity > 0`))
    .addColumn('confirmed_count', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('waitlisted_count', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('registration_opens_at', 'text')
    .addColumn('registration_closes_at', 'text')
    .addColumn('status', 'text', (c) =>
      c
        .notNull()
        .defaultTo('scheduled')
        .check(sql`status in ('scheduled', 'cancelled')`),
    )
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addCheckConstraint('sessions_time_order', sql`ends_at > starts_at`)
    .addCheckConstraint('sessions_place', sql`venue_name is not null or online_url is not null`)
    // The backstop against overbooking: whatever the code does, the row cannot say more.
    .addCheckConstraint('sessions_within_capacity', sql`confirmed_count >= 0 and confirmed_count <= capacity`)
    .addCheckConstraint('sessions_waitlist_nonnegative', sql`waitlisted_count >= 0`)
    .execute()
  await db.schema.createIndex('sessions_workshop_start').on('sessions').columns(['workshop_id', 'starts_at']).execute()
  await db.schema.createIndex('sessions_start').on('sessions').columns(['starts_at']).execute()

  await db.schema
    .createTable('registrations')
    .addColumn('id', 'integer', identity(db))
    .addColumn('session_id', 'integer', (c) => c.notNull().references('sessions.id').onDelete('cascade'))
    .addColumn('full_name', 'text', (c) => c.notNull())
    .addColumn('email', 'text', (c) => c.notNull())
    .addColumn('organisation', 'text')
    .addColumn('status', 'text', (c) => c.notNull().check(sql`status in ('confirmed', 'waitlisted', 'cancelled')`))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute()
  await db.schema
    .createIndex('registrations_session_status')
    .on('registrations')
    .columns(['session_id', 'status', 'created_at'])
    .execute()
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const table of ['registrations', 'sessions', 'workshop_audiences', 'workshops', 'organisers']) {
    await db.schema.dropTable(table).execute()
  }
}
