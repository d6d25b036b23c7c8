import { copyDatabase, CopyRefused } from './db-tools/copy'
import { fromToArguments } from './db-tools/from-to-arguments'

// npm run db:copy -- --from file:./data/app.db --to postgres://user@host:5432/workshops
const usage = 'Usage: npm run db:copy -- [--from <DATABASE_URL of the source>] --to <URL of an empty target database>'

const options = fromToArguments(usage)
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
