import { spawnSync } from 'node:child_process'
import { existsSync, mkdtempSync, rmSync, statSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { sql } from 'kysely'
import { afterAll, describe, expect, it, vi } from 'vitest'
import { openDatabase } from '~/utils/db.server'
import { FALLBACK_CHECKPOINT_PAGES, startCheckpointer } from '~/utils/sqlite-checkpointer.server'

// Clock-independent: no dates, only file sizes and whether a process ends.
// Always SQLite, whichever engine the rest of the run uses: checkpoints are SQLite's write-ahead
// log (decision 025).

const dir = mkdtempSync(path.join(tmpdir(), 'workshops-checkpoints-'))
afterAll(() => rmSync(dir, { recursive: true, force: true }))

async function until(condition: () => boolean, what: string, timeoutMs = 10_000) {
  const deadline = Date.now() + timeoutMs
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting until ${what}`)
    await new Promise((resolve) => setTimeout(resolve, 20))
  }
}

/** 200 commits of 8 KB each: 1.6 MB of log, well under the server connection's own limit. */
async function writeInSmallCommits(db: ReturnType<typeof openDatabase>) {
  await sql`create table filler (id integer primary key, body text not null)`.execute(db)
  for (let i = 0; i < 200; i++) await sql`insert into filler (body) values (${'x'.repeat(8192)})`.execute(db)
}

describe('SQLite checkpoints in a thread of their own', () => {
  it('copies the log into the database file while the connection only appends, and closes with it', async () => {
    const file = path.join(dir, 'background.db')
    const db = openDatabase(`file:${file}`, { backgroundCheckpoints: true })
    const { rows } = await sql<{ wal_autocheckpoint: number }>`pragma wal_autocheckpoint`.execute(db)
    // The connection itself would checkpoint only after 40 MB: what reaches the file below is the thread's.
    expect(rows[0]!.wal_autocheckpoint).toBe(FALLBACK_CHECKPOINT_PAGES)

    await writeInSmallCommits(db)
    await until(() => statSync(file).size >= 1_600_000, 'the database file holds the 1.6 MB written')

    await db.destroy()
    // SQLite removes the log when its last connection closes: the thread's closed too.
    await until(() => !existsSync(`${file}-wal`), 'the log is gone after closing')
  })

  it('leaves checkpoints to the connection when not asked for a thread (scripts, tests)', async () => {
    const file = path.join(dir, 'inline.db')
    const db = openDatabase(`file:${file}`)
    const { rows } = await sql<{ wal_autocheckpoint: number }>`pragma wal_autocheckpoint`.execute(db)
    expect(rows[0]!.wal_autocheckpoint).toBe(1000)
    await writeInSmallCommits(db)
    // 1.6 MB is some 600 pages, under the default of 1,000: nothing has reached the file yet.
    expect(statSync(file).size).toBeLessThan(1_000_000)
    await db.destroy()
    expect(statSync(file).size).toBeGreaterThanOrEqual(1_600_000)
  })

  it('lets a process end by itself: a handle never queried, one destroyed, one never destroyed', () => {
    const script = `
      import { sql } from 'kysely'
      import { openDatabase } from './app/utils/db.server.ts'
      const open = (name) => openDatabase('file:' + ${JSON.stringify(dir)} + '/' + name, { backgroundCheckpoints: true })
      await open('never-queried.db').destroy()
      const destroyed = open('destroyed.db')
      await sql\`create table t (x integer)\`.execute(destroyed)
      await destroyed.destroy()
      await sql\`create table t (x integer)\`.execute(open('left-open.db'))
      console.log('end of script')`
    const child = spawnSync(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], {
      encoding: 'utf8',
      timeout: 15_000,
    })
    expect(child.stderr).toBe('')
    expect(child.stdout).toContain('end of script')
    // A thread left running would hold the process until the timeout killed it.
    expect(child.signal).toBeNull()
    expect(child.status).toBe(0)
  })

  it('makes no empty database where the file has gone, says so once and stops', async () => {
    const errors = vi.spyOn(console, 'error').mockImplementation(() => undefined)
    try {
      const file = path.join(dir, 'gone.db')
      const checkpointer = startCheckpointer(file, { intervalMs: 10 })
      await new Promise((resolve) => setTimeout(resolve, 300))
      await checkpointer.stop()
      expect(existsSync(file)).toBe(false)
      expect(errors).toHaveBeenCalledTimes(1)
      expect(String(errors.mock.calls[0]![0])).toMatch(/background checkpoints stopped/)
    } finally {
      errors.mockRestore()
    }
  })
})
