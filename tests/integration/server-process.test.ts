// Clock-independent: how many mail workers a server process starts; no date in it.
import { afterEach, describe, expect, it } from 'vitest'
import { createTestDatabase, type TestDatabase } from '../support/database'
import { startServer, type RunningServer } from '../support/server'

let database: TestDatabase | undefined
let server: RunningServer | undefined
afterEach(async () => {
  await server?.stop()
  await database?.cleanup()
  server = database = undefined
})

const workerStarts = (output: string) => output.split('\n').filter((line) => line.startsWith('E-mail goes to')).length

describe('the server process', () => {
  it('runs exactly one mail worker by default', async () => {
    database = await createTestDatabase()
    server = await startServer({ DATABASE_URL: database.url })
    expect(workerStarts(server.output())).toBe(1)
  })

  it('runs none with OUTBOX_WORKER=off, so a separate `npm run worker` is the only one', async () => {
    database = await createTestDatabase()
    server = await startServer({ DATABASE_URL: database.url, OUTBOX_WORKER: 'off' })
    expect(workerStarts(server.output())).toBe(0)
  })
})
