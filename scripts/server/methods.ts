import type { NextFunction, Request, Response } from 'express'

const ALLOWED = new Set(['GET', 'HEAD', 'POST'])

/**
 * HTML forms send GET and POST, and nothing here takes another method. Any other method is
 * answered 405 before a route runs: otherwise Remix hands a PUT or PATCH to a route's action
 * as if it were the form's POST (a PATCH to a cancel page cancelled the booking), and logs a
 * DELETE with its whole URL.
 */
export function formMethodsOnly(req: Request, res: Response, next: NextFunction) {
  if (ALLOWED.has(req.method)) return next()
  res.status(405).set('Allow', 'GET, HEAD, POST').type('text/plain').send('This address takes GET and POST only.')
}
