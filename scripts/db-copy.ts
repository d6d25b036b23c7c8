import { parseArgs } from 'node:util'
import { copyDatabase, CopyRefused } from './db-tools/copy'

// npm run db:copy -- --from file:./data/app.db --to postgres://user@host:5432/workshops
const usage = 'Usage: npm run db:copy -- [--from <DATABASE_URL of the source>] --to <URL of an empty target database>'

let options: { from?: string; to?: string }
try {
  options = parseArgs({ options: { from: { type: 'string' }, to: { type: 'string' } } }).values
} catch (error) {
  console.error(`${error instanceof Error ? error.message : String(error)}\n${usage}`)
  process.exit(2)
}
const from = options.from ?? process.env.DATABASE_URL
if (!from || !options.to) {
  console.error(usage)
  process.exit(2)
}

try {
  await copyDatabase({ from, to: options.to, log: (line) => console.log(line) })
} catch (error) {
  if (error instanceof CopyRefused) console.error(error.message)
  else
    console.error(
      `db:copy failed; no rows were copied into the target.\n${error instanceof Error ? error.message : String(error)}`,
    )
  process.exitCode = 1
}
