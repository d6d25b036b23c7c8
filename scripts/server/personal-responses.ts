import type { NextFunction, Request, Response } from 'express'
import onHeaders from 'on-headers'

const SESSION_COOKIE = /(?:^|;\s*)__session=/

/** A request from someone signed in (or who was): what it gets may depend on who they are. */
export function carriesSession(req: Request): boolean {
  return SESSION_COOKIE.test(req.get('cookie') ?? '')
}

function setsSession(res: Response): boolean {
  const value = res.getHeader('set-cookie')
  const lines = Array.isArray(value) ? value : typeof value === 'string' ? [value] : []
  return lines.some((line) => line.trimStart().startsWith('__session='))
}

/**
 * Every response to a request with a session cookie, and every response that sets or clears
 * one, is `private, no-store`: the header shows the person's address, organiser pages their
 * participants, and school computers are shared. Decided as the headers go out, so it holds for
 * pages, data requests, resource routes, downloads and errors alike, whatever a route set.
 */
export function privateWhenPersonal(req: Request, res: Response, next: NextFunction) {
  const personal = carriesSession(req)
  onHeaders(res, () => {
    if (personal || setsSession(res)) res.setHeader('Cache-Control', 'private, no-store')
  })
  next()
}
