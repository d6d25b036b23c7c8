import { spawnSync } from 'node:child_process'
import { existsSync, readFileSync } from 'node:fs'
import autocannon from 'autocannon'
import { createTestDatabase } from '../../tests/support/database'
import { startServer, type RunningServer } from '../../tests/support/server'

export type HttpResult = { name: string; requestsPerSecond: number; p99Ms: number; errors: number; non2xx: number }

export function ensureBuild(): void {
  if (existsSync('build/server/index.js') && existsSync('build/server.js')) return
  const result = spawnSync('npm', ['run', 'build'], { stdio: 'inherit' })
  if (result.status !== 0) throw new Error('build failed')
}

/** A temporary database with the demo catalogue and the production server on it. */
export async function startBenchServer(
  env: Record<string, string> = {},
  options: { nodeArgs?: string[] } = {},
): Promise<{ server: RunningServer; cleanup: () => Promise<void> }> {
  const database = await createTestDatabase({ seedAt: new Date() })
  await database.db.destroy()
  const server = await startServer({ DATABASE_URL: database.url, ...env }, options)
  return {
    server,
    cleanup: async () => {
      await server.stop()
      await database.cleanup()
    },
  }
}

/** Peak resident memory of a process so far (VmHWM), in MB. */
export function peakMemoryMb(pid: number): number {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8')
  const kb = Number(/VmHWM:\s+(\d+) kB/.exec(status)?.[1] ?? 0)
  return Math.round(kb / 1024)
}

export async function loadTest(
  name: string,
  options: { url: string; connections?: number; duration?: number; method?: string; headers?: Record<string, string> },
): Promise<HttpResult> {
  const run = (duration: number) =>
    autocannon({
      url: options.url,
      connections: options.connections ?? 50,
      duration,
      method: (options.method ?? 'GET') as 'GET',
      headers: options.headers ?? {},
    })
  await run(2) // warm-up: JIT, caches
  const result = await run(options.duration ?? 10)
  return {
    name,
    requestsPerSecond: Math.round(result.requests.average),
    p99Ms: result.latency.p99,
    // autocannon counts a timeout among the errors too.
    errors: result.errors,
    non2xx: result.non2xx,
  }
}

export function verdict(ok: boolean): string {
  return ok ? 'meets target' : 'BELOW TARGET'
}
