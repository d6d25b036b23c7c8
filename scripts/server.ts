import { createServer, type Server } from 'node:http'
import { pathToFileURL } from 'node:url'
import compression from 'compression'
import express, { type NextFunction, type Request, type Response } from 'express'
import expressStaticGzip from 'express-static-gzip'
import { getDb } from '~/utils/db.server'
import { getEnv } from '~/utils/env.server'
import { logError } from '~/utils/log.server'
import { startJobScheduler } from './server/job-scheduler'
import { startMailWorker } from './server/mail-worker'
import { worksheetDownloads } from './server/downloads'
import { connectionDrain, type ConnectionDrain } from './server/draining'
import { inFlightRequests } from './server/in-flight'
import { formMethodsOnly } from './server/methods'
import { pageCacheMiddleware, servedByPageCache } from './server/page-cache-middleware'
import { privateWhenPersonal } from './server/personal-responses'
import { CLIENT_DIR, remixHandlers } from './server/remix-build'
import { cspNonce, limitBodySize, sameOriginWrites, securityHeaders } from './server/security'
import { gracefulShutdown, onStopSignals, type ShutdownStep } from './server/shutdown'
import { bodyDeadline, httpServerOptions } from './server/timeouts'

const UPLOADS = /^\/organiser\/workshops\/\d+\/worksheets$/

type AppOptions = { development: boolean; inFlight: ReturnType<typeof inFlightRequests>; drain: ConnectionDrain }

export function createApp({ development, inFlight, drain }: AppOptions) {
  const env = getEnv()
  const app = express()
  app.disable('x-powered-by')
  // Whose X-Forwarded-For names the client, for every per-IP limit (TRUST_PROXY, decision 009b).
  app.set('trust proxy', env.TRUST_PROXY)

  app.use(drain.middleware)
  app.use(inFlight.middleware)
  app.use(bodyDeadline(env, { uploads: UPLOADS }))
  app.use(cspNonce)
  app.use(securityHeaders({ appUrl: env.APP_URL, development }))
  // Pages the page cache answers are compressed there, once per version (page-cache-middleware.ts).
  const compress = compression()
  const pageCacheOn = env.PAGE_CACHE_SECONDS > 0
  app.use((req, res, next) => (pageCacheOn && servedByPageCache(req) ? next() : compress(req, res, next)))
  app.use(formMethodsOnly)
  app.use(sameOriginWrites(env.APP_URL))
  app.use(
    limitBodySize(256 * 1024, {
      path: UPLOADS,
      maxBytes: (env.WORKSHEET_MAX_MB * 10 + 1) * 1024 * 1024,
    }),
  )
  // File names carry a content hash, so browsers may keep them for a year. The build compressed
  // each file once at the strongest settings (scripts/compress-assets.ts); those go out as they are.
  app.use(
    '/build',
    expressStaticGzip(CLIENT_DIR, {
      enableBrotli: true,
      orderPreference: ['br', 'gz'],
      serveStatic: { immutable: true, maxAge: '1y', index: false, fallthrough: false },
    }),
  )

  // Everything below may depend on who is signed in.
  app.use(privateWhenPersonal)
  app.use(worksheetDownloads())
  const handlers = remixHandlers({ development })
  if (pageCacheOn) app.use(pageCacheMiddleware(handlers, { ttlMs: env.PAGE_CACHE_SECONDS * 1000 }))
  app.all('*', async (req, res, next) => {
    try {
      return await (await handlers()).express(req, res, next)
    } catch (error) {
      next(error)
    }
  })
  app.use((error: unknown, req: Request, res: Response, _next: NextFunction) => {
    if (res.headersSent) return res.end()
    // Express marks what the client got wrong (a broken %-escape in the URL, say) as 4xx.
    const status = (error as { status?: unknown } | null)?.status
    if (typeof status === 'number' && status >= 400 && status < 500) {
      return res.status(status).type('text/plain').send('Bad request.')
    }
    logError(error, { method: req.method, url: req.originalUrl })
    res.status(500).type('text/plain').send('Internal server error.')
  })
  return app
}

export async function startServer(): Promise<Server> {
  const env = getEnv()
  const inFlight = inFlightRequests()
  const drain = connectionDrain()
  const app = createApp({ development: env.NODE_ENV === 'development', inFlight, drain })
  const server = await new Promise<Server>((resolve) => {
    const s = createServer(httpServerOptions(env), app).listen(env.PORT, () => resolve(s))
  })
  const address = server.address()
  const port = typeof address === 'object' && address ? address.port : env.PORT
  console.log(`Workshops are served at http://localhost:${port}/workshops (${env.NODE_ENV})`)

  // Mail waits for a moment without requests (at most half a second): in a burst of bookings
  // the people booking go first, their e-mails right after.
  const worker = env.OUTBOX_WORKER === 'on' ? startMailWorker({ waitForQuiet: () => inFlight.quiet(500) }) : undefined
  const jobs = env.JOBS === 'on' ? startJobScheduler() : undefined

  const steps: ShutdownStep[] = [
    {
      name: 'requests in flight',
      run: async () => {
        const drained = drain.drain(server)
        console.log(`shutdown: new connections refused; waiting for ${inFlight.count()} request(s) in flight`)
        await drained
      },
      done: 'every request answered, connections closed',
    },
    ...(jobs ? [{ name: 'a job run', run: () => jobs.stop(), done: 'jobs stopped' }] : []),
    ...(worker ? [{ name: 'the mail worker', run: () => worker.stop(), done: 'mail worker stopped' }] : []),
    { name: 'the database', run: () => getDb().destroy(), done: 'database closed' },
  ]
  onStopSignals(
    gracefulShutdown({
      timeoutSeconds: env.SHUTDOWN_TIMEOUT_SECONDS,
      steps,
      onDeadline: () => server.closeAllConnections(),
    }),
  )
  return server
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  startServer().catch((error: unknown) => {
    console.error(error instanceof Error ? error.message : error)
    process.exit(1)
  })
}
