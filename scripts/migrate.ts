import { prepareDatabase } from './prepare-database'
import { getDb } from '~/utils/db.server'

try {
  await prepareDatabase()
  console.log('Database is up to date.')
} catch (error) {
  console.error(error instanceof Error ? error.message : error)
  process.exitCode = 1
} finally {
  await getDb().destroy()
}
