import { backupSqlite, BackupRefused, defaultBackupPath } from './db-tools/backup'
import { fromToArguments } from './db-tools/from-to-arguments'

// npm run db:backup -- [--from file:./data/app.db] [--to data/backups/app.db]
const usage = 'Usage: npm run db:backup -- [--from <DATABASE_URL>] [--to <file>]  (default: data/backups/app-<UTC time>.db)'

const options = fromToArguments(usage)
// The app's own default when DATABASE_URL is not set (app/utils/env.server.ts).
const from = options.from ?? process.env.DATABASE_URL ?? 'file:./data/app.db'

try {
  await backupSqlite({ from, to: options.to ?? defaultBackupPath(new Date()), log: (line) => console.log(line) })
} catch (error) {
  if (error instanceof BackupRefused) console.error(error.message)
  else console.error(`The backup failed; no backup file was left.\n${error instanceof Error ? error.message : String(error)}`)
  process.exitCode = 1
}
