import { existsSync, mkdirSync, renameSync, rmSync, statSync } from 'node:fs'
import path from 'node:path'
import Database from 'better-sqlite3'
import { engineOfUrl, sqlitePathFromUrl } from '~/utils/db.server'

/*
 * A consistent copy of the SQLite file while the app keeps running, through SQLite's online
 * backup: copying the file (and its -wal) by hand can catch a write half done.
 */

export type BackupOptions = { from: string; to: string; log?: (line: string) => void }
export type BackupReport = { file: string; bytes: number; counts: Record<string, number> }

/** A backup that was refused before anything was written; the message says what to do instead. */
export class BackupRefused extends Error {}

/** Counted in the backup, as a sign it holds what it should. */
const MAIN_TABLES = ['workshops', 'sessions', 'registrations', 'users', 'worksheets', 'files']
/** sqlite3_backup_step copies at most this many pages per step; better-sqlite3 takes no larger number. */
const ALL_PAGES = 0x7fffffff

/** data/backups/app-20261201T140000Z.db: sorts by time, and names no characters a file system refuses. */
export function defaultBackupPath(now: Date, dir = path.join('data', 'backups')): string {
  const stamp = now
    .toISOString()
    .replace(/\.\d{3}Z$/, 'Z')
    .replace(/[-:]/g, '')
  return path.join(dir, `app-${stamp}.db`)
}

export async function backupSqlite({ from, to, log = () => {} }: BackupOptions): Promise<BackupReport> {
  if (engineOfUrl(from) === 'postgres') throw new BackupRefused(postgresAdvice(from))
  const source = sqlitePathFromUrl(from)
  if (source === ':memory:' || !existsSync(source)) throw new BackupRefused(`There is no SQLite database at ${source}.`)
  if (engineOfUrl(to) === 'postgres')
    throw new BackupRefused('The backup goes to a file: give --to a path such as data/backups/app.db.')
  const file = sqlitePathFromUrl(to)
  if (existsSync(file)) throw new BackupRefused(`${file} already exists; choose another name (a backup never overwrites).`)
  mkdirSync(path.dirname(file), { recursive: true })
  // Written under another name and renamed once checked, so a file with the backup's name is a good backup.
  const partial = `${file}.partial`
  rmSync(partial, { force: true })

  try {
    const db = new Database(source, { fileMustExist: true })
    try {
      db.pragma('busy_timeout = 5000')
      // One step reads every page inside one read transaction: a snapshot, however the app writes
      // meanwhile. In smaller steps, each write from another process would restart the backup.
      await db.backup(partial, { progress: () => ALL_PAGES })
    } finally {
      db.close()
    }
    const counts = checkBackup(partial)
    renameSync(partial, file)
    const report = { file, bytes: statSync(file).size, counts }
    log(`Backed up ${source} to ${file} (${megabytes(report.bytes)}); integrity check ok.`)
    for (const [table, n] of Object.entries(counts)) log(`  ${table.padEnd(16)} ${String(n).padStart(8)}`)
    return report
  } catch (error) {
    rmSync(partial, { force: true })
    throw error
  }
}

/** Opens the backup as a restore would, and counts the main tables; throws unless SQLite finds it whole. */
function checkBackup(file: string): Record<string, number> {
  const db = new Database(file, { fileMustExist: true })
  try {
    // The copy takes the source's WAL mode; one self-contained file is what a backup should be.
    db.pragma('journal_mode = DELETE')
    const problems = db.pragma('integrity_check', { simple: false }) as { integrity_check: string }[]
    if (problems.length !== 1 || problems[0]!.integrity_check !== 'ok') {
      throw new Error(`The backup failed its integrity check:\n  ${problems.map((p) => p.integrity_check).join('\n  ')}`)
    }
    const tables = new Set(
      (db.prepare(`select name from sqlite_master where type = 'table'`).all() as { name: string }[]).map((t) => t.name),
    )
    const counts: Record<string, number> = {}
    for (const table of MAIN_TABLES.filter((t) => tables.has(t))) {
      counts[table] = (db.prepare(`select count(*) as n from "${table}"`).get() as { n: number }).n
    }
    return counts
  } finally {
    db.close()
  }
}

function postgresAdvice(url: string): string {
  const dump = defaultBackupPath(new Date()).replace(/\.db$/, '.dump')
  return [
    'db:backup backs up SQLite files. For PostgreSQL use pg_dump in its custom format, which pg_restore reads:',
    `  pg_dump -Fc --file=${dump} '${withoutPassword(url)}'`,
    'The password comes from PGPASSWORD or ~/.pgpass. Restore into an empty database with',
    `  pg_restore --no-owner --dbname='<URL of the empty database>' ${dump}`,
  ].join('\n')
}

/** Not even masked: a command with *** in it would be run as it is and fail to sign in. */
function withoutPassword(url: string): string {
  try {
    const parsed = new URL(url)
    parsed.password = ''
    return parsed.toString()
  } catch {
    return '<DATABASE_URL>'
  }
}

const megabytes = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(1)} MB`
