import { sql, type Kysely } from 'kysely'
import { identity } from '../dialect'

// Frozen in time: written against Kysely<any> so later schema changes never alter it.
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('users')
    .addColumn('id', 'integer', identity(db))
    .addColumn('email', 'text', (c) => c.notNull().unique())
    .addColumn('name', 'text')
    .addColumn('role', 'text', (c) => c.notNull().check(sql`role in ('admin', 'organiser', 'participant')`))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('last_sign_in_at', 'text')
    .execute()

  // Which organising bodies an organiser works for; admins see everything anyway.
  await db.schema
    .createTable('organiser_members')
    .addColumn('user_id', 'integer', (c) => c.notNull().references('users.id').onDelete('cascade'))
    .addColumn('organiser_id', 'integer', (c) => c.notNull().references('organisers.id').onDelete('cascade'))
    .addPrimaryKeyConstraint('organiser_members_pk', ['user_id', 'organiser_id'])
    .execute()

  // Sign-in links: single use, 15 minutes, stored hashed.
  await db.schema
    .createTable('login_tokens')
    .addColumn('token_hash', 'text', (c) => c.primaryKey())
    .addColumn('email', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('expires_at', 'text', (c) => c.notNull())
    .addColumn('used_at', 'text')
    .execute()

  // Server-side sessions: the cookie holds a random id, the table its hash.
  await db.schema
    .createTable('user_sessions')
    .addColumn('id_hash', 'text', (c) => c.primaryKey())
    .addColumn('user_id', 'integer', (c) => c.notNull().references('users.id').onDelete('cascade'))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('expires_at', 'text', (c) => c.notNull())
    .execute()
  await db.schema.createIndex('user_sessions_user').on('user_sessions').column('user_id').execute()

  // Attempts counted per key ("email:…", "ip:…") for rate limits that hold across processes.
  await db.schema
    .createTable('rate_limit_hits')
    .addColumn('key', 'text', (c) => c.notNull())
    .addColumn('at', 'text', (c) => c.notNull())
    .execute()
  await db.schema.createIndex('rate_limit_hits_key_at').on('rate_limit_hits').columns(['key', 'at']).execute()

  await db.schema
    .createTable('audit_log')
    .addColumn('id', 'integer', identity(db))
    .addColumn('at', 'text', (c) => c.notNull())
    .addColumn('actor_user_id', 'integer', (c) => c.references('users.id').onDelete('set null'))
    .addColumn('actor_email', 'text')
    .addColumn('action', 'text', (c) => c.notNull())
    .addColumn('entity_type', 'text', (c) => c.notNull())
    .addColumn('entity_id', 'integer')
    .addColumn('details', 'text')
    .execute()
  await db.schema.createIndex('audit_log_at').on('audit_log').column('at').execute()

  await db.schema.alterTable('sessions').addColumn('cancellation_message', 'text').execute()
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('sessions').dropColumn('cancellation_message').execute()
  for (const table of ['audit_log', 'rate_limit_hits', 'user_sessions', 'login_tokens', 'organiser_members', 'users']) {
    await db.schema.dropTable(table).execute()
  }
}
