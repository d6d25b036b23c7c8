import type { NextFunction, Request, Response } from 'express'
import { resolveLocale } from '~/i18n/locale.server'
import { sessionSeats } from '~/models/catalogue.server'
import type { PageSeatsRecord } from '~/models/seat-token'
import { getDataVersions, getDb } from '~/utils/db.server'
import { gzipTemplate, gzipWithNonce, type GzipTemplate } from '~/utils/gzip-with-nonce.server'
import { isCacheablePath, chunksWithNonce, PageCache, splitAtNonce, type CachedPage } from '~/utils/page-cache.server'
import { patchSeats, type PageSeats } from '~/web/seat-patch.server'
import { toFetchRequest } from './fetch-request'
import { carriesSession } from './personal-responses'
import type { RemixHandlers } from './remix-build'

/** A page that may be brought up to date in place: the structure version it was rendered at, and its seats. */
type SeatsOfPage = { structure: string } & PageSeats
type Update = { page: CachedPage<SeatsOfPage>; cacheable: boolean; state: 'PATCHED' | 'MISS' }

/**
 * What the page cache answers: GETs of public catalogue pages from someone not signed in. The
 * server leaves these out of its compression middleware: send() compresses them itself.
 */
export function servedByPageCache(req: Request): boolean {
  return req.method === 'GET' && isCacheablePath(req.path) && !carriesSession(req)
}

export function pageCacheMiddleware(handlers: () => Promise<RemixHandlers>, options: { ttlMs: number }) {
  const cache = new PageCache<SeatsOfPage>({ maxEntries: 2000, maxBytes: 64 * 1024 * 1024, ttlMs: options.ttlMs })
  // A page being rendered or patched: everyone asking for it meanwhile waits for that one
  // update instead of starting their own (no stampede when a popular page changes).
  const updating = new Map<string, Promise<Update>>()
  return async (req: Request, res: Response, next: NextFunction) => {
    if (!servedByPageCache(req)) return next()
    try {
      const nonce = res.locals.cspNonce as string
      const locale = resolveLocale(req.get('cookie'), req.get('accept-language'))
      const key = `${locale} ${req.originalUrl}`
      // Read before rendering: a change during the render leaves the entry already outdated.
      const db = getDb()
      const { data: version, structure } = await getDataVersions(db)
      const cached = cache.peek(key)
      if (cached?.version === version) return send(req, res, cached, { nonce, state: 'HIT' })

      // Someone else is bringing this page up to date: share their result if it may be shared.
      const flightKey = `${version} ${key}`
      const pending = updating.get(flightKey)
      // A failed render is not shared either.
      const shared = pending ? await pending.catch(() => undefined) : undefined
      if (shared?.cacheable) return send(req, res, shared.page, { nonce, state: 'HIT' })

      const update = (async (): Promise<Update> => {
        // Only seat counts changed since the render: bring them up to date in place.
        if (cached?.seats?.structure === structure) {
          const current = await sessionSeats(db, [...cached.seats.tokens.keys()], new Date())
          const patched = patchSeats(
            { body: cached.body, seats: cached.seats },
            { current, locale, document: !req.path.endsWith('.data') },
          )
          if (patched) {
            // Filed under the version read before the seats: a booking meanwhile outdates it.
            // storedAt stays the render's, so what changes with the clock alone still expires.
            const page: CachedPage<SeatsOfPage> = {
              ...cached,
              body: patched.body,
              version,
              seats: { structure, ...patched.seats },
            }
            cache.set(key, page)
            return { page, cacheable: true, state: 'PATCHED' }
          }
        }
        const { fetch } = await handlers()
        const pageSeats: PageSeatsRecord = { tokens: new Map() }
        const response = await fetch(toFetchRequest(req), { cspNonce: nonce, clientIp: req.ip ?? 'unknown', pageSeats })
        const page: CachedPage<SeatsOfPage> = {
          status: response.status,
          headers: [...response.headers],
          body: Buffer.from(await response.arrayBuffer()),
          nonce,
          version,
          storedAt: Date.now(),
          seats:
            pageSeats.page && pageSeats.tokens.size > 0
              ? { structure, page: pageSeats.page, tokens: pageSeats.tokens }
              : undefined,
        }
        // An error page or one that sets a cookie belongs to this request alone.
        const cacheable = response.status === 200 && !response.headers.has('set-cookie')
        if (cacheable) cache.set(key, page)
        return { page, cacheable, state: 'MISS' }
      })()
      if (!pending) updating.set(flightKey, update)
      try {
        const done = await update
        send(req, res, done.page, { nonce, state: done.state })
      } finally {
        if (updating.get(flightKey) === update) updating.delete(flightKey)
      }
    } catch (error) {
      next(error)
    }
  }
}

// By body: a page brought up to date in place is a new body, and its old templates go with the old body.
const templates = new WeakMap<Buffer, { parts: Buffer[]; gzip?: GzipTemplate }>()

function templatesOf(page: CachedPage<SeatsOfPage>) {
  let found = templates.get(page.body)
  if (!found) templates.set(page.body, (found = { parts: splitAtNonce(page.body, page.nonce) }))
  return found
}

/**
 * Every browser asks for compression: a cached page is compressed once, not per response
 * (gzip-with-nonce.server.ts). The compression middleware never sees these requests
 * (servedByPageCache), so a page served once, not kept, is compressed here the same way.
 */
function send(
  req: Request,
  res: Response,
  page: CachedPage<SeatsOfPage>,
  { nonce, state }: { nonce: string; state: 'HIT' | 'PATCHED' | 'MISS' },
) {
  res.status(page.status)
  for (const [name, value] of page.headers) {
    if (name !== 'content-length' && name !== 'transfer-encoding') res.append(name, value)
  }
  res.setHeader('X-Page-Cache', state)
  res.vary('Accept-Encoding')
  const found = templatesOf(page)
  if (req.acceptsEncodings('gzip')) {
    found.gzip ??= gzipTemplate(found.parts)
    res.setHeader('Content-Encoding', 'gzip')
    return endWith(res, gzipWithNonce(found.gzip, nonce))
  }
  endWith(res, chunksWithNonce(found.parts, nonce))
}

/** The chunks as one body, in one write to the socket: the cached parts are sent as they are, not copied. */
function endWith(res: Response, chunks: Buffer[]) {
  res.setHeader(
    'Content-Length',
    chunks.reduce((sum, chunk) => sum + chunk.length, 0),
  )
  res.cork()
  for (const chunk of chunks) res.write(chunk)
  res.end()
}
