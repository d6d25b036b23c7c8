import type { Kysely } from 'kysely'
import { z } from 'zod'
import type { DB, Role, User } from '../../db/schema'
import type { Locale } from '~/i18n/locales'
import { writeTransaction, type Db } from '~/utils/db.server'
import { emailAddress, parseForm } from '~/utils/fields.server'
import { hashToken, looksLikeToken, newToken } from '~/utils/tokens.server'
import { recordAudit } from './audit.server'
import { enqueueEmail } from './outbox.server'
import { clientNetwork } from './rate-limits.server'

/*
 * Passwordless sign-in. A link in an e-mail opens a page; only the POST from that page uses
 * the token up, so mail scanners that fetch links do not sign anyone in or burn the link.
 */

export const SIGN_IN_LINK_MINUTES = 15
const SESSION_DAYS = 30
export const RATE_LIMITS = {
  /**
   * Sign-in e-mails to one address, counted from the links themselves. More requests are not
   * refused: they answer as usual and keep the links already mailed working (see below).
   */
  email: { max: 5, windowMs: SIGN_IN_LINK_MINUTES * 60_000 },
  /** Sign-in requests from one IP address (an IPv6 client: its /64). */
  ip: { max: 20, windowMs: 15 * 60_000 },
}

/** The sign-in form: the address to mail a link to. */
export const SignInForm = z.object({ email: emailAddress({ required: 'registration.error.email' }) })

export function parseSignInForm(form: FormData) {
  return parseForm(SignInForm, form)
}

export type SignInRequestResult = { kind: 'sent' } | { kind: 'rate_limited'; retryAfterSeconds: number }

/**
 * Mails a sign-in link to any address: the answer is the same whether or not an account
 * exists (one is made when the link is used), so the form tells nobody who is registered.
 *
 * Nobody can lock an address out by asking for it: once it has had `RATE_LIMITS.email.max`
 * links in the window, a request mails nothing and answers the same, and instead the unused
 * links of the window stay valid for the full link time from this request. So the owner, who
 * may be the one asking, always has a working link in the mailbox, and an attacker gains at
 * most that many e-mails per window. A link lives at most a window plus its own 15 minutes.
 */
export async function requestSignIn(
  db: Kysely<DB>,
  {
    email,
    ip,
    locale,
    now,
    appUrl,
    invitedTo,
    redirectTo,
  }: { email: string; ip: string; locale: Locale; now: Date; appUrl: string; invitedTo?: string; redirectTo?: string },
): Promise<SignInRequestResult> {
  const address = email.trim().toLowerCase()
  return writeTransaction(db, async (trx) => {
    const retryAfterSeconds = await hitRateLimit(trx, `ip:${clientNetwork(ip)}`, RATE_LIMITS.ip, now)
    if (retryAfterSeconds !== undefined) return { kind: 'rate_limited', retryAfterSeconds }
    const since = new Date(now.getTime() - RATE_LIMITS.email.windowMs).toISOString()
    const { mailed } = await trx
      .selectFrom('login_tokens')
      .select((eb) => eb.fn.countAll<number>().as('mailed'))
      .where('email', '=', address)
      .where('created_at', '>', since)
      .executeTakeFirstOrThrow()
    if (Number(mailed) >= RATE_LIMITS.email.max) {
      const validUntil = new Date(now.getTime() + SIGN_IN_LINK_MINUTES * 60_000).toISOString()
      await trx
        .updateTable('login_tokens')
        .set({ expires_at: validUntil })
        .where('email', '=', address)
        .where('created_at', '>', since)
        .where('used_at', 'is', null)
        .where('expires_at', '<', validUntil)
        .execute()
      return { kind: 'sent' }
    }
    const token = await createSignInToken(trx, address, now)
    await enqueueEmail(
      trx,
      {
        key: `sign-in:${hashToken(token)}`,
        template: 'auth.sign-in',
        recipient: address,
        locale,
        props: {
          // Where they were going when asked to sign in comes back with the link.
          signInUrl: `${appUrl}/sign-in/${token}${redirectTo ? `?redirectTo=${encodeURIComponent(redirectTo)}` : ''}`,
          validMinutes: SIGN_IN_LINK_MINUTES,
          email: address,
          invitedTo,
        },
      },
      { now, messageDomain: new URL(appUrl).hostname },
    )
    return { kind: 'sent' }
  })
}

export async function createSignInToken(trx: Db, email: string, now: Date): Promise<string> {
  const token = newToken()
  await trx
    .insertInto('login_tokens')
    .values({
      token_hash: hashToken(token),
      email,
      created_at: now.toISOString(),
      expires_at: new Date(now.getTime() + SIGN_IN_LINK_MINUTES * 60_000).toISOString(),
      used_at: null,
    })
    .execute()
  return token
}

export type SignInTokenState = 'valid' | 'expired' | 'used' | 'unknown'

async function findSignInToken(db: Db, token: string) {
  // Anything but the shape we hand out is not worth a query.
  if (!looksLikeToken(token)) return undefined
  return db
    .selectFrom('login_tokens')
    .select(['email', 'used_at', 'expires_at'])
    .where('token_hash', '=', hashToken(token))
    .executeTakeFirst()
}

function stateOf(row: Awaited<ReturnType<typeof findSignInToken>>, now: Date): SignInTokenState {
  if (!row) return 'unknown'
  if (row.used_at) return 'used'
  if (row.expires_at <= now.toISOString()) return 'expired'
  return 'valid'
}

/** What a GET of the link may know: whether it works, and whom it signs in. Nothing is changed. */
export async function getSignInLink(
  db: Db,
  { token, now }: { token: string; now: Date },
): Promise<{ state: SignInTokenState; email: string | null }> {
  const row = await findSignInToken(db, token)
  const state = stateOf(row, now)
  return { state, email: state === 'valid' && row ? row.email : null }
}

export type SignInResult =
  { kind: 'signed_in'; userSessionId: string; user: Pick<User, 'id' | 'role'> } | { kind: Exclude<SignInTokenState, 'valid'> }

/**
 * Uses the token up (once: a conditional UPDATE), makes the account on first use, and opens a
 * new server-side session. The caller drops any session the browser had before.
 */
export async function completeSignIn(db: Kysely<DB>, { token, now }: { token: string; now: Date }): Promise<SignInResult> {
  if (!looksLikeToken(token)) return { kind: 'unknown' }
  return writeTransaction(db, async (trx) => {
    const nowIso = now.toISOString()
    const used = await trx
      .updateTable('login_tokens')
      .set({ used_at: nowIso })
      .where('token_hash', '=', hashToken(token))
      .where('used_at', 'is', null)
      .where('expires_at', '>', nowIso)
      .returning('email')
      .executeTakeFirst()
    if (!used) {
      const state = stateOf(await findSignInToken(trx, token), now)
      return { kind: state === 'valid' ? 'unknown' : state }
    }
    let user = await trx.selectFrom('users').selectAll().where('email', '=', used.email).executeTakeFirst()
    if (!user) {
      user = await trx
        .insertInto('users')
        .values({ email: used.email, name: null, role: 'participant', created_at: nowIso, last_sign_in_at: nowIso })
        .returningAll()
        .executeTakeFirstOrThrow()
    } else {
      await trx.updateTable('users').set({ last_sign_in_at: nowIso }).where('id', '=', user.id).execute()
    }
    const userSessionId = newToken()
    await trx
      .insertInto('user_sessions')
      .values({
        id_hash: hashToken(userSessionId),
        user_id: user.id,
        created_at: nowIso,
        expires_at: new Date(now.getTime() + SESSION_DAYS * 86_400_000).toISOString(),
      })
      .execute()
    return { kind: 'signed_in', userSessionId, user: { id: user.id, role: user.role } }
  })
}

export type SignedInUser = Pick<User, 'id' | 'email' | 'name' | 'role'> & { organiserIds: number[] }

/** The user behind a login's id from the cookie, or undefined when it is unknown or expired. */
export async function userForUserSession(db: Db, userSessionId: string, now: Date): Promise<SignedInUser | undefined> {
  const row = await db
    .selectFrom('user_sessions')
    .innerJoin('users', 'users.id', 'user_sessions.user_id')
    .select(['users.id', 'users.email', 'users.name', 'users.role'])
    .where('user_sessions.id_hash', '=', hashToken(userSessionId))
    .where('user_sessions.expires_at', '>', now.toISOString())
    .executeTakeFirst()
  if (!row) return undefined
  const memberships = await db.selectFrom('organiser_members').select('organiser_id').where('user_id', '=', row.id).execute()
  return { ...row, organiserIds: memberships.map((m) => m.organiser_id) }
}

/** Sign-out ends the login on the server, not just in the browser. */
export async function deleteUserSession(db: Db, userSessionId: string): Promise<void> {
  await db.deleteFrom('user_sessions').where('id_hash', '=', hashToken(userSessionId)).execute()
}

/**
 * Counts an attempt under `key` and answers how many seconds to wait when the limit is
 * exceeded. Old hits are cleared as we go.
 */
async function hitRateLimit(
  trx: Db,
  key: string,
  limit: { max: number; windowMs: number },
  now: Date,
): Promise<number | undefined> {
  const since = new Date(now.getTime() - limit.windowMs).toISOString()
  await trx.deleteFrom('rate_limit_hits').where('key', '=', key).where('at', '<=', since).execute()
  const hits = await trx.selectFrom('rate_limit_hits').select('at').where('key', '=', key).orderBy('at').execute()
  if (hits.length >= limit.max) {
    const oldest = Date.parse(hits[0]!.at)
    return Math.max(1, Math.ceil((oldest + limit.windowMs - now.getTime()) / 1000))
  }
  await trx.insertInto('rate_limit_hits').values({ key, at: now.toISOString() }).execute()
  return undefined
}

/** Makes someone an admin (the first one, from the command line) or changes a role. */
export async function setRole(
  db: Kysely<DB>,
  { email, role, name, actor, now }: { email: string; role: Role; name?: string; actor: SignedInUser | null; now: Date },
): Promise<User> {
  const address = email.trim().toLowerCase()
  return writeTransaction(db, async (trx) => {
    const existing = await trx.selectFrom('users').selectAll().where('email', '=', address).executeTakeFirst()
    const user = existing
      ? await trx
          .updateTable('users')
          .set({ role, name: name ?? existing.name })
          .where('id', '=', existing.id)
          .returningAll()
          .executeTakeFirstOrThrow()
      : await trx
          .insertInto('users')
          .values({ email: address, name: name ?? null, role, created_at: now.toISOString(), last_sign_in_at: null })
          .returningAll()
          .executeTakeFirstOrThrow()
    await recordAudit(trx, {
      actor,
      action: 'user.role',
      entityType: 'user',
      entityId: user.id,
      details: { email: address, from: existing?.role ?? null, to: role },
      now,
    })
    return user
  })
}
