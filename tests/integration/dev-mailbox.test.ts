// Clock-independent: whether the development mailbox opens depends on NODE_ENV and the address alone.
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

/** A server in development mode that writes mail to the development mailbox. */
async function developmentServer(env: Record<string, string>) {
  database = await createTestDatabase()
  // undefined drops the variable from the child's environment: no SMTP server at all.
  server = await startServer({ DATABASE_URL: database.url, NODE_ENV: 'development', SMTP_URL: undefined, ...env } as never)
  return server
}

describe('the development mailbox, which shows sign-in links', () => {
  it('opens on a developer’s machine', async () => {
    const { url } = await developmentServer({})
    const response = await fetch(`${url}/dev/mailbox`)
    expect(response.status).toBe(200)
    expect(await response.text()).toContain('Development mailbox')
  })

  it('stays closed on a public address even when NODE_ENV=production was forgotten', async () => {
    const { url } = await developmentServer({ APP_URL: 'https://workshopy.kraj.example' })
    expect((await fetch(`${url}/dev/mailbox`)).status).toBe(404)
  })
})
