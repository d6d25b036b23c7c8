import { migrateToLatest } from '../db/migrate'
import { seedIfEmpty } from '../db/seed/seed-demo'
import { getDb } from '~/utils/db.server'
import { getEnv } from '~/utils/env.server'

/** Brings the database to the latest schema and, when it is empty, seeds the demo catalogue. */
export async function prepareDatabase(): Promise<void> {
  const env = getEnv()
  const db = getDb()
  const applied = await migrateToLatest(db)
  if (applied.length > 0) console.log(`Applied migrations: ${applied.join(', ')}`)
  if (await seedIfEmpty(db, env.SEED, new Date())) console.log('Seeded the demo catalogue (set SEED=none to start empty).')
}
