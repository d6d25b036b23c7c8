import { parseArgs } from 'node:util'

/** `--from` and `--to` of db:copy and db:backup; anything else prints the usage and exits with 2. */
export function fromToArguments(usage: string): { from?: string; to?: string } {
  try {
    return parseArgs({ options: { from: { type: 'string' }, to: { type: 'string' } } }).values
  } catch (error) {
    console.error(`${error instanceof Error ? error.message : String(error)}\n${usage}`)
    process.exit(2)
  }
}
