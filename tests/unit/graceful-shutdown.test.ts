import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { gracefulShutdown, type ShutdownStep } from '../../scripts/server/shutdown'

let lines: string[]
let exits: number[]
beforeEach(() => {
  vi.useFakeTimers()
  lines = []
  exits = []
})
afterEach(() => vi.useRealTimers())

function shutdown(steps: ShutdownStep[], onDeadline?: () => void) {
  return gracefulShutdown({
    timeoutSeconds: 20,
    steps,
    onDeadline,
    log: (line) => lines.push(line),
    exit: (code) => exits.push(code),
  })
}

const step = (name: string, run: () => Promise<void> = async () => undefined): ShutdownStep => ({
  name,
  run,
  done: `${name} done`,
})

describe('graceful shutdown', () => {
  it('runs the steps in order, one line each, and exits with 0', async () => {
    const order: string[] = []
    const stop = shutdown([
      step('requests', async () => void order.push('requests')),
      step('database', async () => void order.push('database')),
    ])
    await stop('SIGTERM')
    expect(order).toEqual(['requests', 'database'])
    expect(lines).toEqual(['SIGTERM: shutting down within 20 s', 'shutdown: requests done', 'shutdown: database done'])
    expect(exits).toEqual([0])
  })

  it('waits for a slow step as long as the deadline allows', async () => {
    const stop = shutdown([step('the mail worker', () => new Promise((resolve) => setTimeout(resolve, 19_000)))])
    const stopped = stop('SIGTERM')
    await vi.advanceTimersByTimeAsync(19_000)
    await stopped
    expect(exits).toEqual([0])
  })

  it('force-closes what is left and exits with 1 once the deadline passes', async () => {
    const onDeadline = vi.fn()
    const stop = shutdown([step('requests in flight', () => new Promise(() => undefined)), step('the database')], onDeadline)
    void stop('SIGTERM')
    await vi.advanceTimersByTimeAsync(19_999)
    expect(exits).toEqual([])
    expect(onDeadline).not.toHaveBeenCalled()
    await vi.advanceTimersByTimeAsync(1)
    expect(onDeadline).toHaveBeenCalledOnce()
    expect(exits).toEqual([1])
    expect(lines.at(-1)).toBe('shutdown: still waiting for requests in flight after 20 s; giving up')
  })

  it('exits with 1 when a step fails, naming it', async () => {
    const stop = shutdown([step('the database', () => Promise.reject(new Error('pool already ended')))])
    await stop('SIGTERM')
    expect(exits).toEqual([1])
    expect(lines.at(-1)).toBe('shutdown: the database failed: pool already ended')
  })

  it('does not start again on a second SIGTERM, and exits at once on a second SIGINT', async () => {
    let runs = 0
    const stop = shutdown([step('requests', () => new Promise(() => void runs++))])
    void stop('SIGTERM')
    await stop('SIGTERM')
    expect(runs).toBe(1)
    expect(exits).toEqual([])
    await stop('SIGINT')
    expect(exits).toEqual([1])
  })
})
