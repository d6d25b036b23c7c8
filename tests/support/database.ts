import { randomBytes } from 'node:crypto'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import type { Kysely } from 'kysely'
import pg from 'pg'
import { migrateToLatest } from '../../db/migrate'
import type { DB } from '../../db/schema'
import { seedDemoCatalogue } from '../../db/seed/seed-demo'
import { openDatabase, type Engine } from '~/utils/db.server'

export type TestDatabase = { db: Kysely<DB>; url: string; engine: Engine; cleanup: () => Promise<void> }

/**
 * Which engine this test run uses: the vitest project `integration-pg` sets
 * TEST_DATABASE_ENGINE=postgres and runs every integration test again on TEST_POSTGRES_URL.
 */
export function testEngine(): Engine {
  return process.env.TEST_DATABASE_ENGINE === 'postgres' ? 'postgres' : 'sqlite'
}

/** A migrated database of its own for each test file, optionally with the demo catalogue. */
export async function createTestDatabase({
  seedAt,
  engine = testEngine(),
}: { seedAt?: Date; engine?: Engine } = {}): Promise<TestDatabase> {
  const created = engine === 'postgres' ? await createPostgresDatabase() : createSqliteFile()
  const db = openDatabase(created.url)
  await migrateToLatest(db)
  if (seedAt) await seedDemoCatalogue(db, seedAt)
  return {
    db,
    url: created.url,
    engine,
    cleanup: async () => {
      await db.destroy().catch(() => undefined)
      await created.remove()
    },
  }
}

function createSqliteFile() {
  const dir = mkdtempSync(path.join(tmpdir(), 'workshops-test-'))
  return {
    url: `file:${path.join(dir, 'app.db')}`,
    remove: async () => rmSync(dir, { recursive: true, force: true }),
  }
}

/** A new, empty database on the test server; dropped afterwards even while servers still use it. */
export async function createPostgresDatabase(): Promise<{ url: string; remove: () => Promise<void> }> {
  const serverUrl = process.env.TEST_POSTGRES_URL
  if (!serverUrl) throw new Error('TEST_DATABASE_ENGINE=postgres needs TEST_POSTGRES_URL (postgres://user@host:port/db)')
  const name = `workshops_test_${randomBytes(6).toString('hex')}`
  await asAdmin(serverUrl, `create database ${name} template template0 encoding 'UTF8'`)
  const url = new URL(serverUrl)
  url.pathname = `/${name}`
  return {
    url: url.toString(),
    remove: () => asAdmin(serverUrl, `drop database if exists ${name} with (force)`),
  }
}

async function asAdmin(serverUrl: string, statement: string): Promise<void> {
  const client = new pg.Client({ connectionString: serverUrl })
  await client.connect()
  try {
    await client.query(statement)
  } finally {
    await client.end()
  }
}
