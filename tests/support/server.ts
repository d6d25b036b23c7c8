import { spawn, type ChildProcess } from 'node:child_process'
import { createServer } from 'node:net'
import path from 'node:path'

/**
 * Load tests book from 127.0.0.1 only: the documented setting for them raises the per-IP
 * booking limits (30, and 10 per session, by default; decision 011) and the per-recipient mail
 * limit far above anything a test or bench sends.
 */
export const LOAD_TEST_LIMITS = {
  BOOKING_LIMIT_PER_IP: '10000000',
  BOOKING_LIMIT_PER_IP_SESSION: '10000000',
  OUTBOX_MAX_PER_RECIPIENT_HOUR: '1000000',
}

export type RunningServer = { url: string; process: ChildProcess; stop: () => Promise<void>; output: () => string }

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer()
    probe.once('error', reject)
    probe.listen(0, '127.0.0.1', () => {
      const address = probe.address()
      const port = typeof address === 'object' && address ? address.port : 0
      probe.close(() => resolve(port))
    })
  })
}

/**
 * Starts the built app as its own process (node, not npx, so one PID stops it) on a free
 * port and waits until /healthz answers.
 */
export async function startServer(env: Record<string, string>, options: { nodeArgs?: string[] } = {}): Promise<RunningServer> {
  const port = await freePort()
  const url = `http://127.0.0.1:${port}`
  // The same flags as production (README): an explicit heap limit makes V8 collect promptly.
  const child = spawn(
    process.execPath,
    ['--max-old-space-size=384', ...(options.nodeArgs ?? []), path.resolve('build/server.js')],
    {
      env: {
        ...process.env,
        NODE_ENV: 'production',
        SESSION_SECRET: 'x'.repeat(40),
        APP_URL: url,
        PORT: String(port),
        // Nothing listens on the discard port: tests that read mail pass their own server.
        SMTP_URL: 'smtp://127.0.0.1:9',
        // Time-driven jobs run on the real clock; tests drive them with their own (reminders.test.ts).
        JOBS: 'off',
        ...env,
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  )
  let output = ''
  child.stdout?.on('data', (chunk) => (output += chunk))
  child.stderr?.on('data', (chunk) => (output += chunk))

  const deadline = Date.now() + 30_000
  for (;;) {
    if (child.exitCode !== null) throw new Error(`Server exited with ${child.exitCode}:\n${output}`)
    try {
      const response = await fetch(`${url}/healthz`)
      if (response.ok) break
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) {
      child.kill('SIGKILL')
      throw new Error(`Server did not become healthy:\n${output}`)
    }
    await new Promise((r) => setTimeout(r, 100))
  }

  return {
    url,
    process: child,
    output: () => output,
    stop: () =>
      new Promise<void>((resolve) => {
        // A process ended by a signal (kill -9 in a test) has a signalCode and no exitCode.
        if (child.exitCode !== null || child.signalCode !== null) return resolve()
        child.once('exit', () => resolve())
        child.kill('SIGTERM')
      }),
  }
}

/** GET and POST to whichever test server the file has running, without following redirects. */
export function requestsTo(server: () => { url: string }) {
  return {
    get: (path: string, headers: Record<string, string> = {}) => fetch(server().url + path, { headers, redirect: 'manual' }),
    post: (path: string, body: BodyInit, headers: Record<string, string> = {}) =>
      fetch(server().url + path, { method: 'POST', body, headers, redirect: 'manual' }),
  }
}
