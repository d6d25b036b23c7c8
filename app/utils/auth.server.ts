import { createCookie, redirect, type Cookie } from '@remix-run/node'
import type { Role } from '../../db/schema'
import { endSession, userForSession, type SessionUser } from '~/models/auth.server'
import { getDb } from './db.server'
import { getEnv } from './env.server'
import { singleton } from './singleton.server'

/** The session cookie: a signed, HttpOnly, SameSite=Lax id of a session kept on the server. */
function sessionCookie(): Cookie {
  return singleton('sessionCookie', () => {
    const env = getEnv()
    return createCookie('__session', {
      path: '/',
      httpOnly: true,
      sameSite: 'lax',
      secure: env.APP_URL.startsWith('https://'),
      maxAge: 30 * 86_400,
      // The first secret signs; all of them verify, so a secret can be rotated.
      secrets: env.SESSION_SECRETS,
    })
  })
}

const usersByRequest = new WeakMap<Request, Promise<SessionUser | undefined>>()

async function sessionId(request: Request): Promise<string | undefined> {
  const value: unknown = await sessionCookie().parse(request.headers.get('Cookie'))
  return typeof value === 'string' && value.length > 0 ? value : undefined
}

/** The signed-in user, looked up once per request. */
export function getUser(request: Request): Promise<SessionUser | undefined> {
  let user = usersByRequest.get(request)
  if (!user) {
    user = sessionId(request).then((id) => (id ? userForSession(getDb(), id, new Date()) : undefined))
    usersByRequest.set(request, user)
  }
  return user
}

/** Anyone signed in; anonymous visitors are sent to sign in and brought back. */
export async function requireUser(request: Request): Promise<SessionUser> {
  const user = await getUser(request)
  if (!user) {
    const url = new URL(request.url)
    throw redirect(`/sign-in?redirectTo=${encodeURIComponent(url.pathname + url.search)}`)
  }
  return user
}

/** One of the given roles, or 403. */
export async function requireRole(request: Request, roles: Role[]): Promise<SessionUser> {
  const user = await requireUser(request)
  if (!roles.includes(user.role)) throw new Response('Forbidden', { status: 403 })
  return user
}

export async function startUserSession(id: string): Promise<string> {
  return sessionCookie().serialize(id)
}

export async function endUserSession(request: Request): Promise<string> {
  const id = await sessionId(request)
  if (id) await endSession(getDb(), id)
  return sessionCookie().serialize('', { maxAge: 0, expires: new Date(0) })
}

/** Where someone lands after signing in. */
export function homeFor(user: Pick<SessionUser, 'role'>): string {
  return user.role === 'participant' ? '/my/bookings' : '/organiser'
}
