import { parseArgs } from 'node:util'
import { backupSqlite, BackupRefused, defaultBackupPath } from './db-tools/backup'

// npm run db:backup -- [--from file:./data/app.db] [--to data/backups/app.db]
const usage = 'Usage: npm run db:backup -- [--from <DATABASE_URL>] [--to <file>]  (default: data/backups/app-<UTC time>.db)'

let options: { from?: string; to?: string }
try {
  options = parseArgs({ options: { from: { type: 'string' }, to: { type: 'string' } } }).values
} catch (error) {
  console.error(`${error instanceof Error ? error.message : String(error)}\n${usage}`)
  process.exit(2)
}
// The app's own default when DATABASE_URL is not set (app/utils/env.server.ts).
const from = options.from ?? process.env.DATABASE_URL ?? 'file:./data/app.db'

try {
  await backupSqlite({ from, to: options.to ?? defaultBackupPath(new Date()), log: (line) => console.log(line) })
} catch (error) {
  if (error instanceof BackupRefused) console.error(error.message)
  else console.error(`The backup failed; no backup file was left.\n${error instanceof Error ? error.message : String(error)}`)
  process.exitCode = 1
}
