// Clock-independent: the deadlines for slow clients are durations, the same on any date, and the
// answers are checked by their status and text alone.
import { connect, type Socket } from 'node:net'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { makeUser, signIn } from '../support/auth'
import { testStart } from '../support/clock'
import { createTestDatabase, type TestDatabase } from '../support/database'
import { startServer, type RunningServer } from '../support/server'

/*
 * Clients that send a request slowly, or stop short of its end, must not hold the server's
 * memory and connections for minutes. The server below runs with deadlines of a second or
 * three, so the tests can see them act; the assertions only ask for "well before Node's own
 * defaults" (60 s for headers, 300 s for a whole request), never for a precise moment.
 */

let database: TestDatabase
let server: RunningServer
const LONG_BEFORE_NODE_DEFAULTS_MS = 20_000
let organiser = { cookie: '', workshopId: 0 }

beforeAll(async () => {
  database = await createTestDatabase({ seedAt: testStart })
  server = await startServer({
    DATABASE_URL: database.url,
    HEADERS_TIMEOUT_SECONDS: '1',
    BODY_TIMEOUT_SECONDS: '1',
    REQUEST_TIMEOUT_SECONDS: '3',
  })
  const workshop = await database.db
    .selectFrom('workshops')
    .select(['id', 'organiser_id'])
    .orderBy('id')
    .executeTakeFirstOrThrow()
  await makeUser(database.db, { email: 'lektor@kraj.example', role: 'organiser', organiserIds: [workshop.organiser_id] })
  organiser = { cookie: (await signIn(server.url, database.db, 'lektor@kraj.example')).cookie, workshopId: workshop.id }
})
afterAll(async () => {
  await server?.stop()
  await database?.cleanup()
})

type Outcome = { answer: string; closed: boolean }

/** Opens a connection, writes `data`, and collects what comes back until the server closes it or `waitMs` passes. */
function sendAndWait(data: string, waitMs: number): Promise<Outcome> {
  const { hostname, port } = new URL(server.url)
  return new Promise((resolve, reject) => {
    const socket: Socket = connect(Number(port), hostname)
    let answer = ''
    const timer = setTimeout(() => {
      socket.destroy()
      resolve({ answer, closed: false })
    }, waitMs)
    socket.setEncoding('utf8')
    socket.on('data', (chunk: string) => (answer += chunk))
    socket.on('error', (error) => {
      clearTimeout(timer)
      reject(error)
    })
    socket.on('close', () => {
      clearTimeout(timer)
      resolve({ answer, closed: true })
    })
    socket.on('connect', () => socket.write(data))
  })
}

function requestHead(method: string, path: string, headers: Record<string, string | number>): string {
  const { host } = new URL(server.url)
  const lines = [`${method} ${path} HTTP/1.1`, `Host: ${host}`, ...Object.entries(headers).map(([k, v]) => `${k}: ${v}`)]
  return lines.join('\r\n') + '\r\n\r\n'
}

describe('slow requests', () => {
  it('answers a form whose body stops one byte short with 408 and closes the connection', async () => {
    const body = new URLSearchParams({ lang: 'en', redirectTo: '/workshops' }).toString()
    const head = requestHead('POST', '/language', {
      'Content-Type': 'application/x-www-form-urlencoded',
      'Content-Length': body.length,
    })
    const outcome = await sendAndWait(head + body.slice(0, -1), LONG_BEFORE_NODE_DEFAULTS_MS)
    expect(outcome.closed).toBe(true)
    expect(outcome.answer).toMatch(/^HTTP\/1\.1 408 /)
    expect(outcome.answer).toContain('Formulář nedorazil celý včas. Odešlete ho prosím znovu.')
  })

  it('closes a connection whose headers never end', async () => {
    const { host } = new URL(server.url)
    const outcome = await sendAndWait(`GET /workshops HTTP/1.1\r\nHost: ${host}\r\nX-Slow: 1`, LONG_BEFORE_NODE_DEFAULTS_MS)
    expect(outcome.closed).toBe(true)
  })

  // An organiser's upload is read as it streams in, so it gets the whole request's deadline.
  it('closes an upload that stops short once the request deadline passes', async () => {
    const boundary = 'slowboundary'
    const partial = `--${boundary}\r\nContent-Disposition: form-data; name="title"\r\n\r\nPomalé nahrávání\r\n`
    const head = requestHead('POST', `/organiser/workshops/${organiser.workshopId}/worksheets`, {
      Cookie: organiser.cookie,
      'Content-Type': `multipart/form-data; boundary=${boundary}`,
      'Content-Length': 5 * 1024 * 1024,
    })
    const outcome = await sendAndWait(head + partial, LONG_BEFORE_NODE_DEFAULTS_MS)
    expect(outcome.closed).toBe(true)
  })

  it('still serves a form sent at once', async () => {
    const response = await fetch(`${server.url}/language`, {
      method: 'POST',
      body: new URLSearchParams({ lang: 'en', redirectTo: '/workshops' }),
      redirect: 'manual',
    })
    expect(response.status).toBe(303)
  })
})
