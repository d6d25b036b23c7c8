// Clock-independent: which address counts as the client's depends on proxies and headers alone.
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import { createTestDatabase, type TestDatabase } from '../support/database'
import { startServer, type RunningServer } from '../support/server'

/*
 * Which address counts as the client's (for every per-IP limit) depends on TRUST_PROXY. The
 * address the server saw is the key of the sign-in limit's row in rate_limit_hits, so each
 * test asks for a sign-in link through a pretended chain of proxies and reads that key.
 * The test client itself always connects from loopback.
 */

let database: TestDatabase
let server: RunningServer | undefined

beforeAll(async () => {
  database = await createTestDatabase()
})
afterEach(async () => {
  await server?.stop()
  server = undefined
})
afterAll(async () => {
  await database?.cleanup()
})

/** The client address the server recorded for a sign-in request with this X-Forwarded-For. */
async function clientAddressSeen(trustProxy: string | undefined, forwardedFor: string, email: string): Promise<string> {
  server = await startServer({ DATABASE_URL: database.url, ...(trustProxy === undefined ? {} : { TRUST_PROXY: trustProxy }) })
  const before = await database.db.selectFrom('rate_limit_hits').select('key').where('key', 'like', 'ip:%').execute()
  const response = await fetch(`${server.url}/sign-in`, {
    method: 'POST',
    body: new URLSearchParams({ email }),
    headers: { 'X-Forwarded-For': forwardedFor },
    redirect: 'manual',
  })
  await response.body?.cancel()
  expect(response.status).toBe(303)
  const after = await database.db.selectFrom('rate_limit_hits').select('key').where('key', 'like', 'ip:%').execute()
  const added = after.filter((row) => !before.some((b) => b.key === row.key))
  // A key seen before (loopback, say) adds no new key: then it is the only one of the request.
  const keys = added.length > 0 ? added.map((row) => row.key) : [...new Set(after.map((row) => row.key))]
  expect(keys).toHaveLength(1)
  return keys[0]!.slice('ip:'.length)
}

describe('TRUST_PROXY', () => {
  it('by default trusts a proxy on this machine, as before', async () => {
    expect(await clientAddressSeen(undefined, '203.0.113.10', 'vychozi@skola.example')).toBe('203.0.113.10')
  })

  it('"none" ignores X-Forwarded-For, which any client can write', async () => {
    const seen = await clientAddressSeen('none', '203.0.113.20', 'bez-proxy@skola.example')
    expect(seen).toMatch(/^(::ffff:)?127\.0\.0\.1$|^::1$/)
  })

  it('trusts a proxy on another host by its network, and takes the address before it', async () => {
    expect(await clientAddressSeen('loopback, 10.0.0.0/8', '203.0.113.30, 10.20.30.40', 'sit@skola.example')).toBe('203.0.113.30')
  })

  it('trusts a number of proxies in front of the server, and no address a client put before them', async () => {
    expect(await clientAddressSeen('2', '198.51.100.99, 203.0.113.40, 10.0.0.5', 'dva-skoky@skola.example')).toBe('203.0.113.40')
  })
})
