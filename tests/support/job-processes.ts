import { spawn } from 'node:child_process'
import path from 'node:path'
import type { JobOutcome } from '~/jobs/scheduler.server'

const root = path.resolve(import.meta.dirname, '../..')

/** Runs the jobs once in a separate Node process on the same database file. */
export function runJobsInProcess(url: string, now: Date, appUrl: string): Promise<JobOutcome[]> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'tests/support/job-process.ts', url, now.toISOString(), appUrl], {
      cwd: root,
      stdio: ['ignore', 'pipe', 'pipe'],
    })
    let out = ''
    let err = ''
    child.stdout.on('data', (chunk: Buffer) => (out += chunk.toString()))
    child.stderr.on('data', (chunk: Buffer) => (err += chunk.toString()))
    child.on('error', reject)
    child.on('exit', (code) => {
      if (code !== 0) return reject(new Error(`job process exited with ${code}: ${err}`))
      resolve(JSON.parse(out.trim().split('\n').pop() ?? '[]') as JobOutcome[])
    })
  })
}
