import type { Kysely } from 'kysely'
import { afterAll } from 'vitest'

/*
 * Unit and integration test files share a worker process one after another (isolate: false in
 * tests/vitest.config.ts): importing the app's modules once per process instead of once per
 * file saves about a third of those suites' time. What a file's app code keeps for the whole
 * process (the environment it read, the database handle opened from it) and what it put into
 * process.env must not reach the next file, so each file ends by putting them back.
 */
const envAtStart = { ...process.env }

afterAll(async () => {
  const singletons = (globalThis as { __singletons?: Map<string, unknown> }).__singletons
  const db = singletons?.get('db') as Kysely<unknown> | undefined
  singletons?.delete('db')
  singletons?.delete('env')
  await db?.destroy().catch(() => undefined)
  for (const name of Object.keys(process.env)) if (!(name in envAtStart)) delete process.env[name]
  Object.assign(process.env, envAtStart)
})
