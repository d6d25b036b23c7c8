import type { NextFunction, Request, Response } from 'express'

/** Counts requests being handled, so background work can wait for a quiet moment and a shutdown can say what it waits for. */
export function inFlightRequests() {
  let count = 0
  const waiting: (() => void)[] = []

  function settle() {
    if (count === 0) for (const resolve of waiting.splice(0)) resolve()
  }

  return {
    middleware(_req: Request, res: Response, next: NextFunction) {
      count++
      let done = false
      const finish = () => {
        if (done) return
        done = true
        count--
        settle()
      }
      res.once('finish', finish)
      res.once('close', finish)
      next()
    },
    count(): number {
      return count
    },
    /** Resolves when no request is in flight, or after maxWaitMs so nothing starves. */
    quiet(maxWaitMs: number): Promise<void> {
      if (count === 0) return Promise.resolve()
      return new Promise((resolve) => {
        const timer = setTimeout(resolve, maxWaitMs)
        waiting.push(() => {
          clearTimeout(timer)
          resolve()
        })
      })
    },
  }
}
