import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import type { Kysely } from 'kysely'
import { migrateToLatest } from '../../db/migrate'
import type { DB } from '../../db/schema'
import { seedDemoCatalogue } from '../../db/seed/seed-demo'
import { openDatabase } from '~/utils/db.server'

export type TestDatabase = { db: Kysely<DB>; url: string; cleanup: () => Promise<void> }

/** A migrated SQLite file of its own for each test file, optionally with the demo catalogue. */
export async function createTestDatabase({ seedAt }: { seedAt?: Date } = {}): Promise<TestDatabase> {
  const dir = mkdtempSync(path.join(tmpdir(), 'workshops-test-'))
  const url = `file:${path.join(dir, 'app.db')}`
  const db = openDatabase(url)
  await migrateToLatest(db)
  if (seedAt) await seedDemoCatalogue(db, seedAt)
  return {
    db,
    url,
    cleanup: async () => {
      await db.destroy().catch(() => undefined)
      rmSync(dir, { recursive: true, force: true })
    },
  }
}
