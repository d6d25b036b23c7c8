import type { NextFunction, Request, Response } from 'express'
import { resolveLocale } from '~/i18n/locale.server'
import { sessionSeats } from '~/models/catalogue.server'
import { getDataVersions, getDb } from '~/utils/db.server'
import { isCacheablePath, PageCache, swapNonce, type CachedPage } from '~/utils/page-cache.server'
import { patchSeats } from '~/web/seat-patch.server'
import { toFetchRequest } from './fetch-request'
import { carriesSession } from './personal-responses'
import type { RemixHandlers } from './remix-build'

export function pageCacheMiddleware(handlers: () => Promise<RemixHandlers>, options: { ttlMs: number }) {
  const cache = new PageCache({ maxEntries: 2000, maxBytes: 64 * 1024 * 1024, ttlMs: options.ttlMs })
  // A page being rendered: everyone asking for it meanwhile waits for that one render
  // instead of starting their own (no stampede when a popular page changes).
  const rendering = new Map<string, Promise<{ page: CachedPage; cacheable: boolean }>>()
  return async (req: Request, res: Response, next: NextFunction) => {
    if (req.method !== 'GET' || !isCacheablePath(req.path) || carriesSession(req)) {
      return next()
    }
    try {
      const nonce = res.locals.cspNonce as string
      const locale = resolveLocale(req.get('cookie'), req.get('accept-language'))
      const key = `${locale} ${req.originalUrl}`
      // Read before rendering: a change during the render leaves the entry already outdated.
      const db = getDb()
      const { data: version, structure } = await getDataVersions(db)
      const cached = cache.peek(key)
      if (cached?.version === version) return send(res, cached, nonce, 'HIT')

      // Only seat counts changed since the render: bring them up to date in place.
      if (cached?.seats?.structure === structure) {
        const { tokens } = cached.seats
        const current = await sessionSeats(db, [...tokens.keys()], new Date())
        const patched = patchSeats(
          { body: cached.body, seats: tokens },
          { current, locale, document: !req.path.endsWith('.data') },
        )
        if (patched) {
          // Filed under the version read before the seats: a booking meanwhile outdates it.
          // storedAt stays the render's, so what changes with the clock alone still expires.
          const page: CachedPage = { ...cached, body: patched.body, version, seats: { structure, tokens: patched.seats } }
          cache.set(key, page)
          return send(res, page, nonce, 'PATCHED')
        }
      }

      // Someone else is rendering this page: share their result if it may be shared at all.
      const flightKey = `${version} ${key}`
      const pending = rendering.get(flightKey)
      // A failed render is not shared either.
      const shared = pending ? await pending.catch(() => undefined) : undefined
      if (shared?.cacheable) return send(res, shared.page, nonce, 'HIT')

      const render = (async () => {
        const { fetch } = await handlers()
        const pageSeats = new Map<number, string>()
        const response = await fetch(toFetchRequest(req), { cspNonce: nonce, clientIp: req.ip ?? 'unknown', pageSeats })
        const page: CachedPage = {
          status: response.status,
          headers: [...response.headers],
          body: Buffer.from(await response.arrayBuffer()),
          nonce,
          version,
          storedAt: Date.now(),
          seats: pageSeats.size > 0 ? { structure, tokens: pageSeats } : undefined,
        }
        // An error page or one that sets a cookie belongs to this request alone.
        const cacheable = response.status === 200 && !response.headers.has('set-cookie')
        if (cacheable) cache.set(key, page)
        return { page, cacheable }
      })()
      if (!pending) rendering.set(flightKey, render)
      try {
        send(res, (await render).page, nonce, 'MISS')
      } finally {
        if (rendering.get(flightKey) === render) rendering.delete(flightKey)
      }
    } catch (error) {
      next(error)
    }
  }
}

function send(res: Response, page: CachedPage, nonce: string, state: 'HIT' | 'PATCHED' | 'MISS') {
  res.status(page.status)
  for (const [name, value] of page.headers) {
    if (name !== 'content-length' && name !== 'transfer-encoding') res.append(name, value)
  }
  res.setHeader('X-Page-Cache', state)
  res.end(swapNonce(page.body, page.nonce, nonce))
}
