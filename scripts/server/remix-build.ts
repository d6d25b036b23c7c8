import { statSync } from 'node:fs'
import path from 'node:path'
import { pathToFileURL } from 'node:url'
import { createRequestHandler as createExpressHandler } from '@remix-run/express'
import { broadcastDevReady, createRequestHandler as createFetchHandler, type ServerBuild } from '@remix-run/node'
import type { Response as ExpressResponse } from 'express'

const BUILD_PATH = path.resolve('build/server/index.js')
export const CLIENT_DIR = path.resolve('build/client')

export type RemixHandlers = {
  /** Streams straight into Express's response. */
  express: ReturnType<typeof createExpressHandler>
  /** Request in, Response out, for callers that keep the body (the page cache). */
  fetch: ReturnType<typeof createFetchHandler>
}

/**
 * Loads the Remix server build once; under `remix dev` (REMIX_DEV_ORIGIN set) it reloads
 * whenever the build on disk changes.
 */
export function remixHandlers({ development }: { development: boolean }): () => Promise<RemixHandlers> {
  const watching = Boolean(process.env.REMIX_DEV_ORIGIN)
  const mode = development ? 'development' : 'production'
  let loaded: { mtimeMs: number; handlers: Promise<RemixHandlers> } | undefined
  return () => {
    const mtimeMs = watching ? statSync(BUILD_PATH).mtimeMs : 0
    if (!loaded || loaded.mtimeMs !== mtimeMs) {
      const url = pathToFileURL(BUILD_PATH).href + (watching ? `?t=${mtimeMs}` : '')
      const handlers = import(url).then(async (build: ServerBuild) => {
        if (watching) await broadcastDevReady(build)
        return {
          express: createExpressHandler({
            build,
            mode,
            getLoadContext: (req, res: ExpressResponse) => ({
              cspNonce: res.locals.cspNonce as string,
              clientIp: req.ip ?? 'unknown',
            }),
          }),
          fetch: createFetchHandler(build, mode),
        }
      })
      loaded = { mtimeMs, handlers }
    }
    return loaded.handlers
  }
}
