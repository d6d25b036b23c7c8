import { existsSync } from 'node:fs'
import { sql, type Kysely, type RawBuilder } from 'kysely'
import { migrateToLatest } from '../../db/migrate'
import { migrations } from '../../db/migrations/index'
import type { DB } from '../../db/schema'
import { planCopy, type CopyPlan } from './plan'
import { describeTables, MIGRATION_TABLES, schemaDifferences, tableNames, type TableInfo } from './schema-info'
import { printableUrl, sameDatabase } from './urls'
import { engineOf, engineOfUrl, openDatabase, sqlitePathFromUrl, writeTransaction, type Engine } from '~/utils/db.server'

/*
 * Copies every row of one database into another, empty one, keeping ids: SQLite to PostgreSQL
 * when a deployment moves, and any other way round. The source is read in one snapshot and the
 * target written in one transaction, so a copy is whole or not there at all.
 */

export type CopyOptions = {
  from: string
  to: string
  log?: (line: string) => void
  /** Rows per insert; tables with binary columns (file chunks of 256 kB) take a few at a time. */
  batchRows?: number
}

export type CopyReport = { tables: { name: string; rows: number }[]; rows: number; ms: number }

/** A copy that was refused before anything was written; the message says what to do. */
export class CopyRefused extends Error {}

type Row = Record<string, unknown>
/** A database or a transaction on it; engineOf() knows only the database. */
type Side = { db: Kysely<DB>; engine: Engine }

const BINARY_BATCH_ROWS = 4
// SQLite takes at most 32766 parameters in a statement; PostgreSQL 65535.
const MAX_PARAMETERS = 30_000

export async function copyDatabase({ from, to, log = () => {}, batchRows = 500 }: CopyOptions): Promise<CopyReport> {
  const started = performance.now()
  if (sameDatabase(from, to)) throw new CopyRefused('The source and the target are the same database.')
  // Opening a SQLite file that is not there would create an empty one and copy nothing.
  if (engineOfUrl(from) === 'sqlite' && !existsSync(sqlitePathFromUrl(from))) {
    throw new CopyRefused(`There is no SQLite database at ${sqlitePathFromUrl(from)}.`)
  }
  const source = openDatabase(from, { poolSize: 1 })
  const target = openDatabase(to, { poolSize: 1 })
  try {
    const tables = await prepareTarget(source, target, { from, to, log })
    const plan = planCopy(tables)
    log(`Copying ${tables.length} tables from ${printableUrl(from)}:`)
    const counts = await inSnapshot(source, (snapshot) =>
      writeTransaction(target, (trx) =>
        copyTables({ db: snapshot, engine: engineOf(source) }, { db: trx, engine: engineOf(target) }, tables, plan, {
          log,
          batchRows,
        }),
      ),
    )
    const report = {
      tables: plan.order.map((name) => ({ name, rows: counts.get(name) ?? 0 })),
      rows: [...counts.values()].reduce((a, b) => a + b, 0),
      ms: Math.round(performance.now() - started),
    }
    log(`Copied ${report.rows} rows in ${report.tables.length} tables; every table's row count matches (${report.ms} ms).`)
    return report
  } finally {
    await Promise.allSettled([source.destroy(), target.destroy()])
  }
}

/** Checks both sides, migrates the target and answers its tables; refuses before anything is written. */
async function prepareTarget(
  source: Kysely<DB>,
  target: Kysely<DB>,
  { from, to, log }: { from: string; to: string; log: (line: string) => void },
): Promise<TableInfo[]> {
  await requireLatestMigrations(source, from)
  // Before migrating, so that a target full of someone's data is not even migrated.
  await requireEmpty(target, await describeTables(target, engineOf(target)))
  const applied = await migrateToLatest(target)
  log(`Target ${printableUrl(to)}: ${applied.length > 0 ? `applied ${applied.length} migrations` : 'schema up to date'}.`)
  const tables = await describeTables(target, engineOf(target))
  const differences = schemaDifferences(await describeTables(source, engineOf(source)), tables)
  if (differences.length > 0) {
    throw new CopyRefused(`The source and the target differ although both are fully migrated:\n  ${differences.join('\n  ')}`)
  }
  return tables
}

/** The copy itself, inside the target's transaction; answers the rows copied per table. */
async function copyTables(
  source: Side,
  target: Side,
  tables: TableInfo[],
  plan: CopyPlan,
  { log, batchRows }: { log: (line: string) => void; batchRows: number },
): Promise<Map<string, number>> {
  // Someone may have written to the target since it was checked.
  await requireEmpty(target.db, tables)
  const byName = new Map(tables.map((t) => [t.name, t]))
  const counts = new Map<string, number>()
  for (const table of plan.order.map((name) => byName.get(name)!)) {
    const deferred = plan.deferred.get(table.name) ?? []
    const rows = await copyTable(source.db, target.db, table, { deferred, batchRows }).catch((error: unknown) => {
      throw new Error(`Copying ${table.name} failed: ${error instanceof Error ? error.message : String(error)}`, { cause: error })
    })
    counts.set(table.name, rows)
    log(`  ${table.name.padEnd(24)} ${String(rows).padStart(8)}`)
  }
  for (const [name, columns] of plan.deferred) await fillDeferred(source.db, target.db, byName.get(name)!, columns, batchRows)
  for (const { name, identity } of tables) if (identity) await carryCounter(source, target, name, identity)
  await verifyCounts(source.db, target.db, counts)
  return counts
}

async function requireLatestMigrations(db: Kysely<DB>, url: string): Promise<void> {
  const known = Object.keys(migrations).sort()
  // A masked password would be typed in as it is; the user knows their own.
  const shown = engineOfUrl(url) === 'postgres' ? '<the source URL>' : url
  const migrate = `DATABASE_URL='${shown}' SEED=none npm run migrate`
  const applied = (await tableNames(db, engineOf(db))).includes(MIGRATION_TABLES[0]!)
    ? (await sql<{ name: string }>`select name from kysely_migration order by name`.execute(db)).rows.map((r) => r.name)
    : []
  const unknown = applied.filter((name) => !known.includes(name))
  if (unknown.length > 0) {
    throw new CopyRefused(
      `The source was migrated by a newer version of the app (${unknown.join(', ')}). Copy it with that version.`,
    )
  }
  const missing = known.filter((name) => !applied.includes(name))
  if (missing.length > 0) {
    throw new CopyRefused(
      `The source is not at the latest migration (${missing.length} of ${known.length} not applied: ${missing.join(', ')}).\n` +
        `Run the migrations on it first:\n  ${migrate}`,
    )
  }
}

async function requireEmpty(db: Kysely<DB>, tables: TableInfo[]): Promise<void> {
  const filled: string[] = []
  for (const { name } of tables) {
    const n = await count(db, name)
    if (n > 0) filled.push(`${name}: ${n}`)
  }
  if (filled.length > 0) {
    throw new CopyRefused(
      `The target already holds data (${filled.join(', ')}). db:copy writes only into an empty database: ` +
        'create a new one, or empty this one yourself if its data is not needed. Nothing was written.',
    )
  }
}

/** Runs fn on a consistent view of the source, whatever the running app writes meanwhile. */
function inSnapshot<T>(db: Kysely<DB>, fn: (snapshot: Kysely<DB>) => Promise<T>): Promise<T> {
  // A SQLite read transaction in WAL mode sees one snapshot from its first read.
  if (engineOf(db) === 'sqlite') return db.transaction().execute(fn)
  return db.transaction().setIsolationLevel('repeatable read').setAccessMode('read only').execute(fn)
}

async function copyTable(
  source: Kysely<DB>,
  target: Kysely<DB>,
  table: TableInfo,
  { deferred, batchRows }: { deferred: string[]; batchRows: number },
): Promise<number> {
  const columns = table.columns.map((c) => c.name)
  let copied = 0
  for await (const rows of readBatches(source, table, batchSize(table, batchRows))) {
    const values = rows.map((row) => columns.map((column) => (deferred.includes(column) ? null : row[column])))
    await sql`insert into ${sql.table(table.name)} (${refs(columns)}) values ${sql.join(values.map((v) => sql`(${sql.join(v)})`))}`.execute(
      target,
    )
    copied += rows.length
  }
  return copied
}

function batchSize(table: TableInfo, batchRows: number): number {
  if (table.columns.some((c) => c.binary)) return Math.min(batchRows, BINARY_BATCH_ROWS)
  return Math.max(1, Math.min(batchRows, Math.floor(MAX_PARAMETERS / table.columns.length)))
}

/**
 * The table's rows in primary-key order, a batch at a time, each batch starting after the last
 * key of the one before (no OFFSET, which rereads everything skipped). A table without a
 * primary key is paged by OFFSET in an order over all its columns, stable within the snapshot.
 */
async function* readBatches(db: Kysely<DB>, table: TableInfo, size: number): AsyncGenerator<Row[]> {
  const columns = table.columns.map((c) => c.name)
  const key = table.primaryKey
  const order = key.length > 0 ? key : table.columns.filter((c) => !c.binary).map((c) => c.name)
  let after: unknown[] | undefined
  for (let offset = 0; ; offset += size) {
    const where = after ? sql`where (${refs(key)}) > (${sql.join(after)})` : sql``
    const page = key.length > 0 ? sql`` : sql`offset ${offset}`
    const { rows } = await sql<Row>`select ${refs(columns)} from ${sql.table(table.name)} ${where}
      order by ${refs(order)} limit ${size} ${page}`.execute(db)
    if (rows.length > 0) yield rows
    if (rows.length < size) return
    if (key.length > 0) after = key.map((k) => rows[rows.length - 1]![k])
  }
}

/** Sets the columns that were copied as null, now that every row they point to exists. */
async function fillDeferred(source: Kysely<DB>, target: Kysely<DB>, table: TableInfo, columns: string[], batchRows: number) {
  for await (const rows of readBatches(source, table, batchSize(table, batchRows))) {
    for (const row of rows) {
      if (columns.every((c) => row[c] === null)) continue
      const set = sql.join(columns.map((c) => sql`${sql.ref(c)} = ${row[c]}`))
      const where = sql.join(
        table.primaryKey.map((k) => sql`${sql.ref(k)} = ${row[k]}`),
        sql` and `,
      )
      await sql`update ${sql.table(table.name)} set ${set} where ${where}`.execute(target)
    }
  }
}

/**
 * Moves the id counter on so that new rows get ids after the copied ones. It goes as far as
 * the source's own counter, not just the largest id left: ids of deleted rows (which the audit
 * log may still name) are not handed out again, as the source would not have.
 */
async function carryCounter(source: Side, target: Side, table: string, column: string): Promise<void> {
  const counter = await readCounter(source, table, column)
  if (target.engine === 'postgres') {
    const highest = sql`greatest(coalesce(max(${sql.ref(column)}), 0), ${counter})`
    // setval(…, false) for an empty table: the next id is then 1, not 2.
    await sql`select setval(pg_get_serial_sequence(${qualified(table)}, ${column}), greatest(${highest}, 1), ${highest} > 0)
      from ${sql.table(table)}`.execute(target.db)
    return
  }
  // SQLite moves sqlite_sequence past every id inserted; only a higher source counter is left to carry.
  if (counter === 0) return
  await sql`update sqlite_sequence set seq = max(seq, ${counter}) where name = ${table}`.execute(target.db)
  await sql`insert into sqlite_sequence (name, seq) select ${table}, ${counter}
    where not exists (select 1 from sqlite_sequence where name = ${table})`.execute(target.db)
}

async function readCounter({ db, engine }: Side, table: string, column: string): Promise<number> {
  const { rows } =
    engine === 'sqlite'
      ? await sql<{ value: number | null }>`select seq as value from sqlite_sequence where name = ${table}`.execute(db)
      : await sql<{ value: number | null }>`
          select pg_sequence_last_value(pg_get_serial_sequence(${qualified(table)}, ${column})::regclass) as value`.execute(db)
  return Number(rows[0]?.value ?? 0)
}

async function verifyCounts(source: Kysely<DB>, target: Kysely<DB>, copied: Map<string, number>): Promise<void> {
  const wrong: string[] = []
  for (const [name, rows] of copied) {
    const [inSource, inTarget] = [await count(source, name), await count(target, name)]
    if (inSource !== rows || inTarget !== rows) wrong.push(`${name}: source ${inSource}, copied ${rows}, target ${inTarget}`)
  }
  if (wrong.length > 0) throw new Error(`Row counts differ after copying, so nothing was kept:\n  ${wrong.join('\n  ')}`)
}

async function count(db: Kysely<DB>, table: string): Promise<number> {
  const { rows } = await sql<{ n: number }>`select count(*) as n from ${sql.table(table)}`.execute(db)
  return Number(rows[0]!.n)
}

const refs = (columns: string[]): RawBuilder<unknown> => sql.join(columns.map((c) => sql.ref(c)))
const qualified = (table: string) => sql`quote_ident(current_schema()) || '.' || quote_ident(${table})`
