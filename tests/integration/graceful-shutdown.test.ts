// Clock-independent: what a stopping process finishes and in which order; its deadlines are
// durations, the same on any date, and nothing it checks names a day.
import { spawn, type ChildProcess } from 'node:child_process'
import { createServer, type Server } from 'node:http'
import { connect, type Socket } from 'node:net'
import path from 'node:path'
import express from 'express'
import { afterEach, describe, expect, it } from 'vitest'
import { enqueueEmail } from '~/models/outbox.server'
import { connectionDrain } from '../../scripts/server/draining'
import { createTestDatabase, type TestDatabase } from '../support/database'
import { startServer, type RunningServer } from '../support/server'
import { startSmtpServer, type TestSmtpServer } from '../support/smtp'

/*
 * A stop on SIGTERM (systemd, a rolling restart) must not cost anyone the answer to what they
 * sent, nor an e-mail the worker was sending. Nothing here is timed: a request is held open by
 * sending its headers with `Expect: 100-continue` (the "100 Continue" proves the server is
 * handling it) and its body only after the server has said it is shutting down; an e-mail is
 * held by the SMTP server not answering its DATA. Deadlines are a minute, far beyond what each
 * step takes, except in the test of the deadline itself.
 */

let database: TestDatabase | undefined
let server: RunningServer | undefined
let smtp: TestSmtpServer | undefined
const sockets: Socket[] = []
const workers: ChildProcess[] = []
afterEach(async () => {
  for (const socket of sockets.splice(0)) socket.destroy()
  for (const worker of workers.splice(0)) if (worker.exitCode === null) worker.kill('SIGKILL')
  await server?.stop()
  await smtp?.close()
  await database?.cleanup()
  server = smtp = database = undefined
})

const PATIENT = { SHUTDOWN_TIMEOUT_SECONDS: '60', BODY_TIMEOUT_SECONDS: '60' }
const FORM = new URLSearchParams({ lang: 'en', redirectTo: '/workshops' }).toString()

/** The server or `npm run worker`, as a child process and what it printed. */
type Running = Pick<RunningServer, 'process' | 'output'>

function exitCode(running: Running): Promise<number | null> {
  const child = running.process
  if (child.exitCode !== null) return Promise.resolve(child.exitCode)
  return new Promise((resolve) => child.once('exit', (code) => resolve(code)))
}

/** Resolves once the server has printed a line starting with `start`; rejects if it exits first. */
async function printed(running: Running, start: string): Promise<void> {
  while (!lines(running).some((line) => line.startsWith(start))) {
    if (running.process.exitCode !== null) throw new Error(`server exited before printing "${start}":\n${running.output()}`)
    await new Promise((resolve) => setTimeout(resolve, 20))
  }
}

const lines = (running: Running) => running.output().split('\n')

/** The shutdown's lines, in the order printed. */
const shutdownLines = (running: Running) => lines(running).filter((line) => /^(SIGTERM|shutdown):/.test(line))

type HeldRequest = { socket: Socket; answer: () => string; closed: Promise<void> }

/** A form POST whose headers the server has taken up (it answered 100 Continue) and whose body is still to come. */
async function holdFormPost(url: string): Promise<HeldRequest> {
  const { hostname, port, host } = new URL(url)
  const socket = connect(Number(port), hostname)
  sockets.push(socket)
  let answer = ''
  socket.setEncoding('utf8')
  socket.on('data', (chunk: string) => (answer += chunk))
  const closed = new Promise<void>((resolve) => socket.once('close', () => resolve()))
  socket.write(
    [
      'POST /language HTTP/1.1',
      `Host: ${host}`,
      'Content-Type: application/x-www-form-urlencoded',
      `Content-Length: ${FORM.length}`,
      'Expect: 100-continue',
      '',
      '',
    ].join('\r\n'),
  )
  await new Promise<void>((resolve, reject) => {
    const check = () => (answer.startsWith('HTTP/1.1 100 Continue\r\n\r\n') ? resolve() : undefined)
    socket.on('data', check)
    socket.once('error', reject)
    socket.once('close', () => reject(new Error(`closed before 100 Continue: ${JSON.stringify(answer)}`)))
  })
  return { socket, answer: () => answer.replace('HTTP/1.1 100 Continue\r\n\r\n', ''), closed }
}

/** Resolves with the error a new connection gets, or undefined if it was taken. */
function tryToConnect(url: string): Promise<NodeJS.ErrnoException | undefined> {
  const { hostname, port } = new URL(url)
  return new Promise((resolve) => {
    const socket = connect(Number(port), hostname)
    socket.once('connect', () => {
      socket.destroy()
      resolve(undefined)
    })
    socket.once('error', (error) => resolve(error))
  })
}

/** An SMTP server that takes a message's DATA and answers it only when told to. */
async function holdMail() {
  let started: () => void = () => undefined
  const sending = new Promise<void>((resolve) => (started = resolve))
  let answer: () => void = () => undefined
  const answered = new Promise<void>((resolve) => (answer = resolve))
  smtp = await startSmtpServer({
    holdReply: () => {
      started()
      return answered
    },
  })
  return { smtp, sending, answer }
}

async function queueSignInMail(test: TestDatabase, appUrl: string) {
  await enqueueEmail(
    test.db,
    {
      key: 'shutdown-test:sign-in',
      template: 'auth.sign-in',
      recipient: 'ucitelka@skola.example',
      locale: 'cs',
      props: { signInUrl: `${appUrl}/sign-in/t0ken`, validMinutes: 15 },
    },
    { now: new Date(), messageDomain: 'workshops.test' },
  )
}

async function expectSentOnce(received: TestSmtpServer, test: TestDatabase) {
  expect(received.messages.map((m) => m.envelope.to)).toEqual([['ucitelka@skola.example']])
  const row = await test.db.selectFrom('outbox').select(['status', 'attempts']).executeTakeFirstOrThrow()
  expect(row).toEqual({ status: 'sent', attempts: 1 })
}

describe('stopping the server on SIGTERM', () => {
  it('answers a request in flight as usual, refuses new connections, and exits with 0 after each step', async () => {
    database = await createTestDatabase()
    server = await startServer({ DATABASE_URL: database.url, ...PATIENT })
    const held = await holdFormPost(server.url)

    server.process.kill('SIGTERM')
    await printed(server, 'shutdown: new connections refused')
    expect((await tryToConnect(server.url))?.code).toBe('ECONNREFUSED')
    expect(server.process.exitCode).toBeNull()

    held.socket.write(FORM)
    await held.closed
    const [head = ''] = held.answer().split('\r\n\r\n')
    expect(head).toMatch(/^HTTP\/1\.1 303 See Other\r\n/)
    expect(head).toMatch(/\r\nLocation: \/workshops\r\n/i)
    expect(head).toMatch(/\r\nSet-Cookie: lang=en;/i)
    expect(head).toMatch(/\r\nConnection: close\r\n/i)

    expect(await exitCode(server)).toBe(0)
    // The held form post is in flight; on a slow or time-shifted machine the start-up's
    // readiness probe can still be, too. Each is answered before the server goes on.
    expect(shutdownLines(server)).toEqual([
      'SIGTERM: shutting down within 60 s',
      expect.stringMatching(/^shutdown: new connections refused; waiting for [12] request\(s\) in flight$/),
      'shutdown: every request answered, connections closed',
      'shutdown: mail worker stopped',
      'shutdown: database closed',
    ])
  })

  it('finishes sending the e-mail it is in the middle of before it closes the database', async () => {
    const mail = await holdMail()
    database = await createTestDatabase()
    server = await startServer({ DATABASE_URL: database.url, SMTP_URL: mail.smtp.url, ...PATIENT })
    await queueSignInMail(database, server.url)
    await mail.sending

    server.process.kill('SIGTERM')
    await printed(server, 'shutdown: every request answered')
    expect(server.process.exitCode).toBeNull()
    expect(lines(server)).not.toContain('shutdown: mail worker stopped')

    mail.answer()
    expect(await exitCode(server)).toBe(0)
    await expectSentOnce(mail.smtp, database)
    expect(shutdownLines(server).slice(-3)).toEqual([
      'shutdown: every request answered, connections closed',
      'shutdown: mail worker stopped',
      'shutdown: database closed',
    ])
  })

  it('closes what is still open and exits with 1 once SHUTDOWN_TIMEOUT_SECONDS has passed', async () => {
    database = await createTestDatabase()
    server = await startServer({ DATABASE_URL: database.url, SHUTDOWN_TIMEOUT_SECONDS: '1', BODY_TIMEOUT_SECONDS: '60' })
    const held = await holdFormPost(server.url)

    server.process.kill('SIGTERM')
    expect(await exitCode(server)).toBe(1)
    await held.closed
    expect(held.answer()).toBe('')
    expect(shutdownLines(server).at(-1)).toBe('shutdown: still waiting for requests in flight after 1 s; giving up')
  })
})

describe('stopping `npm run worker` on SIGTERM', () => {
  it('finishes the e-mail it is sending, stops the jobs holding no lease and closes the database, then exits with 0', async () => {
    const mail = await holdMail()
    database = await createTestDatabase()
    const worker = startWorker({ DATABASE_URL: database.url, SMTP_URL: mail.smtp.url, ...PATIENT })
    await queueSignInMail(database, 'http://127.0.0.1:9')
    await mail.sending

    worker.process.kill('SIGTERM')
    await printed(worker, 'SIGTERM: shutting down')
    mail.answer()
    expect(await exitCode(worker)).toBe(0)
    await expectSentOnce(mail.smtp, database)
    // A job run cut short would have left its lease behind.
    expect(await database.db.selectFrom('job_runs').select('name').where('lease_holder', 'is not', null).execute()).toEqual([])
    expect(shutdownLines(worker)).toEqual([
      'SIGTERM: shutting down within 60 s',
      'shutdown: jobs stopped',
      'shutdown: mail worker stopped',
      'shutdown: database closed',
    ])
  })
})

/** `npm run worker` as its own process, the way a deployment runs it. */
function startWorker(env: Record<string, string>): Running {
  const child = spawn(process.execPath, ['--import', 'tsx', 'scripts/worker.ts'], {
    cwd: path.resolve(import.meta.dirname, '../..'),
    env: { ...process.env, NODE_ENV: 'test', APP_URL: 'http://127.0.0.1:9', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  let output = ''
  child.stdout.on('data', (chunk) => (output += chunk))
  child.stderr.on('data', (chunk) => (output += chunk))
  workers.push(child)
  return { process: child, output: () => output }
}

describe('a server that is draining', () => {
  const servers: Server[] = []
  afterEach(() => {
    for (const s of servers.splice(0)) s.close().closeAllConnections()
  })

  function listen(app: express.Express): Promise<{ server: Server; url: string }> {
    return new Promise((resolve) => {
      const server = createServer(app).listen(0, '127.0.0.1', () => {
        const address = server.address()
        resolve({ server, url: `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}` })
      })
      servers.push(server)
    })
  }

  // A second server on the same app stands for a kept-alive connection the drain has not closed yet.
  it('answers /healthz with 503 and ends every connection after its answer', async () => {
    const drain = connectionDrain()
    const app = express()
    app.use(drain.middleware)
    app.get('/healthz', (_req, res) => res.json({ status: 'ok' }))
    app.get('/workshops', (_req, res) => res.send('catalogue'))
    const draining = await listen(app)
    const other = await listen(app)
    expect((await fetch(`${other.url}/healthz`)).status).toBe(200)

    const drained = drain.drain(draining.server)
    const health = await fetch(`${other.url}/healthz`)
    expect(health.status).toBe(503)
    expect(await health.json()).toEqual({ status: 'shutting-down' })
    expect(health.headers.get('connection')).toBe('close')
    const page = await fetch(`${other.url}/workshops`)
    expect(await page.text()).toBe('catalogue')
    expect(page.headers.get('connection')).toBe('close')
    await drained
  })
})
