import { createHash } from 'node:crypto'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { migrateToLatest } from '../../db/migrate'
import { seedDemoCatalogue } from '../../db/seed/seed-demo'
import { copyDatabase } from '../../scripts/db-tools/copy'
import { closeAttendance, markAttendance } from '~/models/attendance.server'
import { openDatabase } from '~/utils/db.server'
import { atDay } from '../support/clock'
import { signIn } from '../support/auth'
import { createTestDatabase, type TestDatabase } from '../support/database'
import { createStaff, factories } from '../support/factories'
import { createBookableSession } from '../support/fixtures'
import { startServer, type RunningServer } from '../support/server'

/*
 * An installation moved with db:copy from its SQLite file to PostgreSQL: the app on the copy
 * shows what the app on the original shows, page for page, and serves the same files.
 */
const now = atDay(-1, '10:00')
const appUrl = 'http://localhost:3000'

let original: TestDatabase
let copy: TestDatabase
let sessionId: number
let adminEmail: string
const servers: { original?: RunningServer; copy?: RunningServer } = {}

beforeAll(async () => {
  original = await createTestDatabase({ engine: 'sqlite' })
  const db = original.db
  await seedDemoCatalogue(db, now)
  const { admin } = await createStaff(db, now)
  adminEmail = admin.email
  const { book, walkIn } = factories(() => ({ db, now, appUrl, staff: admin }))
  ;({ sessionId } = await createBookableSession(db, { capacity: 2, now }))
  const jana = await book(sessionId, 'Jana Řehořová')
  const petr = await book(sessionId, 'Petr Dvořák')
  await book(sessionId, 'Eva Malá') // waits
  const karel = await walkIn(sessionId, 'Karel Hrubý')
  for (const [registrationId, attendance] of [
    [jana.registrationId, 'present'],
    [petr.registrationId, 'absent'],
    [karel, 'late'],
  ] as const) {
    await markAttendance(db, { sessionId, registrationId, attendance, user: admin, now, appUrl })
  }
  await closeAttendance(db, { sessionId, user: admin, now, appUrl, unmarked: 'leave' })
  await migrateToLatest(db)

  copy = await createTestDatabase({ engine: 'postgres' })
  await copy.db.destroy()
  await copyDatabase({ from: original.url, to: copy.url, log: () => undefined })
  copy = { ...copy, db: openDatabase(copy.url) }

  const env = { PAGE_CACHE_SECONDS: '0' }
  ;[servers.original, servers.copy] = await Promise.all([
    startServer({ DATABASE_URL: original.url, ...env }),
    startServer({ DATABASE_URL: copy.url, ...env }),
  ])
}, 120_000)

afterAll(async () => {
  await Promise.all([servers.original?.stop(), servers.copy?.stop()])
  await copy?.cleanup()
  await original?.cleanup()
})

/** A page as both apps answer it, with what differs on every response (CSP nonces) taken out. */
/** The message form carries a fresh id on every render (so a resent form is not sent twice). */
const withoutFreshIds = (page: string) => page.replace(/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/g, 'id')

async function bothAnswer(path: string, cookies: { original?: string; copy?: string } = {}) {
  const get = async (server: RunningServer, cookie?: string) => {
    const response = await fetch(server.url + path, { headers: cookie ? { cookie } : {}, redirect: 'manual' })
    const body = Buffer.from(await response.arrayBuffer())
    // Each server's own address appears in its pages (the calendar feeds' links); the rest must match.
    const text = body
      .toString('utf8')
      .replace(/nonce="[^"]*"/g, 'nonce=""')
      .replaceAll(server.url.replace(/^https?:\/\//, ''), 'server')
    return { status: response.status, body, text }
  }
  return { original: await get(servers.original!, cookies.original), copy: await get(servers.copy!, cookies.copy) }
}

describe('the app on a PostgreSQL copy of a SQLite installation (db:copy)', () => {
  it('shows the same public catalogue and workshop pages', async () => {
    const workshops = await original.db.selectFrom('workshops').select('slug').where('published', '=', 1).execute()
    expect(workshops.length).toBeGreaterThan(3)
    for (const path of [
      '/workshops',
      '/workshops?q=bezpecnost',
      '/worksheets',
      ...workshops.map((w) => `/workshops/${w.slug}`),
    ]) {
      const { original: a, copy: b } = await bothAnswer(path)
      expect(a.status, path).toBe(200)
      expect(b.status, path).toBe(200)
      expect(b.text, path).toBe(a.text)
    }
  })

  it('verifies the same certificates', async () => {
    const certificates = await original.db.selectFrom('certificates').select('code').execute()
    expect(certificates).toHaveLength(2)
    for (const { code } of certificates) {
      const { original: a, copy: b } = await bothAnswer(`/certificates/${code}`)
      expect(a.status).toBe(200)
      expect(b.status).toBe(200)
      expect(b.text).toBe(a.text)
      expect(b.text).toMatch(/Řehořová|Hrubý/)
    }
  })

  it('shows an organiser the same bookings and attendance', async () => {
    const [a, b] = await Promise.all([
      signIn(servers.original!.url, original.db, adminEmail),
      signIn(servers.copy!.url, copy.db, adminEmail),
    ])
    for (const path of [`/organiser/sessions/${sessionId}/registrations`, `/organiser/sessions/${sessionId}/attendance`]) {
      const pages = await bothAnswer(path, { original: a.cookie, copy: b.cookie })
      expect(pages.original.status, path).toBe(200)
      expect(pages.copy.status, path).toBe(200)
      expect(withoutFreshIds(pages.copy.text), path).toBe(withoutFreshIds(pages.original.text))
      expect(pages.copy.text).toContain('Řehořová')
    }
  })

  it('serves the same worksheet files, byte for byte', async () => {
    const worksheets = await original.db
      .selectFrom('worksheets')
      .innerJoin('worksheet_versions', 'worksheet_versions.id', 'worksheets.current_version_id')
      .select(['worksheets.id', 'worksheet_versions.sha256'])
      .where('worksheets.visibility', '=', 'public')
      .execute()
    expect(worksheets.length).toBeGreaterThan(0)
    for (const worksheet of worksheets) {
      const { original: a, copy: b } = await bothAnswer(`/worksheets/${worksheet.id}/download`)
      expect(a.status).toBe(200)
      expect(b.status).toBe(200)
      const sha = (body: Buffer) => createHash('sha256').update(body).digest('hex')
      expect(sha(a.body)).toBe(worksheet.sha256)
      expect(sha(b.body)).toBe(worksheet.sha256)
    }
  })
})
