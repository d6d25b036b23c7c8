import { mkdirSync } from 'node:fs'
import path from 'node:path'
import Database from 'better-sqlite3'
import { Kysely, sql, SqliteDialect, type Transaction } from 'kysely'
import type { DB } from '../../db/schema'
import { dataVersion, WriteTrackingPlugin, type DataVersionSource } from './data-version.server'
import { getEnv } from './env.server'
import { singleton } from './singleton.server'

export type Db = Kysely<DB> | Transaction<DB>

/** Accepts `file:/abs/app.db`, `file:./rel.db`, a plain path, or `:memory:`. */
export function sqlitePathFromUrl(url: string): string {
  if (url === ':memory:' || url === 'file::memory:') return ':memory:'
  if (/^postgres(ql)?:\/\//.test(url)) {
    throw new Error('DATABASE_URL points to PostgreSQL, which this build does not support yet; use a file: URL.')
  }
  const withoutScheme = url.startsWith('file://') ? url.slice('file://'.length) : url.replace(/^file:/, '')
  const file = withoutScheme.split('?')[0] ?? ''
  if (file === '') throw new Error(`DATABASE_URL "${url}" names no file.`)
  return path.resolve(decodeURIComponent(file))
}

export function openDatabase(url: string): Kysely<DB> {
  const file = sqlitePathFromUrl(url)
  if (file !== ':memory:') mkdirSync(path.dirname(file), { recursive: true })
  const sqlite = new Database(file)
  sqlite.pragma('journal_mode = WAL')
  sqlite.pragma('foreign_keys = ON')
  // Another process holding the write lock makes us wait instead of failing at once.
  sqlite.pragma('busy_timeout = 5000')
  sqlite.pragma('synchronous = NORMAL')
  const plugin = new WriteTrackingPlugin()
  const db = new Kysely<DB>({ dialect: new SqliteDialect({ database: withStatementCache(sqlite) }), plugins: [plugin] })
  versionSources.set(db, { plugin, externalVersion: () => sqlite.pragma('data_version', { simple: true }) as number })
  return db
}

// Shared through globalThis: the server and the Remix build each bundle their own copy of
// this module, but there is one database handle.
const versionSources = singleton('dataVersionSources', () => new WeakMap<Kysely<DB>, DataVersionSource>())

/** Changes whenever data in this database may have changed, from this process or another. */
export function getDataVersion(db: Kysely<DB>): string {
  const source = versionSources.get(db)
  if (!source) throw new Error('getDataVersion needs a database opened with openDatabase()')
  return dataVersion(source)
}

/*
 * Kysely prepares every query anew, and parsing SQL costs more than running these small
 * queries. Queries are built from a handful of shapes with values as parameters, so caching
 * prepared statements by their SQL text is safe and bounded. The one connection is used by
 * one query at a time (Kysely holds a mutex), so a cached statement is never shared mid-use.
 */
function withStatementCache(sqlite: Database.Database, limit = 500) {
  const cache = new Map<string, Database.Statement>()
  return {
    prepare(sql: string) {
      let statement = cache.get(sql)
      if (statement) {
        cache.delete(sql) // re-insert: the Map's order is our LRU order
      } else {
        statement = sqlite.prepare(sql)
        if (cache.size >= limit) cache.delete(cache.keys().next().value!)
      }
      cache.set(sql, statement)
      return statement
    },
    close() {
      cache.clear()
      sqlite.close()
    },
  }
}

export function getDb(): Kysely<DB> {
  return singleton('db', () => openDatabase(getEnv().DATABASE_URL))
}

/**
 * Runs fn in a transaction that holds the write lock from its first statement. Kysely's own
 * transactions start with a deferred BEGIN: when another process writes between our first
 * read and our first write, SQLite fails at once with SQLITE_BUSY instead of waiting. BEGIN
 * IMMEDIATE waits (busy_timeout) for the lock, and every read inside sees the latest data.
 * Never await network I/O inside fn: the one connection is held until it returns.
 */
export async function writeTransaction<T>(db: Kysely<DB>, fn: (trx: Kysely<DB>) => Promise<T>): Promise<T> {
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
