import { sql, type Kysely } from 'kysely'

// Frozen in time: written against Kysely<any> so later schema changes never alter it.
export async function up(db: Kysely<any>): Promise<void> {
  // A token either manages its booking (the e-mail's link) or only shows it (the link in
  // calendar data, which people share). Every token issued so far was a manage link.
  await db.schema
    .alterTable('registration_tokens')
    .addColumn('scope', 'text', (c) =>
      c
        .notNull()
        .defaultTo('manage')
        .check(sql`scope in ('manage', 'calendar')`),
    )
    .execute()
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.deleteFrom('registration_tokens').where('scope', '=', 'calendar').execute()
  await db.schema.alterTable('registration_tokens').dropColumn('scope').execute()
}
