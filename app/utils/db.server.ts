import { mkdirSync } from 'node:fs'
import path from 'node:path'
import Database from 'better-sqlite3'
import { Kysely, PostgresDialect, sql, SqliteDialect, type Transaction } from 'kysely'
import pg from 'pg'
import { isSqlite } from '../../db/dialect'
import type { DB } from '../../db/schema'
import { dataVersions, WriteTrackingPlugin } from './data-version.server'
import { getEnv } from './env.server'
import { singleton } from './singleton.server'
import { FALLBACK_CHECKPOINT_PAGES, startCheckpointer } from './sqlite-checkpointer.server'

export type Db = Kysely<DB> | Transaction<DB>

export type Engine = 'sqlite' | 'postgres'

/** The URL alone chooses the engine: `postgres://…` (or `postgresql://…`) is PostgreSQL, anything else a SQLite file. */
export function engineOfUrl(url: string): Engine {
  return /^postgres(ql)?:\/\//.test(url) ? 'postgres' : 'sqlite'
}

/** Accepts `file:/abs/app.db`, `file:./rel.db`, a plain path, or `:memory:`. */
export function sqlitePathFromUrl(url: string): string {
  if (url === ':memory:' || url === 'file::memory:') return ':memory:'
  if (engineOfUrl(url) === 'postgres') throw new Error('DATABASE_URL points to PostgreSQL, not to a SQLite file.')
  const withoutScheme = url.startsWith('file://') ? url.slice('file://'.length) : url.replace(/^file:/, '')
  const file = withoutScheme.split('?')[0] ?? ''
  if (file === '') throw new Error(`DATABASE_URL "${url}" names no file.`)
  return path.resolve(decodeURIComponent(file))
}

export type OpenOptions = {
  poolSize?: number
  /** SQLite: checkpoint the log from a thread, not inside commits (long-lived processes; decision 025). */
  backgroundCheckpoints?: boolean
}

export function openDatabase(url: string, options: OpenOptions = {}): Kysely<DB> {
  return engineOfUrl(url) === 'postgres' ? openPostgres(url, options) : openSqlite(url, options)
}

function openSqlite(url: string, { backgroundCheckpoints = false }: OpenOptions): Kysely<DB> {
  const file = sqlitePathFromUrl(url)
  if (file !== ':memory:') mkdirSync(path.dirname(file), { recursive: true })
  const sqlite = new Database(file)
  sqlite.pragma('journal_mode = WAL')
  sqlite.pragma('foreign_keys = ON')
  // Another process holding the write lock makes us wait instead of failing at once.
  sqlite.pragma('busy_timeout = 5000')
  sqlite.pragma('synchronous = NORMAL')
  const checkpointed = backgroundCheckpoints && file !== ':memory:'
  if (checkpointed) sqlite.pragma(`wal_autocheckpoint = ${FALLBACK_CHECKPOINT_PAGES}`)
  const plugin = new WriteTrackingPlugin()
  // Kysely opens the connection at the first query and closes it on destroy() only if it did:
  // the thread starts and stops with it, so a handle never queried leaves no thread behind.
  const database = async () => {
    const checkpointer = checkpointed ? startCheckpointer(file) : undefined
    return withStatementCache(sqlite, { onClose: () => void checkpointer?.stop() })
  }
  const db = new Kysely<DB>({ dialect: new SqliteDialect({ database }), plugins: [plugin] })
  // Read on every cached page served: one statement prepared once, where pragma() prepares anew each call.
  const externalVersion = sqlite.prepare('PRAGMA data_version').pluck()
  const source = { plugin, externalVersion: () => externalVersion.get() as number }
  versionSources.set(db, { versions: async () => dataVersions(source) })
  return db
}

/*
 * pg hands back 64-bit integers (count(*), sum()) and numerics as strings, to be safe beyond
 * 2^53. Our counts never come near that, and the models expect numbers as SQLite gives them.
 */
const INT8_OID = 20
const NUMERIC_OID = 1700
const pgTypes = {
  getTypeParser(oid: number, format?: 'text' | 'binary') {
    if (oid === INT8_OID || oid === NUMERIC_OID) return (value: string) => Number(value)
    return pg.types.getTypeParser(oid, format)
  },
} as pg.CustomTypesConfig

function openPostgres(url: string, { poolSize = 10 }: OpenOptions): Kysely<DB> {
  const pool = new pg.Pool({ connectionString: url, max: poolSize, types: pgTypes, application_name: 'workshops' })
  // An idle connection that the server drops must not take the process down with it.
  pool.on('error', (error) => console.error('postgres: idle connection failed', error.message))
  const db = new Kysely<DB>({ dialect: new PostgresDialect({ pool }) })
  versionSources.set(db, { versions: () => postgresVersions(db) })
  return db
}

/*
 * One row that every transaction changing what pages show raises at its commit, in whichever
 * instance (a trigger, db/dialect.ts). Read like any row, it is exactly as new as the data
 * the page is then rendered from (decision 015).
 */
async function postgresVersions(db: Kysely<DB>): Promise<DataVersions> {
  const { rows } = await sql<{ version: number; structure: number }>`
    select version, structure from data_version where id = 1`.execute(db)
  return { data: `pg.${rows[0]?.version ?? 0}`, structure: `pg.s${rows[0]?.structure ?? 0}` }
}

/**
 * `data` changes whenever data in the database may have changed, from this process or another;
 * `structure` likewise, except by seat writes: bookings, cancellations, promotions
 * (data-version.server.ts, and migration 0019 on PostgreSQL).
 */
export type DataVersions = { data: string; structure: string }
type OpenedDatabase = { versions: () => Promise<DataVersions> }
// Shared through globalThis: the server and the Remix build each bundle their own copy of
// this module, but there is one database handle.
const versionSources = singleton('dataVersionSources', () => new WeakMap<Kysely<DB>, OpenedDatabase>())

export function getDataVersions(db: Kysely<DB>): Promise<DataVersions> {
  const source = versionSources.get(db)
  if (!source) throw new Error('getDataVersions needs a database opened with openDatabase()')
  return source.versions()
}

/** Changes whenever data in this database may have changed, from this process or another. */
export async function getDataVersion(db: Kysely<DB>): Promise<string> {
  return (await getDataVersions(db)).data
}

/** Like getDataVersion, but unchanged by seat writes (bookings, cancellations, promotions). */
export async function getStructureVersion(db: Kysely<DB>): Promise<string> {
  return (await getDataVersions(db)).structure
}

/** Which engine a handle (or a transaction on it) talks to, as the migrations ask it. */
export function engineOf(db: Db): Engine {
  return isSqlite(db) ? 'sqlite' : 'postgres'
}

/*
 * Kysely prepares every query anew, and parsing SQL costs more than running these small
 * queries. Queries are built from a handful of shapes with values as parameters, so caching
 * prepared statements by their SQL text is safe and bounded. The one connection is used by
 * one query at a time (Kysely holds a mutex), so a cached statement is never shared mid-use.
 */
function withStatementCache(sqlite: Database.Database, { limit = 500, onClose = () => {} } = {}) {
  const cache = new Map<string, Database.Statement>()
  return {
    prepare(sql: string) {
      const cached = cache.get(sql)
      if (cached) return cached
      // The oldest goes first. The app has far fewer shapes than the limit, so one found is
      // not moved to the end: that would hash each query's SQL twice more on every call.
      if (cache.size >= limit) cache.delete(cache.keys().next().value!)
      const statement = sqlite.prepare(sql)
      cache.set(sql, statement)
      return statement
    },
    close() {
      cache.clear()
      sqlite.close()
      onClose()
    },
  }
}

export function getDb(): Kysely<DB> {
  return singleton('db', () =>
    openDatabase(getEnv().DATABASE_URL, { poolSize: getEnv().DATABASE_POOL_SIZE, backgroundCheckpoints: true }),
  )
}

/**
 * Runs fn in a transaction that holds the write lock from its first statement. Kysely's own
 * transactions start with a deferred BEGIN: when another process writes between our first
 * read and our first write, SQLite fails at once with SQLITE_BUSY instead of waiting. BEGIN
 * IMMEDIATE waits (busy_timeout) for the lock, and every read inside sees the latest data.
 * On PostgreSQL the same lock is a transaction-scoped advisory lock, shared by every instance
 * on the database; at READ COMMITTED each statement after it sees what earlier holders
 * committed, so the models' "we hold the lock, the counts just read are the counts" holds on
 * both engines (decision 015).
 * Never await network I/O inside fn: the connection (and the lock) is held until it returns.
 */
export async function writeTransaction<T>(db: Kysely<DB>, fn: (trx: Kysely<DB>) => Promise<T>): Promise<T> {
  if (engineOf(db) === 'postgres') {
    return db.transaction().execute(async (trx) => {
      await sql`select pg_advisory_xact_lock(${WRITE_LOCK_KEY})`.execute(trx)
      return fn(trx)
    })
  }
  return db.connection().execute(async (connection) => {
    await sql`begin immediate`.execute(connection)
    try {
      const result = await fn(connection)
      await sql`commit`.execute(connection)
      return result
    } catch (error) {
      await sql`rollback`.execute(connection).catch(() => undefined)
      throw error
    }
  })
}

/** The advisory lock that stands for SQLite's one write lock ("wshp" as a number). */
const WRITE_LOCK_KEY = 0x77736870

/** True when the database answers a trivial query (the health check). */
export async function databaseAnswers(db: Kysely<DB>): Promise<boolean> {
  try {
    await sql`select 1`.execute(db)
    return true
  } catch (error) {
    console.error('healthz: database check failed', error)
    return false
  }
}
