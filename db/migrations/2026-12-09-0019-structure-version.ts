import { sql, type Kysely } from 'kysely'
import { isSqlite } from '../dialect'

// Frozen in time: written against Kysely<any> so later schema changes never alter it.

/*
 * PostgreSQL's structure version beside its data version (issue 16, decision 024): raised
 * like the data version, except by seat writes, which change nothing a shared page shows but
 * seat counts: rows of registrations and registration_tokens, and updates of a session that
 * change only its counters. The SQLite write tracking (app/utils/data-version.server.ts)
 * draws the same line; tests/integration/data-version.test.ts holds the two engines equal.
 */
export async function up(db: Kysely<any>): Promise<void> {
  if (isSqlite(db)) return
  await sql`alter table data_version add column structure bigint not null default 0`.execute(db)
  await sql`
    create or replace function raise_data_version() returns trigger language plpgsql as $$
    declare
      seats_only boolean := tg_table_name in ('registrations', 'registration_tokens')
        or (tg_table_name = 'sessions' and tg_op = 'UPDATE'
            and to_jsonb(new) - 'confirmed_count' - 'waitlisted_count' - 'updated_at'
              = to_jsonb(old) - 'confirmed_count' - 'waitlisted_count' - 'updated_at');
    begin
      if current_setting('workshops.data_version_raised', true) is distinct from txid_current()::text then
        update data_version set version = version + 1 where id = 1;
        perform set_config('workshops.data_version_raised', txid_current()::text, true);
      end if;
      if not seats_only and current_setting('workshops.structure_raised', true) is distinct from txid_current()::text then
        update data_version set structure = structure + 1 where id = 1;
        perform set_config('workshops.structure_raised', txid_current()::text, true);
      end if;
      return null;
    end $$`.execute(db)
}

export async function down(db: Kysely<any>): Promise<void> {
  if (isSqlite(db)) return
  await sql`
    create or replace function raise_data_version() returns trigger language plpgsql as $$
    begin
      if current_setting('workshops.data_version_raised', true) is distinct from txid_current()::text then
        update data_version set version = version + 1 where id = 1;
        perform set_config('workshops.data_version_raised', txid_current()::text, true);
      end if;
      return null;
    end $$`.execute(db)
  await sql`alter table data_version drop column structure`.execute(db)
}
