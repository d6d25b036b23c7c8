import type { Request as ExpressRequest, Response as ExpressResponse } from 'express'

/**
 * The Fetch API Request that Remix code expects, for an Express request we answer ourselves
 * (page cache, downloads). Given the response, its signal aborts when that client goes away,
 * so work done for that client alone stops too.
 */
export function toFetchRequest(req: ExpressRequest, abortWith?: ExpressResponse): Request {
  const headers = new Headers()
  for (const [name, value] of Object.entries(req.headers)) {
    if (value === undefined) continue
    for (const v of Array.isArray(value) ? value : [value]) headers.append(name, v)
  }
  const controller = new AbortController()
  abortWith?.on('close', () => controller.abort())
  return new Request(`${req.protocol}://${req.get('host') ?? 'localhost'}${req.originalUrl}`, {
    method: req.method,
    headers,
    signal: controller.signal,
  })
}
