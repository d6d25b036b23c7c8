import { sql, type Kysely } from 'kysely'
import type { DB } from '../../db/schema'
import type { Engine } from '~/utils/db.server'

/*
 * What the copy needs to know about each table, read from the database itself rather than
 * from a list kept by hand: a migration that adds a table is then copied without anyone
 * remembering to tell this script.
 */

export type ColumnInfo = { name: string; nullable: boolean; binary: boolean }
export type Reference = { column: string; table: string }
export type TableInfo = {
  name: string
  columns: ColumnInfo[]
  primaryKey: string[]
  references: Reference[]
  /** The column whose values a counter hands out (AUTOINCREMENT, identity or serial), if any. */
  identity: string | null
}

/** Kysely's own bookkeeping: migrateToLatest fills these on the target. */
export const MIGRATION_TABLES = ['kysely_migration', 'kysely_migration_lock']
/** Engine bookkeeping that the migrations create with its first row (PostgreSQL's data version, decision 015). */
const BOOKKEEPING_TABLES = [...MIGRATION_TABLES, 'data_version']

export async function tableNames(db: Kysely<DB>, engine: Engine): Promise<string[]> {
  const { rows } =
    engine === 'sqlite'
      ? await sql<{
          name: string
        }>`select name from sqlite_master where type = 'table' and substr(name, 1, 7) <> 'sqlite_'`.execute(db)
      : await sql<{ name: string }>`select tablename as name from pg_tables where schemaname = current_schema()`.execute(db)
  return rows.map((r) => r.name).sort()
}

/** Every table but Kysely's migration tables, in name order. */
export async function describeTables(db: Kysely<DB>, engine: Engine): Promise<TableInfo[]> {
  const names = (await tableNames(db, engine)).filter((name) => !BOOKKEEPING_TABLES.includes(name))
  const describe = engine === 'sqlite' ? describeSqliteTable : describePostgresTable
  const tables: TableInfo[] = []
  for (const name of names) tables.push(await describe(db, name))
  return tables
}

async function describeSqliteTable(db: Kysely<DB>, name: string): Promise<TableInfo> {
  const { rows: columns } = await sql<{ name: string; type: string; notnull: number; pk: number }>`
    select name, type, "notnull", pk from pragma_table_info(${name}) order by cid`.execute(db)
  const { rows: references } = await sql<{ column: string; table: string }>`
    select "from" as "column", "table" from pragma_foreign_key_list(${name})`.execute(db)
  const { rows: created } = await sql<{
    sql: string
  }>`select sql from sqlite_master where type = 'table' and name = ${name}`.execute(db)
  const primaryKey = columns
    .filter((c) => c.pk > 0)
    .sort((a, b) => a.pk - b.pk)
    .map((c) => c.name)
  const rowid = primaryKey.length === 1 ? columns.find((c) => c.name === primaryKey[0] && /^integer$/i.test(c.type)) : undefined
  return {
    name,
    columns: columns.map((c) => ({ name: c.name, nullable: c.notnull === 0 && c.pk === 0, binary: /^blob$/i.test(c.type) })),
    primaryKey,
    references,
    identity: rowid && /\bautoincrement\b/i.test(created[0]?.sql ?? '') ? rowid.name : null,
  }
}

async function describePostgresTable(db: Kysely<DB>, name: string): Promise<TableInfo> {
  const { rows: columns } = await sql<{ name: string; nullable: boolean; type: string; counted: boolean }>`
    select a.attname as name, not a.attnotnull as nullable, format_type(a.atttypid, a.atttypmod) as type,
      pg_get_serial_sequence(quote_ident(n.nspname) || '.' || quote_ident(c.relname), a.attname) is not null as counted
    from pg_attribute a
    join pg_class c on c.oid = a.attrelid
    join pg_namespace n on n.oid = c.relnamespace
    where n.nspname = current_schema() and c.relname = ${name} and a.attnum > 0 and not a.attisdropped
    order by a.attnum`.execute(db)
  const constraintColumns = (type: 'p' | 'f') => sql`
    from pg_constraint k
    join pg_class c on c.oid = k.conrelid
    join pg_namespace n on n.oid = c.relnamespace
    cross join lateral unnest(k.conkey) with ordinality as u(attnum, position)
    join pg_attribute a on a.attrelid = c.oid and a.attnum = u.attnum
    where k.contype = ${type} and n.nspname = current_schema() and c.relname = ${name}`
  const { rows: primaryKey } = await sql<{ name: string }>`
    select a.attname as name ${constraintColumns('p')} order by u.position`.execute(db)
  const { rows: references } = await sql<{ column: string; table: string }>`
    select a.attname as "column", (select r.relname from pg_class r where r.oid = k.confrelid) as "table"
    ${constraintColumns('f')} order by k.conname, u.position`.execute(db)
  return {
    name,
    columns: columns.map((c) => ({ name: c.name, nullable: c.nullable, binary: c.type === 'bytea' })),
    primaryKey: primaryKey.map((c) => c.name),
    references,
    identity: columns.find((c) => c.counted)?.name ?? null,
  }
}

/** Tables or columns one side has and the other lacks, as lines for an error message. */
export function schemaDifferences(source: TableInfo[], target: TableInfo[]): string[] {
  const columnsOf = (tables: TableInfo[]) => new Map(tables.map((t) => [t.name, t.columns.map((c) => c.name)]))
  const [from, to] = [columnsOf(source), columnsOf(target)]
  const missing = (have: Map<string, string[]>, lack: Map<string, string[]>, side: string) =>
    [...have].flatMap(([table, columns]) => {
      const theirs = lack.get(table)
      if (!theirs) return [`table ${table} is missing in the ${side}`]
      return columns.filter((c) => !theirs.includes(c)).map((column) => `column ${table}.${column} is missing in the ${side}`)
    })
  return [...missing(to, from, 'source'), ...missing(from, to, 'target')]
}
