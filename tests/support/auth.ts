import type { Kysely } from 'kysely'
import type { DB, Role } from '../../db/schema'
import { setRole } from '~/models/auth.server'

/*
 * Signing in the way a person does: ask for a link at /sign-in, read the link out of the
 * outbox (the test servers' SMTP server is a closed port, so the message stays pending with
 * its props), and POST to it. Nothing here forges a cookie or writes a session row.
 */

export const SIGN_IN_TEMPLATE = 'auth.sign-in'

export type SignedIn = {
  /** `__session=…`, ready for a Cookie header. */
  cookie: string
  /** The whole Set-Cookie line of the session cookie, attributes included. */
  setCookie: string
  /** Where the sign-in sent the browser (/my/bookings or /organiser). */
  location: string
}

type RequestOptions = {
  /** Extra request headers for POST /sign-in (Accept-Language, X-Forwarded-For…). */
  headers?: Record<string, string>
}

/** The `__session=…` pair a response sets, or undefined when it sets none (or clears it). */
export function sessionCookieFrom(response: Response): { cookie: string; setCookie: string } | undefined {
  for (const line of response.headers.getSetCookie()) {
    const pair = line.split(';', 1)[0]!.trim()
    if (pair.startsWith('__session=') && pair.length > '__session='.length) return { cookie: pair, setCookie: line }
  }
  return undefined
}

async function newestSignInMessageId(db: Kysely<DB>, recipient: string): Promise<number> {
  const row = await db
    .selectFrom('outbox')
    .select('id')
    .where('recipient', '=', recipient)
    .where('template', '=', SIGN_IN_TEMPLATE)
    .orderBy('id', 'desc')
    .executeTakeFirst()
  return row?.id ?? 0
}

/** The sign-in link in the newest 'auth.sign-in' message to this address, if there is one newer than `after`. */
export async function signInLinkFromOutbox(db: Kysely<DB>, email: string, after = 0): Promise<string | undefined> {
  const row = await db
    .selectFrom('outbox')
    .select(['id', 'props'])
    .where('recipient', '=', email.trim().toLowerCase())
    .where('template', '=', SIGN_IN_TEMPLATE)
    .where('id', '>', after)
    .orderBy('id', 'desc')
    .executeTakeFirst()
  if (!row) return undefined
  if (row.props === null)
    throw new Error(`outbox message ${row.id} has no props (was it sent? the test server's SMTP_URL should be a closed port)`)
  const props = JSON.parse(row.props) as { signInUrl?: unknown }
  if (typeof props.signInUrl !== 'string') throw new Error(`outbox message ${row.id} has no signInUrl: ${row.props}`)
  return props.signInUrl
}

/** The newest sign-in link for an address, waiting a little for it to be queued. */
export async function awaitSignInLink(db: Kysely<DB>, email: string): Promise<string> {
  const deadline = Date.now() + 10_000
  for (;;) {
    const link = await signInLinkFromOutbox(db, email)
    if (link) return link
    if (Date.now() > deadline) throw new Error(`no sign-in message for ${email} in the outbox`)
    await new Promise((r) => setTimeout(r, 50))
  }
}

/**
 * POST /sign-in for the address and returns the link that was mailed. Throws when the form
 * does not answer 303 (a 429 from the rate limit, for example) or no new message appears.
 */
export async function requestSignInLink(
  serverUrl: string,
  db: Kysely<DB>,
  email: string,
  options: RequestOptions = {},
): Promise<string> {
  const recipient = email.trim().toLowerCase()
  const before = await newestSignInMessageId(db, recipient)
  const response = await fetch(`${serverUrl}/sign-in`, {
    method: 'POST',
    body: new URLSearchParams({ email }),
    headers: options.headers,
    redirect: 'manual',
  })
  await response.body?.cancel()
  if (response.status !== 303) throw new Error(`POST /sign-in for ${email} answered ${response.status}, not 303`)
  // The message is written in the same transaction as the token, before the answer; a short
  // poll only guards against a slow disk.
  const deadline = Date.now() + 10_000
  for (;;) {
    const link = await signInLinkFromOutbox(db, recipient, before)
    if (link) {
      if (new URL(link).origin !== new URL(serverUrl).origin) throw new Error(`sign-in link ${link} is not on ${serverUrl}`)
      return link
    }
    if (Date.now() > deadline) throw new Error(`no sign-in message for ${recipient} in the outbox`)
    await new Promise((r) => setTimeout(r, 50))
  }
}

/** POSTs to a sign-in link, as the button on the link's page does. */
export function postSignInLink(link: string, { cookie }: { cookie?: string } = {}): Promise<Response> {
  return fetch(link, {
    method: 'POST',
    body: new URLSearchParams(),
    headers: cookie ? { Cookie: cookie } : {},
    redirect: 'manual',
  })
}

/** Signs in through the real flow and returns the session cookie. */
export async function signIn(
  serverUrl: string,
  db: Kysely<DB>,
  email: string,
  options: RequestOptions & { cookie?: string } = {},
): Promise<SignedIn> {
  const link = await requestSignInLink(serverUrl, db, email, options)
  const response = await postSignInLink(link, { cookie: options.cookie })
  await response.body?.cancel()
  const session = sessionCookieFrom(response)
  const location = response.headers.get('location')
  if (response.status !== 303 || !session || !location) {
    throw new Error(
      `POST ${link} answered ${response.status} (location ${location}, session cookie ${session ? 'set' : 'missing'})`,
    )
  }
  return { ...session, location }
}

/**
 * A user with this role and exactly these organiser memberships; returns the user's id. The
 * role is given as `npm run create-admin` and the users page give it (setRole). Memberships
 * are written here: in the app they come only with an invitation, which mails a sign-in link.
 */
export async function makeUser(
  db: Kysely<DB>,
  { email, role, organiserIds = [], name = null }: { email: string; role: Role; organiserIds?: number[]; name?: string | null },
): Promise<number> {
  const user = await setRole(db, { email, role, name: name ?? undefined, actor: null, now: new Date() })
  await db.transaction().execute(async (trx) => {
    await trx.deleteFrom('organiser_members').where('user_id', '=', user.id).execute()
    if (organiserIds.length > 0) {
      await trx
        .insertInto('organiser_members')
        .values(organiserIds.map((organiserId) => ({ user_id: user.id, organiser_id: organiserId })))
        .execute()
    }
  })
  return user.id
}
