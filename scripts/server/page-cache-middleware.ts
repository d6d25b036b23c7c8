import type { NextFunction, Request, Response } from 'express'
import { resolveLocale } from '~/i18n/locale.server'
import { getDataVersion, getDb } from '~/utils/db.server'
import { isCacheablePath, PageCache, swapNonce, type CachedPage } from '~/utils/page-cache.server'
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
      const key = `${resolveLocale(req.get('cookie'), req.get('accept-language'))} ${req.originalUrl}`
      // Read before rendering: a change during the render leaves the entry already outdated.
      const version = await getDataVersion(getDb())
      const hit = cache.get(key, version)
      if (hit) return send(res, hit, nonce, 'HIT')

      // Someone else is rendering this page: share their result if it may be shared at all.
      const flightKey = `${version} ${key}`
      const pending = rendering.get(flightKey)
      // A failed render is not shared either.
      const shared = pending ? await pending.catch(() => undefined) : undefined
      if (shared?.cacheable) return send(res, shared.page, nonce, 'HIT')

      const render = (async () => {
        const { fetch } = await handlers()
        const response = await fetch(toFetchRequest(req), { cspNonce: nonce, clientIp: req.ip ?? 'unknown' })
        const page: CachedPage = {
          status: response.status,
          headers: [...response.headers],
          body: Buffer.from(await response.arrayBuffer()),
          nonce,
          version,
          storedAt: Date.now(),
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

function send(res: Response, page: CachedPage, nonce: string, state: 'HIT' | 'MISS') {
  res.status(page.status)
  for (const [name, value] of page.headers) {
    if (name !== 'content-length' && name !== 'transfer-encoding') res.append(name, value)
  }
  res.setHeader('X-Page-Cache', state)
  res.end(swapNonce(page.body, page.nonce, nonce))
}
