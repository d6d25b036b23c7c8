// The bare page's server: Express and Remix's Express adapter, as in Remix's own Express template.
import path from 'node:path'
import { createRequestHandler } from '@remix-run/express'
import express from 'express'
import expressStaticGzip from 'express-static-gzip'

const out = process.env.BARE_BUILD_DIR
const build = await import(path.join(out, 'server/index.js'))
const app = express()
app.disable('x-powered-by')
// Assets as the app serves them: compressed once at build time, brotli first.
app.use(
  '/build',
  expressStaticGzip(path.join(out, 'client'), {
    enableBrotli: true,
    orderPreference: ['br', 'gz'],
    serveStatic: { immutable: true, maxAge: '1y', index: false, fallthrough: false },
  }),
)
app.all('*', createRequestHandler({ build, mode: 'production' }))
const server = app.listen(Number(process.env.PORT), '127.0.0.1', () => console.log(`listening ${server.address().port}`))
process.on('SIGTERM', () => server.close(() => process.exit(0)))
