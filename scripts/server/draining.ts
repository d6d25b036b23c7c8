import type { Server } from 'node:http'
import type { NextFunction, Request, Response } from 'express'
import onHeaders from 'on-headers'

/*
 * How the HTTP server stops: it takes no new connections, answers every request already in
 * flight as usual, and closes each connection as soon as it has nothing in flight. A load
 * balancer sees new connections refused; one that checks over a kept-alive connection gets 503
 * from /healthz. Either way it stops sending traffic here.
 */

/** Idle connections are looked for this often while draining, as a connection turns idle after each answer. */
const SWEEP_MS = 200

export function connectionDrain() {
  let draining = false
  return {
    /** Mounted first: while draining, /healthz says so, and every answer says its connection ends with it. */
    middleware(req: Request, res: Response, next: NextFunction) {
      if (draining && req.path === '/healthz') {
        res.status(503).set({ 'Cache-Control': 'no-store', Connection: 'close' }).json({ status: 'shutting-down' })
        return
      }
      // Decided when the headers go out: a request taken up before the drain is answered after it began.
      // Without it Node announces keep-alive and closes anyway, racing the client's next request.
      onHeaders(res, () => {
        if (draining) res.setHeader('Connection', 'close')
      })
      next()
    },

    /**
     * Stops taking connections and resolves once every connection has closed. Connections
     * with a request in flight are left alone; the caller force-closes them at its deadline.
     */
    drain(server: Server): Promise<void> {
      draining = true
      return new Promise((resolve, reject) => {
        const sweep = setInterval(() => server.closeIdleConnections(), SWEEP_MS)
        server.close((error) => {
          clearInterval(sweep)
          if (error) reject(error)
          else resolve()
        })
      })
    },
  }
}

export type ConnectionDrain = ReturnType<typeof connectionDrain>
