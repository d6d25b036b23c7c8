import { createCookie, redirect, type Cookie } from '@remix-run/node'
import { deleteUserSession, userForUserSession, type SignedInUser } from '~/models/auth.server'
import type { Role } from '~/models/vocabulary'
import { getDb } from '~/utils/db.server'
import { getEnv } from '~/utils/env.server'
import { singleton } from '~/utils/singleton.server'
import { refuse } from './refusals.server'

/** The login cookie: a signed, HttpOnly, SameSite=Lax id of a user session kept on the server. */
function userSessionCookie(): Cookie {
  return singleton('userSessionCookie', () => {
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

const usersByRequest = new WeakMap<Request, Promise<SignedInUser | undefined>>()

async function userSessionId(request: Request): Promise<string | undefined> {
  const value: unknown = await userSessionCookie().parse(request.headers.get('Cookie'))
  return typeof value === 'string' && value.length > 0 ? value : undefined
}

/** The signed-in user, looked up once per request. */
export function getUser(request: Request): Promise<SignedInUser | undefined> {
  let user = usersByRequest.get(request)
  if (!user) {
    user = userSessionId(request).then((id) => (id ? userForUserSession(getDb(), id, new Date()) : undefined))
    usersByRequest.set(request, user)
  }
  return user
}

/** Anyone signed in; anonymous visitors are sent to sign in and brought back. */
export async function requireUser(request: Request): Promise<SignedInUser> {
  const user = await getUser(request)
  if (!user) {
    const url = new URL(request.url)
    throw redirect(`/sign-in?redirectTo=${encodeURIComponent(url.pathname + url.search)}`)
  }
  return user
}

/** One of the given roles, or 403. */
export async function requireRole(request: Request, roles: Role[]): Promise<SignedInUser> {
  const user = await requireUser(request)
  if (!roles.includes(user.role)) refuse('forbidden')
  return user
}

export async function startUserSession(id: string): Promise<string> {
  return userSessionCookie().serialize(id)
}

export async function endUserSession(request: Request): Promise<string> {
  const id = await userSessionId(request)
  if (id) await deleteUserSession(getDb(), id)
  return userSessionCookie().serialize('', { maxAge: 0, expires: new Date(0) })
}

/** Where someone lands after signing in. */
export function homeFor(user: Pick<SignedInUser, 'role'>): string {
  return user.role === 'participant' ? '/my/bookings' : '/organiser'
}
