import { SqliteAdapter, type ColumnDefinitionBuilder, type Kysely } from 'kysely'

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
