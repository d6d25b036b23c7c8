import { Writable } from 'node:stream'
import type { AppLoadContext, EntryContext } from '@remix-run/node'
import { isRouteErrorResponse, RemixServer } from '@remix-run/react'
import { renderToPipeableStream } from 'react-dom/server'
import { messagesScript } from './i18n/message-data'
import { recordMessageUse, usedMessages, type MessageUse } from './i18n/message-use.server'
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
  const messages: MessageUse = new Map()

  /*
   * The whole document is rendered before a byte is sent, and sent in one piece: our pages are
   * small and their data is loaded before rendering starts, so streaming only added work per
   * chunk. It also lets the document carry the messages it used to the browser (decision 022).
   */
  return new Promise<Response>((resolve, reject) => {
    const chunks: Buffer[] = []
    const abortTimer = setTimeout(() => abort(), streamTimeout + 1_000)
    const { pipe, abort } = recordMessageUse(messages, () =>
      renderToPipeableStream(
        <NonceProvider value={nonce}>
          <RemixServer context={remixContext} url={request.url} nonce={nonce} />
        </NonceProvider>,
        {
          nonce,
          onAllReady() {
            const collect = new Writable({
              write(chunk: Buffer, _encoding, done) {
                chunks.push(chunk)
                done()
              },
              final(done) {
                clearTimeout(abortTimer)
                responseHeaders.set('Content-Type', 'text/html; charset=utf-8')
                // React's patched writer sends a finished render as one chunk (decision 022).
                const html = chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks)
                const body = withMessages(html, messages, nonce)
                // A view of the same bytes, not a copy.
                resolve(
                  new Response(new Uint8Array(body.buffer as ArrayBuffer, body.byteOffset, body.byteLength), {
                    headers: responseHeaders,
                    status: responseStatusCode,
                  }),
                )
                done()
              },
            })
            pipe(collect)
          },
          onShellError(error: unknown) {
            clearTimeout(abortTimer)
            reject(error)
          },
          onError(error: unknown) {
            responseStatusCode = 500
            logError(error, request)
          },
        },
      ),
    )
  })
}

/** The document with the messages its render used, as data for the browser's first render. */
function withMessages(html: Buffer, use: MessageUse, nonce: string): Buffer {
  const end = html.lastIndexOf('</body>')
  if (end === -1 || use.size === 0) return html
  return Buffer.concat([html.subarray(0, end), Buffer.from(messagesScript(usedMessages(use), nonce)), html.subarray(end)])
}
