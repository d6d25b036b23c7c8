// Clock-independent: db:copy moves rows and files as they are, computing nothing from the clock.
import { spawnSync } from 'node:child_process'
import { createHash, randomBytes } from 'node:crypto'
import { existsSync, mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { Migrator, sql, type Kysely } from 'kysely'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { migrateToLatest } from '../../db/migrate'
import { migrations } from '../../db/migrations/index'
import type { DB } from '../../db/schema'
import { seedDemoCatalogue } from '../../db/seed/seed-demo'
import { copyDatabase, CopyRefused } from '../../scripts/db-tools/copy'
import { closeAttendance, markAttendance, type AttendanceStatus } from '~/models/attendance.server'
import { requestSignIn, type SignedInUser } from '~/models/auth.server'
import { replaceWorksheetFile } from '~/models/worksheets.server'
import { openDatabase, type Engine } from '~/utils/db.server'
import { FileTooLarge, readStream, storeStream } from '~/utils/file-store.server'
import { atDay } from '../support/clock'
import { createOrganiser, createStaff, emailOf, factories, uploadWorksheet } from '../support/factories'
import { createPostgresDatabase } from '../support/database'
import { createBookableSession } from '../support/fixtures'

/*
 * npm run db:copy against real databases: a SQLite file with the demo catalogue, bookings,
 * attendance, certificates and worksheet files is copied into a new SQLite file always, and
 * into a new PostgreSQL database when TEST_POSTGRES_URL names a server. The source is made
 * explicitly on SQLite, whichever engine the rest of the run uses.
 */

const postgresServer = process.env.TEST_POSTGRES_URL
if (!postgresServer) {
  console.warn(
    'PostgreSQL: skipped the db:copy tests into PostgreSQL (tests/integration/db-copy.test.ts). ' +
      'Set TEST_POSTGRES_URL=postgres://user@host:port/db to run them.',
  )
}
const targetEngines: Engine[] = postgresServer ? ['sqlite', 'postgres'] : ['sqlite']

/** Bookings are made a day before the test clock's today; the session is a week after them. */
const now = atDay(-1, '10:00')
const appUrl = 'http://localhost:3000'

const dir = mkdtempSync(path.join(tmpdir(), 'workshops-db-copy-'))
const droppers: (() => Promise<void>)[] = []
let source: { url: string; sessionId: number; admin: SignedInUser }

beforeAll(async () => {
  source = await createSource()
})

afterAll(async () => {
  for (const drop of droppers) await drop()
  rmSync(dir, { recursive: true, force: true })
})

/** A new, empty database of an engine, dropped when the file ends. */
async function newDatabase(engine: Engine): Promise<string> {
  if (engine === 'sqlite') return `file:${path.join(dir, `${randomBytes(4).toString('hex')}.db`)}`
  const created = await createPostgresDatabase()
  droppers.push(created.remove)
  return created.url
}

async function withDatabase<T>(url: string, fn: (db: Kysely<DB>) => Promise<T>): Promise<T> {
  const db = openDatabase(url)
  try {
    return await fn(db)
  } finally {
    await db.destroy()
  }
}

/**
 * The demo catalogue, and on a workshop of its own: a session booked beyond its three seats
 * (so people wait), a walk-in, attendance marked and closed (certificates, e-mails in the
 * outbox), a worksheet whose file was replaced by one of several chunks, an upload refused as
 * too large, and sign-in requests.
 */
async function createSource() {
  const url = await newDatabase('sqlite')
  return withDatabase(url, async (db) => {
    await migrateToLatest(db)
    await seedDemoCatalogue(db, now)
    const { admin } = await createStaff(db, now)
    const { book, walkIn } = factories(() => ({ db, now, appUrl, staff: admin }))
    const { sessionId, workshopId } = await createBookableSession(db, { capacity: 3, now })
    const people = ['Jana Řehořová', 'Petr Dvořák', 'Eva Malá', 'Tomáš Veselý', 'Lucie Černá']
    const booked = []
    for (const name of people) booked.push(await book(sessionId, name))
    const walkInId = await walkIn(sessionId, 'Karel Hrubý')
    const marks: [number, AttendanceStatus][] = [
      [booked[0]!.registrationId, 'present'],
      [booked[1]!.registrationId, 'late'],
      [booked[2]!.registrationId, 'absent'],
      [walkInId, 'present'],
    ]
    for (const [registrationId, attendance] of marks) {
      const marked = await markAttendance(db, { sessionId, registrationId, attendance, user: admin, now, appUrl })
      expect(marked.kind).toBe('marked')
    }
    expect(await closeAttendance(db, { sessionId, user: admin, now, appUrl, unmarked: 'leave' })).toMatchObject({
      kind: 'closed',
      issued: 3,
    })

    const worksheetId = await uploadWorksheet(db, { workshopId, title: 'Data kraje', visibility: 'public', user: admin, now })
    // Text of about 1.5 MB in pieces as an upload streams in: the file store keeps it in several chunks.
    const text = Buffer.from(randomBytes(1_100_000).toString('base64'))
    const pieces = async function* () {
      for (let at = 0; at < text.length; at += 64 * 1024) yield text.subarray(at, at + 64 * 1024)
    }
    const stored = await storeStream(db, pieces(), { maxBytes: text.length, now })
    const file = { ...stored, originalName: 'data-kraje.csv', contentType: 'text/csv' }
    expect(await replaceWorksheetFile(db, { worksheetId, file, user: admin, now })).toEqual({ kind: 'done' })
    // The last upload is refused as too large: its file row is deleted, its id stays used.
    await expect(storeStream(db, pieces(), { maxBytes: 1000, now })).rejects.toThrow(FileTooLarge)

    // Sign-in requests from one school's address: identical rows in a table without a primary key.
    for (const name of people) {
      const asked = await requestSignIn(db, { email: emailOf(name), ip: '192.0.2.10', locale: 'cs', now, appUrl })
      expect(asked.kind).toBe('sent')
    }
    return { url, sessionId, admin }
  })
}

type Row = Record<string, unknown>

async function* oneChunk(text: string) {
  yield Buffer.from(text)
}

/** Every row of every table but Kysely's, in one order whatever order the engine answers in. */
async function dump(url: string): Promise<Record<string, Row[]>> {
  return withDatabase(url, async (db) => {
    const tables: Record<string, Row[]> = {}
    // PostgreSQL's data_version counts commits (decision 015): bookkeeping, not data to copy.
    for (const { name } of (await db.introspection.getTables()).filter((t) => t.name !== 'data_version')) {
      const { rows } = await sql<Row>`select * from ${sql.table(name)}`.execute(db)
      // Bytes as text: compared at once, where a deep comparison of megabytes goes byte by byte.
      for (const row of rows)
        for (const [k, v] of Object.entries(row)) if (Buffer.isBuffer(v)) row[k] = `bytes:${v.toString('base64')}`
      const key = (row: Row) =>
        JSON.stringify(
          Object.keys(row)
            .sort()
            .map((k) => row[k]),
        )
      tables[name] = rows
        .map((row) => ({ key: key(row), row }))
        .sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0))
        .map((r) => r.row)
    }
    return tables
  })
}

function expectSameRows(copy: Record<string, Row[]>, original: Record<string, Row[]>) {
  expect(Object.keys(copy).sort()).toEqual(Object.keys(original).sort())
  for (const [table, rows] of Object.entries(original)) expect(copy[table], table).toEqual(rows)
}

/** Each worksheet version's file as the download reads it: its SHA-256 and size. */
async function worksheetFiles(url: string) {
  return withDatabase(url, async (db) => {
    const versions = await db.selectFrom('worksheet_versions').select(['id', 'file_id', 'sha256', 'size']).orderBy('id').execute()
    const files = []
    for (const version of versions) {
      const hash = createHash('sha256')
      let size = 0
      const reader = readStream(db, version.file_id).getReader()
      for (let part = await reader.read(); !part.done; part = await reader.read()) {
        hash.update(part.value)
        size += part.value.byteLength
      }
      files.push({ ...version, read: { sha256: hash.digest('hex'), size } })
    }
    return files
  })
}

const maxId = (db: Kysely<DB>, table: 'registrations' | 'organisers' | 'files') =>
  db
    .selectFrom(table)
    .select((eb) => eb.fn.max('id').as('id'))
    .executeTakeFirstOrThrow()
    .then((row) => Number(row.id))

for (const engine of targetEngines) {
  describe(`db:copy from SQLite into ${engine}`, () => {
    it('copies every row of every table with its id and values, and every file byte for byte', async () => {
      const target = await newDatabase(engine)
      // Small batches, so that every table of more than a few rows is read and written in several.
      const report = await copyDatabase({ from: source.url, to: target, batchRows: 7 })

      const original = await dump(source.url)
      expectSameRows(await dump(target), original)
      expect(report.rows).toBe(Object.values(original).reduce((sum, rows) => sum + rows.length, 0))
      expect(original.certificates).toHaveLength(3)
      expect(original.rate_limit_hits).toHaveLength(5)
      expect(original.file_chunks!.length).toBeGreaterThan(original.files!.length)

      const files = await worksheetFiles(target)
      expect(files).toEqual(await worksheetFiles(source.url))
      for (const file of files) expect(file.read).toEqual({ sha256: file.sha256, size: file.size })
    })

    it('gives rows added to the copy ids after those the source handed out', async () => {
      const target = await newDatabase(engine)
      await copyDatabase({ from: source.url, to: target })
      const before = await withDatabase(source.url, async (db) => ({
        registration: await maxId(db, 'registrations'),
        organiser: await maxId(db, 'organisers'),
        file: await maxId(db, 'files'),
      }))

      await withDatabase(target, async (db) => {
        const { book } = factories(() => ({ db, now, appUrl, staff: source.admin }))
        const booking = await book(source.sessionId, 'Nová Účastnice')
        expect(booking.registrationId).toBe(before.registration + 1)
        const organiserId = await createOrganiser(
          db,
          { name: 'Město Jablonec nad Nisou', email: 'vzdelavani@jablonec.example' },
          now,
        )
        expect(organiserId).toBe(before.organiser + 1)
        // The refused upload had the id after the last file: it is not handed out again, as SQLite would not.
        const { fileId } = await storeStream(db, oneChunk('a,b\n'), { maxBytes: 100, now })
        expect(fileId).toBe(before.file + 2)
      })
    })

    it('refuses to copy into a database that holds rows, and leaves it as it was', async () => {
      const target = await newDatabase(engine)
      await copyDatabase({ from: source.url, to: target })
      const copied = await dump(target)

      const again = copyDatabase({ from: source.url, to: target })
      await expect(again).rejects.toThrow(CopyRefused)
      await expect(again).rejects.toThrow(/already holds data \(.*registrations: \d+.*\)/)
      expectSameRows(await dump(target), copied)
    })

    it('copies the copy back into SQLite unchanged, id counters included', async () => {
      const target = await newDatabase(engine)
      await copyDatabase({ from: source.url, to: target })
      const back = await newDatabase('sqlite')
      await copyDatabase({ from: target, to: back })
      expectSameRows(await dump(back), await dump(source.url))
      // The id counters too, including the one past the last file (an upload refused as too large).
      const counters = (url: string) =>
        withDatabase(url, async (db) => (await sql`select name, seq from sqlite_sequence order by name`.execute(db)).rows)
      expect(await counters(back)).toEqual(await counters(source.url))
    })

    it('copies a reference to the same table and a cycle of references, setting them once every row is in', async () => {
      const from = await newDatabase('sqlite')
      const target = await newDatabase(engine)
      for (const [url, tableEngine] of [
        [from, 'sqlite'],
        [target, engine],
      ] as const) {
        await withDatabase(url, async (db) => {
          await migrateToLatest(db)
          for (const statement of referenceTables(tableEngine)) await sql.raw(statement).execute(db)
        })
      }
      await withDatabase(from, async (db) => {
        // Topic 3 is the parent of topic 1, though made after it; a lesson and its current version point at each other.
        for (const statement of [
          `insert into topics (id, parent_id) values (1, null), (2, 1), (3, 2)`,
          `update topics set parent_id = 3 where id = 1`,
          `insert into lessons (id, current_version_id) values (1, null)`,
          `insert into lesson_versions (id, lesson_id) values (1, 1), (2, 1)`,
          `update lessons set current_version_id = 2 where id = 1`,
        ])
          await sql.raw(statement).execute(db)
      })

      await copyDatabase({ from, to: target })
      const copy = await dump(target)
      expect(copy.topics).toEqual([
        { id: 1, parent_id: 3 },
        { id: 2, parent_id: 1 },
        { id: 3, parent_id: 2 },
      ])
      expect(copy.lessons).toEqual([{ id: 1, current_version_id: 2 }])
      expect(copy.lesson_versions).toEqual([
        { id: 1, lesson_id: 1 },
        { id: 2, lesson_id: 1 },
      ])
    })
  })
}

/** Tables no migration makes (yet): one that references itself, two that reference each other. */
function referenceTables(engine: Engine): string[] {
  const id = engine === 'sqlite' ? 'integer primary key autoincrement' : 'integer primary key generated by default as identity'
  if (engine === 'sqlite') {
    return [
      `create table topics (id ${id}, parent_id integer references topics(id))`,
      `create table lessons (id ${id}, current_version_id integer references lesson_versions(id))`,
      `create table lesson_versions (id ${id}, lesson_id integer not null references lessons(id))`,
    ]
  }
  return [
    `create table topics (id ${id}, parent_id integer references topics(id))`,
    `create table lessons (id ${id}, current_version_id integer)`,
    `create table lesson_versions (id ${id}, lesson_id integer not null references lessons(id))`,
    `alter table lessons add foreign key (current_version_id) references lesson_versions(id)`,
  ]
}

describe('db:copy refuses a source it cannot copy whole', () => {
  it('refuses a source that is not at the latest migration and says to migrate it, leaving the target untouched', async () => {
    const from = await newDatabase('sqlite')
    const names = Object.keys(migrations).sort()
    await withDatabase(from, async (db) => {
      const older = Object.fromEntries(names.slice(0, -1).map((name) => [name, migrations[name]!]))
      const { error } = await new Migrator({ db, provider: { getMigrations: async () => older } }).migrateToLatest()
      expect(error).toBeUndefined()
    })
    const target = await newDatabase('sqlite')

    const copying = copyDatabase({ from, to: target })
    await expect(copying).rejects.toThrow(CopyRefused)
    await expect(copying).rejects.toThrow(new RegExp(`1 of ${names.length} not applied: ${names.at(-1)}.*npm run migrate`, 's'))
    expect(await withDatabase(target, (db) => db.introspection.getTables())).toEqual([])
  })

  it('refuses a SQLite source file that is not there, and creates none', async () => {
    const missing = path.join(dir, 'not-there.db')
    await expect(copyDatabase({ from: `file:${missing}`, to: await newDatabase('sqlite') })).rejects.toThrow(
      /no SQLite database at .*not-there\.db/,
    )
    expect(existsSync(missing)).toBe(false)
  })
})

describe('npm run db:copy', () => {
  const root = fileURLToPath(new URL('../..', import.meta.url))
  const run = (...args: string[]) =>
    spawnSync(process.execPath, ['--import', 'tsx', 'scripts/db-copy.ts', ...args], { cwd: root, encoding: 'utf8' })

  it('prints each table’s rows, then exits with 1 and says why when run again into the same target', async () => {
    const target = await newDatabase('sqlite')
    const first = run('--from', source.url, '--to', target)
    expect(first.status).toBe(0)
    expect(first.stdout).toMatch(/registrations\s+\d+/)
    expect(first.stdout).toMatch(/row count matches/)

    const second = run('--from', source.url, '--to', target)
    expect(second.status).toBe(1)
    expect(second.stderr).toMatch(/already holds data/)
  })
})

if (postgresServer) {
  describe('db:copy into PostgreSQL that fails part-way', () => {
    it('leaves the target without a single row', async () => {
      const from = await newDatabase('sqlite')
      await withDatabase(from, async (db) => {
        await migrateToLatest(db)
        await seedDemoCatalogue(db, now)
        // SQLite keeps a NUL character in text; PostgreSQL refuses it, late in the copy.
        await db.updateTable('worksheet_versions').set({ original_name: 'pracovni\u0000list.csv' }).where('id', '=', 1).execute()
      })
      const target = await newDatabase('postgres')

      await expect(copyDatabase({ from, to: target })).rejects.toThrow(/Copying worksheet_versions failed/)
      const left = await dump(target)
      expect(Object.keys(left)).toContain('registrations')
      expect(Object.entries(left).filter(([, rows]) => rows.length > 0)).toEqual([])
    })
  })
}
