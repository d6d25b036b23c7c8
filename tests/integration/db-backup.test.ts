import { spawn, spawnSync } from 'node:child_process'
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import Database from 'better-sqlite3'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { migrateToLatest } from '../../db/migrate'
import { seedDemoCatalogue } from '../../db/seed/seed-demo'
import { backupSqlite, BackupRefused, defaultBackupPath } from '../../scripts/db-tools/backup'
import { openDatabase } from '~/utils/db.server'
import { testStart } from '../support/clock'

/*
 * npm run db:backup against a SQLite file with the demo catalogue, while another process keeps
 * writing to it as the running app would. Always SQLite, whichever engine the rest of the run uses.
 */

const root = fileURLToPath(new URL('../..', import.meta.url))
const dir = mkdtempSync(path.join(tmpdir(), 'workshops-db-backup-'))
const file = path.join(dir, 'app.db')
const url = `file:${file}`
const MAIN_TABLES = ['workshops', 'sessions', 'registrations', 'users', 'worksheets', 'files']

beforeAll(async () => {
  const db = openDatabase(url)
  await migrateToLatest(db)
  await seedDemoCatalogue(db, testStart)
  await db.destroy()
})

afterAll(() => rmSync(dir, { recursive: true, force: true }))

/**
 * Another process that writes ten audit rows per transaction, transaction after transaction,
 * numbering each transaction in `details`, until it is stopped.
 */
function startWriter() {
  const script = `
    const Database = require('better-sqlite3')
    const db = new Database(process.argv[1])
    db.pragma('journal_mode = WAL')
    db.pragma('busy_timeout = 5000')
    const insert = db.prepare("insert into audit_log (at, action, entity_type, details) values (?, 'test.write', 'test', ?)")
    const write = db.transaction((n) => { for (let i = 0; i < 10; i++) insert.run(new Date().toISOString(), String(n)) })
    let n = 0
    const timer = setInterval(() => write(n++), 1)
    process.on('SIGTERM', () => { clearInterval(timer); db.close(); process.exit(0) })
  `
  const child = spawn(process.execPath, ['-e', script, file], { cwd: root, stdio: ['ignore', 'ignore', 'pipe'] })
  let stderr = ''
  child.stderr.on('data', (data: Buffer) => (stderr += data.toString()))
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)))
  return {
    stop: async () => {
      child.kill('SIGTERM')
      return { code: await exited, stderr }
    },
  }
}

const written = (db: Database.Database) =>
  (db.prepare(`select count(*) as n from audit_log where action = 'test.write'`).get() as { n: number }).n

function countMain(db: Database.Database): Record<string, number> {
  return Object.fromEntries(MAIN_TABLES.map((t) => [t, (db.prepare(`select count(*) as n from ${t}`).get() as { n: number }).n]))
}

async function waitFor(condition: () => boolean, what: string) {
  for (let tries = 0; tries < 3000; tries++) {
    if (condition()) return
    await new Promise((resolve) => setTimeout(resolve, 10))
  }
  throw new Error(`gave up waiting for ${what}`)
}

describe('db:backup', () => {
  it('makes a consistent backup while another process keeps writing, with everything committed before it started', async () => {
    const reader = new Database(file, { readonly: true })
    const writer = startWriter()
    let committedBefore: number
    let report: Awaited<ReturnType<typeof backupSqlite>>
    try {
      await waitFor(() => written(reader) >= 100, 'the writer to commit its first rows')
      committedBefore = written(reader)
      report = await backupSqlite({ from: url, to: path.join(dir, 'backups', 'during-writes.db') })
    } finally {
      const stopped = await writer.stop()
      expect(stopped).toEqual({ code: 0, stderr: '' })
    }
    const demo = countMain(reader)
    reader.close()

    expect(readdirSync(path.join(dir, 'backups'))).toEqual(['during-writes.db'])
    const backup = new Database(report.file, { readonly: true })
    try {
      expect(backup.pragma('integrity_check', { simple: true })).toBe('ok')
      expect(backup.pragma('journal_mode', { simple: true })).toBe('delete')
      const rows = written(backup)
      expect(rows).toBeGreaterThanOrEqual(committedBefore)
      // Whole transactions only, and none missing between them: ten rows each of 0, 1, 2, …
      const transactions = backup
        .prepare(`select details, count(*) as n from audit_log where action = 'test.write' group by details`)
        .all() as { details: string; n: number }[]
      expect(transactions.every((t) => t.n === 10)).toBe(true)
      expect(transactions.map((t) => Number(t.details)).sort((a, b) => a - b)).toEqual([...Array(rows / 10).keys()])
      expect(countMain(backup)).toEqual(demo)
    } finally {
      backup.close()
    }
    expect(report.counts).toEqual(demo)
    expect(report.bytes).toBe(statSync(report.file).size)

    // The app opens it as it is: already at the latest migration.
    const restored = openDatabase(`file:${report.file}`)
    expect(await migrateToLatest(restored)).toEqual([])
    await restored.destroy()
  })

  it('never writes over an existing file', async () => {
    const existing = path.join(dir, 'existing.db')
    writeFileSync(existing, 'yesterday')
    await expect(backupSqlite({ from: url, to: existing })).rejects.toThrow(/already exists/)
    expect(readFileSync(existing, 'utf8')).toBe('yesterday')
  })

  it('refuses PostgreSQL and gives the pg_dump command instead, without the password', async () => {
    const refusal = backupSqlite({ from: 'postgres://workshops:secret@db.example:5432/workshops', to: path.join(dir, 'pg.db') })
    await expect(refusal).rejects.toThrow(BackupRefused)
    await expect(refusal).rejects.toThrow('pg_dump -Fc --file=data/backups/app-')
    await expect(refusal).rejects.toThrow("'postgres://workshops@db.example:5432/workshops'")
    await expect(refusal).rejects.not.toThrow(/secret/)
    expect(existsSync(path.join(dir, 'pg.db'))).toBe(false)
  })

  it('names a backup by the UTC time it was made', () => {
    const day = testStart.toISOString().slice(0, 10).replaceAll('-', '')
    expect(defaultBackupPath(testStart)).toMatch(new RegExp(`^data/backups/app-${day}T\\d{6}Z\\.db$`))
  })

  describe('npm run db:backup', () => {
    const run = (...args: string[]) =>
      spawnSync(process.execPath, ['--import', 'tsx', 'scripts/db-backup.ts', ...args], { cwd: root, encoding: 'utf8' })

    it('prints the size and the main tables’ rows', () => {
      const to = path.join(dir, 'from-the-command-line.db')
      const { status, stdout } = run('--from', url, '--to', to)
      expect(status).toBe(0)
      expect(stdout).toMatch(/integrity check ok/)
      expect(stdout).toMatch(/\d+\.\d MB/)
      expect(stdout).toMatch(/registrations\s+\d+/)
      expect(existsSync(to)).toBe(true)
    })

    it('exits with 1 for PostgreSQL', () => {
      const { status, stderr } = run('--from', 'postgres://workshops@db.example/workshops')
      expect(status).toBe(1)
      expect(stderr).toMatch(/pg_dump -Fc/)
    })
  })
})
