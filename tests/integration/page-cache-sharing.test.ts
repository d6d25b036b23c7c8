import type { Server } from 'node:http'
import express from 'express'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { pageCacheMiddleware } from '../../scripts/server/page-cache-middleware'
import type { RemixHandlers } from '../../scripts/server/remix-build'
import { createTestDatabase, type TestDatabase } from '../support/database'

/*
 * The page cache's own middleware in front of a stand-in for Remix that answers slowly, so
 * several requests for the same page overlap while the first is still rendering.
 */
let database: TestDatabase
let server: Server
let url: string
let renders = 0
let setsCookie = false

beforeAll(async () => {
  database = await createTestDatabase()
  process.env.DATABASE_URL = database.url
  const handlers = async () =>
    ({
      fetch: async () => {
        const n = ++renders
        await new Promise((resolve) => setTimeout(resolve, 100))
        return new Response(`<p nonce="N">render ${n}</p>`, {
          headers: setsCookie ? { 'Content-Type': 'text/html', 'Set-Cookie': `visitor=${n}` } : { 'Content-Type': 'text/html' },
        })
      },
    }) as unknown as RemixHandlers
  const app = express()
  app.use((_req, res, next) => {
    res.locals.cspNonce = 'N'
    next()
  })
  app.use(pageCacheMiddleware(handlers, { ttlMs: 5000 }))
  server = await new Promise<Server>((resolve) => {
    const s = app.listen(0, '127.0.0.1', () => resolve(s))
  })
  const address = server.address()
  url = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`
})
afterAll(async () => {
  await new Promise((resolve) => server.close(resolve))
  await database.cleanup()
})

const three = (path: string) => Promise.all([0, 1, 2].map(() => fetch(url + path)))

describe('requests that overlap a render of the same page', () => {
  it('share one render of a page anyone may see', async () => {
    setsCookie = false
    renders = 0
    const responses = await three('/workshops?shared=1')
    expect(renders).toBe(1)
    expect(await Promise.all(responses.map((r) => r.text()))).toEqual(Array(3).fill('<p nonce="N">render 1</p>'))
  })

  it('never receive a response that set a cookie for someone else', async () => {
    setsCookie = true
    renders = 0
    const responses = await three('/workshops?personal=1')
    const cookies = responses.map((r) => r.headers.get('set-cookie'))
    expect(new Set(cookies).size).toBe(3)
    expect(renders).toBe(3)
  })
})
