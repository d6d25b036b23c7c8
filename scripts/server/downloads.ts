import type { ReadableStream as WebReadableStream } from 'node:stream/web'
import { Readable } from 'node:stream'
import { pipeline } from 'node:stream/promises'
import express, { type Request as ExpressRequest, type Response as ExpressResponse } from 'express'
import { requireRegistration } from '~/web/booking-links.server'
import { parseId } from '~/utils/fields.server'
import { getUser } from '~/web/user-session.server'
import { logError } from '~/utils/log.server'
import { requireOrganiser } from '~/web/guards.server'
import { worksheetDownload } from '~/web/worksheet-download.server'
import { toFetchRequest } from './fetch-request'

/*
 * Worksheet downloads are served here rather than through Remix: Remix's Express adapter writes
 * a response body as fast as it can read it, without waiting for the client, so a 100 MB file
 * to a slow phone would sit in memory. Piping respects backpressure: one chunk at a time.
 */
export function worksheetDownloads() {
  const router = express.Router()
  router.get('/worksheets/:id/download', (req, res) =>
    serve(req, res, async (request) => {
      const worksheetId = parseId(req.params.id)
      if (!worksheetId) throw new Response('Not found', { status: 404 })
      const user = await getUser(request)
      return worksheetDownload(request, { worksheetId, requester: user ? { kind: 'user', user } : { kind: 'anonymous' } })
    }),
  )
  router.get('/registrations/:token/worksheets/:id', (req, res) =>
    serve(req, res, async (request) => {
      const { registration } = await requireRegistration(req.params.token, new Date())
      const worksheetId = parseId(req.params.id)
      if (!worksheetId) throw new Response('Not found', { status: 404 })
      return worksheetDownload(request, { worksheetId, requester: { kind: 'registration', registrationId: registration.id } })
    }),
  )
  router.get('/organiser/worksheets/:id/versions/:versionId', (req, res) =>
    serve(req, res, async (request) => {
      const user = await requireOrganiser(request)
      const worksheetId = parseId(req.params.id)
      const versionId = parseId(req.params.versionId)
      if (!worksheetId || !versionId) throw new Response('Not found', { status: 404 })
      return worksheetDownload(request, { worksheetId, versionId, requester: { kind: 'user', user } })
    }),
  )
  return router
}

async function serve(req: ExpressRequest, res: ExpressResponse, handle: (request: Request) => Promise<Response>) {
  let response: Response
  try {
    response = await handle(toFetchRequest(req, res))
  } catch (thrown) {
    // Guards throw Responses: redirects to sign-in, 403, 404.
    if (!(thrown instanceof Response)) {
      logError(thrown, { method: req.method, url: req.originalUrl })
      response = new Response('Internal server error.', { status: 500 })
    } else {
      response = thrown
    }
  }
  res.status(response.status)
  // append, not set: several Set-Cookie headers must all arrive.
  response.headers.forEach((value, name) => res.append(name, value))
  if (!response.body || req.method === 'HEAD') {
    await response.body?.cancel()
    return res.end()
  }
  try {
    await pipeline(Readable.fromWeb(response.body as WebReadableStream), res)
  } catch {
    // The client went away mid-download; nothing to do.
  }
}
