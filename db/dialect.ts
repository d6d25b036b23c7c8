import { sql, SqliteAdapter, type ColumnDefinitionBuilder, type Kysely } from 'kysely'

/*
 * The one place where SQLite and PostgreSQL differ in DDL. Queries elsewhere stay portable;
 * migrations ask here for the few things the engines spell differently.
 */
export function isSqlite(db: Kysely<any>): boolean {
  return db.getExecutor().adapter instanceof SqliteAdapter
}

export function identity(db: Kysely<any>) {
  return (col: ColumnDefinitionBuilder) =>
    isSqlite(db) ? col.primaryKey().autoIncrement() : col.primaryKey().generatedByDefaultAsIdentity()
}

/*
 * PostgreSQL's data version (decision 015): one row, raised once by every transaction that
 * changed a row of a table that public pages are made from. A deferred constraint trigger
 * raises it at commit, after every other lock the transaction takes, so it cannot deadlock with
 * them; a transaction-local setting makes later rows of the same transaction skip the update.
 * SQLite needs none of this (PRAGMA data_version).
 */
export async function createDataVersion(db: Kysely<any>): Promise<void> {
  if (isSqlite(db)) return
  await sql`create table data_version (id integer primary key check (id = 1), version bigint not null)`.execute(db)
  await sql`insert into data_version (id, version) values (1, 0)`.execute(db)
  await sql`
    create function raise_data_version() returns trigger language plpgsql as $$
    begin
      if current_setting('workshops.data_version_raised', true) is distinct from txid_current()::text then
        update data_version set version = version + 1 where id = 1;
        perform set_config('workshops.data_version_raised', txid_current()::text, true);
      end if;
      return null;
    end $$`.execute(db)
}

/** Every later migration that creates a table that pages show calls this for it. */
export async function trackDataVersion(db: Kysely<any>, table: string): Promise<void> {
  if (isSqlite(db)) return
  await sql`
    create constraint trigger ${sql.id(`${table}_raises_data_version`)}
    after insert or update or delete on ${sql.table(table)}
    deferrable initially deferred for each row execute function raise_data_version()`.execute(db)
}

/** For a table whose rows no shared page shows after all. */
export async function untrackDataVersion(db: Kysely<any>, table: string): Promise<void> {
  if (isSqlite(db)) return
  await sql`drop trigger if exists ${sql.id(`${table}_raises_data_version`)} on ${sql.table(table)}`.execute(db)
}

export async function dropDataVersion(db: Kysely<any>, tables: string[]): Promise<void> {
  if (isSqlite(db)) return
  for (const table of tables)
    await sql`drop trigger if exists ${sql.id(`${table}_raises_data_version`)} on ${sql.table(table)}`.execute(db)
  await sql`drop function if exists raise_data_version()`.execute(db)
  await db.schema.dropTable('data_version').ifExists().execute()
}
