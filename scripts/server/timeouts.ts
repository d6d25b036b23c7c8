import type { ServerOptions } from 'node:http'
import type { NextFunction, Request, Response } from 'express'
import { translator } from '~/i18n/intl'
import { resolveLocale } from '~/i18n/locale.server'
import type { Env } from '~/utils/env.server'

/*
 * Deadlines for receiving a request (decision 009). Node's own are generous (60 s for the
 * headers, 300 s for the whole request) and checked only every 30 s, so 400 clients that stop
 * one byte short of their body held 100 MB for minutes.
 */

type Deadlines = Pick<Env, 'HEADERS_TIMEOUT_SECONDS' | 'BODY_TIMEOUT_SECONDS' | 'REQUEST_TIMEOUT_SECONDS'>

/** Node's limits: the headers, and the whole request (covering uploads, read as they stream in). */
export function httpServerOptions(env: Deadlines): ServerOptions {
  return {
    headersTimeout: env.HEADERS_TIMEOUT_SECONDS * 1000,
    requestTimeout: env.REQUEST_TIMEOUT_SECONDS * 1000,
    // How often Node looks for requests past those limits; its default of 30 s would add up to
    // that much to each of them.
    connectionsCheckingInterval: 1000,
  }
}

/**
 * A form's body must arrive within BODY_TIMEOUT_SECONDS of its headers; otherwise the answer is 408 and
 * the connection closes, which frees what was buffered. Uploads stream to the database as
 * they come (memory does not grow with a slow one), so they have the whole request's deadline.
 */
export function bodyDeadline(env: Deadlines, { uploads }: { uploads: RegExp }) {
  const bodyMs = env.BODY_TIMEOUT_SECONDS * 1000
  return (req: Request, res: Response, next: NextFunction) => {
    const hasBody = Number(req.get('content-length') ?? 0) > 0 || req.get('transfer-encoding') !== undefined
    if (!hasBody || uploads.test(req.path)) return next()
    const timer = setTimeout(() => {
      if (req.complete) return
      if (!res.headersSent) {
        const t = translator(resolveLocale(req.get('cookie'), req.get('accept-language')))
        res.status(408).set('Connection', 'close').type('text/plain').send(t('error.slowBody'))
      }
      // Whatever reads the body now sees it end in an error; the socket's buffers are freed.
      res.once('finish', () => req.socket.destroy())
      if (res.writableFinished) req.socket.destroy()
    }, bodyMs)
    const done = () => clearTimeout(timer)
    req.once('end', done)
    res.once('close', done)
    next()
  }
}
