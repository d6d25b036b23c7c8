import { Transform, type TransformCallback } from 'node:stream'
import type { AppLoadContext, EntryContext } from '@remix-run/node'
import { createReadableStreamFromReadable } from '@remix-run/node'
import { isRouteErrorResponse, RemixServer } from '@remix-run/react'
import { isbot } from 'isbot'
import { renderToPipeableStream } from 'react-dom/server'
import { logError } from './utils/log.server'
import { NonceProvider } from './utils/nonce'

export const streamTimeout = 5_000

/**
 * Remix's own logging prints whole URLs, tokens included ("You made a DELETE request to
 * /registrations/<token>…"); this logs the same errors with tokens masked.
 */
export function handleError(error: unknown, { request }: { request: Request }) {
  if (request.signal.aborted) return
  // Remix wraps its own refusals (405, 404 of a route) around the Error that says why.
  const internal: unknown = isRouteErrorResponse(error) ? (error as { error?: unknown }).error : undefined
  logError(internal ?? error, request)
}

export default function handleRequest(
  request: Request,
  responseStatusCode: number,
  responseHeaders: Headers,
  remixContext: EntryContext,
  loadContext: AppLoadContext,
) {
  const nonce = typeof loadContext.cspNonce === 'string' ? loadContext.cspNonce : ''
  // Crawlers get the whole document at once; people get the shell as soon as it is ready.
  const readyEvent = isbot(request.headers.get('user-agent') ?? '') ? 'onAllReady' : 'onShellReady'

  return new Promise((resolve, reject) => {
    let shellRendered = false
    // Cleared when the response ends: a pending timer would keep the whole render in memory.
    const abortTimer = setTimeout(() => abort(), streamTimeout + 1_000)
    const { pipe, abort } = renderToPipeableStream(
      <NonceProvider value={nonce}>
        <RemixServer context={remixContext} url={request.url} nonce={nonce} />
      </NonceProvider>,
      {
        nonce,
        [readyEvent]() {
          shellRendered = true
          const body = withoutNulBytes()
          body.once('close', () => clearTimeout(abortTimer))
          responseHeaders.set('Content-Type', 'text/html; charset=utf-8')
          resolve(new Response(createReadableStreamFromReadable(body), { headers: responseHeaders, status: responseStatusCode }))
          pipe(body)
        },
        onShellError(error: unknown) {
          clearTimeout(abortTimer)
          reject(error)
        },
        onError(error: unknown) {
          responseStatusCode = 500
          // Errors before the shell are reported by onShellError; later ones are logged here.
          if (shellRendered) logError(error, request)
        },
      },
    )
  })
}

/*
 * React 18.3.1 sends the unused last byte of its 2 KB buffer as NUL when a multi-byte letter
 * does not fit at its end (facebook/react#31134), which Czech text hits on long pages.
 * UTF-8 never uses 0x00 inside a letter, so dropping every NUL repairs the page exactly.
 */
function withoutNulBytes(): Transform {
  return new Transform({
    transform(chunk: Buffer, _encoding: BufferEncoding, done: TransformCallback) {
      if (chunk.indexOf(0) === -1) return done(null, chunk)
      done(
        null,
        chunk.filter((byte) => byte !== 0),
      )
    },
  })
}
