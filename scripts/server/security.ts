import { randomFillSync } from 'node:crypto'
import type { NextFunction, Request, Response } from 'express'
import helmet from 'helmet'

const NONCE_BYTES = 16
// Random bytes for 256 nonces at a time: asking the generator for 16 bytes on every request
// was 2.5 % of the server's CPU serving cached pages. Each byte is handed out once.
const noncePool = Buffer.alloc(NONCE_BYTES * 256)
let nonceAt = noncePool.length

/** 128 random bits, base64: this response's CSP nonce. */
export function newNonce(): string {
  if (nonceAt === noncePool.length) {
    randomFillSync(noncePool)
    nonceAt = 0
  }
  nonceAt += NONCE_BYTES
  return noncePool.toString('base64', nonceAt - NONCE_BYTES, nonceAt)
}

/** A fresh CSP nonce per response; inline scripts Remix renders carry it. */
export function cspNonce(_req: Request, res: Response, next: NextFunction) {
  res.locals.cspNonce = newNonce()
  next()
}

export function securityHeaders({ appUrl, development }: { appUrl: string; development: boolean }) {
  return helmet({
    contentSecurityPolicy: {
      useDefaults: false,
      directives: {
        'default-src': ["'self'"],
        'script-src': ["'self'", (_req, res) => `'nonce-${(res as Response).locals.cspNonce}'`],
        'style-src': ["'self'"],
        'img-src': ["'self'", 'data:'],
        'font-src': ["'self'"],
        'connect-src': development ? ["'self'", 'ws://localhost:*'] : ["'self'"],
        'form-action': ["'self'"],
        'frame-ancestors': ["'none'"],
        'base-uri': ["'self'"],
        'object-src': ["'none'"],
      },
    },
    // HSTS only makes sense once the site is served over https.
    strictTransportSecurity: appUrl.startsWith('https://') ? { maxAge: 31_536_000 } : false,
    referrerPolicy: { policy: 'strict-origin-when-cross-origin' },
    crossOriginEmbedderPolicy: false,
  })
}

/**
 * Refuses state-changing requests that another site started. Browsers send Origin on every
 * cross-site POST, so a mismatch is a forged form; a missing Origin (old clients, curl) is
 * allowed because SameSite=Lax cookies already keep such a request anonymous.
 */
export function sameOriginWrites(appUrl: string) {
  const allowed = new URL(appUrl).host
  return (req: Request, res: Response, next: NextFunction) => {
    if (req.method === 'GET' || req.method === 'HEAD' || req.method === 'OPTIONS') return next()
    const origin = req.get('origin')
    if (!origin) return next()
    let host = ''
    try {
      host = new URL(origin).host
    } catch {
      // "null" and other non-URLs fall through to the refusal
    }
    if (host === allowed || host === req.get('host')) return next()
    res.status(403).type('text/plain').send('Cross-site request refused.')
  }
}

/**
 * Forms here are small; a large body is refused before anything reads it. Upload routes get
 * a larger allowance, and each file's own limit is enforced as it streams in.
 */
export function limitBodySize(maxBytes: number, uploads: { path: RegExp; maxBytes: number }) {
  return (req: Request, res: Response, next: NextFunction) => {
    const upload = uploads.path.test(req.path)
    // A body without a length (chunked) cannot be checked up front, and a form parser would
    // read all of it; browsers always send a length with forms. Uploads are checked per file.
    if (!upload && req.get('transfer-encoding') !== undefined && req.get('content-length') === undefined) {
      res.status(411).type('text/plain').send('Content-Length is required.')
      return
    }
    const length = Number(req.get('content-length') ?? 0)
    const limit = upload ? uploads.maxBytes : maxBytes
    if (length > limit) {
      res.status(413).type('text/plain').send('The request is too large.')
      return
    }
    next()
  }
}
