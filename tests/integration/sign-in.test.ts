import { createHash, randomBytes } from 'node:crypto'
import type { Kysely } from 'kysely'
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import type { DB } from '../../db/schema'
import { makeUser, postSignInLink, requestSignInLink, sessionCookieFrom, signIn, signInLinkFromOutbox } from '../support/auth'
import { createTestDatabase, type TestDatabase } from '../support/database'
import { requestsTo, startServer, type RunningServer } from '../support/server'

/*
 * Passwordless sign-in over HTTP against the built server. The main server below takes
 * 13 sign-in requests (the per-IP limit is 20 in 15 minutes); the rate-limit tests start a
 * fresh server and database each.
 */

const sha256 = (text: string) => createHash('sha256').update(text).digest('hex')
const tokenOf = (link: string) => new URL(link).pathname.split('/').pop()!

let database: TestDatabase
let server: RunningServer
const db = (): Kysely<DB> => database.db

beforeAll(async () => {
  database = await createTestDatabase()
  server = await startServer({ DATABASE_URL: database.url })
})
afterAll(async () => {
  await server?.stop()
  await database?.cleanup()
})

const { get, post } = requestsTo(() => server)

async function userByEmail(email: string) {
  return db().selectFrom('users').selectAll().where('email', '=', email).executeTakeFirst()
}
async function sessionRows(email: string) {
  return db()
    .selectFrom('user_sessions')
    .innerJoin('users', 'users.id', 'user_sessions.user_id')
    .select(['user_sessions.id_hash', 'user_sessions.expires_at'])
    .where('users.email', '=', email)
    .execute()
}
/** The session id inside a signed cookie value (base64 of a JSON string, then ".signature"). */
function sessionIdIn(cookie: string): string {
  const value = decodeURIComponent(cookie.slice('__session='.length))
  const payload = value.slice(0, value.lastIndexOf('.'))
  return JSON.parse(Buffer.from(payload, 'base64').toString('utf8')) as string
}
/** Anonymous is what /my/bookings says: a redirect to sign in. */
async function isAnonymous(cookie: string): Promise<boolean> {
  const response = await get('/my/bookings', { Cookie: cookie })
  await response.body?.cancel()
  if (response.status === 200) return false
  expect([302, 303]).toContain(response.status)
  expect(response.headers.get('location')).toBe('/sign-in?redirectTo=%2Fmy%2Fbookings')
  return true
}

describe('a sign-in link', () => {
  it('works once: a second POST answers 410 and sets no session', async () => {
    const email = 'jednou@skola.example'
    const link = await requestSignInLink(server.url, db(), email)
    const first = await postSignInLink(link)
    expect(first.status).toBe(303)
    expect(first.headers.get('location')).toBe('/my/bookings')
    expect(sessionCookieFrom(first)).toBeDefined()
    expect(first.headers.get('cache-control')).toBe('private, no-store')

    const second = await postSignInLink(link)
    expect(second.status).toBe(410)
    expect(sessionCookieFrom(second)).toBeUndefined()
    expect(await second.text()).toContain('Tento odkaz už byl použit.')
    expect(await sessionRows(email)).toHaveLength(1)

    const page = await fetch(link)
    expect(page.status).toBe(410)
    expect(await page.text()).toContain('Tento odkaz už byl použit.')
  })

  it('is not used up by GETs (mail scanners): a POST afterwards still signs in', async () => {
    const email = 'skener@skola.example'
    const link = await requestSignInLink(server.url, db(), email)
    for (let i = 0; i < 3; i++) {
      const page = await fetch(link, { redirect: 'manual' })
      expect(page.status).toBe(200)
      expect(sessionCookieFrom(page)).toBeUndefined()
      const html = await page.text()
      expect(html).toContain(`Přihlásit se jako ${email}?`)
      expect(html).toContain('<meta name="referrer" content="strict-origin"/>')
      expect(html).toMatch(/<form method="post"/)
    }
    const token = await db()
      .selectFrom('login_tokens')
      .select('used_at')
      .where('token_hash', '=', sha256(tokenOf(link)))
      .executeTakeFirstOrThrow()
    expect(token.used_at).toBeNull()
    expect(await userByEmail(email)).toBeUndefined()

    const response = await postSignInLink(link)
    expect(response.status).toBe(303)
    expect(sessionCookieFrom(response)).toBeDefined()
  })

  it('is stored only as a hash and expires after 15 minutes', async () => {
    const email = 'pozde@skola.example'
    const link = await requestSignInLink(server.url, db(), email)
    const token = tokenOf(link)
    const rows = await db().selectFrom('login_tokens').selectAll().where('email', '=', email).execute()
    expect(rows).toHaveLength(1)
    const row = rows[0]!
    expect(row.token_hash).toBe(sha256(token))
    expect(JSON.stringify(rows)).not.toContain(token)
    expect(Date.parse(row.expires_at) - Date.parse(row.created_at)).toBe(15 * 60_000)

    await db()
      .updateTable('login_tokens')
      .set({ expires_at: new Date(Date.now() - 1000).toISOString() })
      .where('token_hash', '=', row.token_hash)
      .execute()
    const page = await fetch(link)
    expect(page.status).toBe(410)
    expect(await page.text()).toContain('Platnost odkazu vypršela.')
    const response = await postSignInLink(link)
    expect(response.status).toBe(410)
    expect(sessionCookieFrom(response)).toBeUndefined()
    expect(await userByEmail(email)).toBeUndefined()
    const after = await db()
      .selectFrom('login_tokens')
      .select('used_at')
      .where('token_hash', '=', row.token_hash)
      .executeTakeFirstOrThrow()
    expect(after.used_at).toBeNull()
  })

  it('is a page that caches and search engines do not keep (Cache-Control: no-store, X-Robots-Tag: noindex)', async () => {
    const link = await requestSignInLink(server.url, db(), 'nocache@skola.example')
    const valid = await fetch(link, { redirect: 'manual' })
    expect(valid.status).toBe(200)
    const unknown = await get(`/sign-in/${randomBytes(32).toString('base64url')}`)
    expect(unknown.status).toBe(404)
    const used = await postSignInLink(link)
    expect(used.status).toBe(303)
    const again = await postSignInLink(link)
    expect(again.status).toBe(410)
    for (const [name, response] of Object.entries({ valid, unknown, used, again })) {
      // The answer that sets the session cookie is personal as well: private, no-store.
      expect(response.headers.get('cache-control'), name).toBe(name === 'used' ? 'private, no-store' : 'no-store')
      expect(response.headers.get('x-robots-tag'), name).toBe('noindex')
    }
  })

  it.each([
    ['an unknown token', () => randomBytes(32).toString('base64url')],
    ['a malformed token', () => 'abc'],
    ['a token one character short', () => randomBytes(32).toString('base64url').slice(1)],
  ])('%s → 404 for GET and POST', async (_name, makeToken) => {
    const token = makeToken()
    const page = await get(`/sign-in/${token}`)
    expect(page.status).toBe(404)
    expect(await page.text()).toContain('Odkaz je neplatný.')
    const response = await post(`/sign-in/${token}`, new URLSearchParams())
    expect(response.status).toBe(404)
    expect(sessionCookieFrom(response)).toBeUndefined()
  })
})

describe('asking for a link', () => {
  it('answers the same for a known and an unknown address; the account is made when the link is used', async () => {
    const known = 'znama@skola.example'
    const unknown = 'Nova.Adresa@Skola.example'
    await makeUser(db(), { email: known, role: 'participant' })

    const answers = []
    for (const email of [known, unknown]) {
      const response = await post('/sign-in', new URLSearchParams({ email }))
      answers.push({ status: response.status, location: response.headers.get('location'), body: await response.text() })
    }
    expect(answers[0]).toEqual({ status: 303, location: '/sign-in?sent=1', body: '' })
    expect(answers[1]).toEqual(answers[0])
    expect(await (await get('/sign-in?sent=1')).text()).toContain('Zkontrolujte e-mail')

    // Both got a mail; no account exists for the new address yet.
    const lower = unknown.toLowerCase()
    for (const recipient of [known, lower]) {
      expect(
        await db()
          .selectFrom('outbox')
          .select('id')
          .where('recipient', '=', recipient)
          .where('template', '=', 'auth.sign-in')
          .execute(),
      ).toHaveLength(1)
    }
    expect(await userByEmail(lower)).toBeUndefined()
    expect(await userByEmail(unknown)).toBeUndefined()

    const link = (await db().selectFrom('outbox').select('props').where('recipient', '=', lower).executeTakeFirstOrThrow()).props!
    const signInUrl = (JSON.parse(link) as { signInUrl: string }).signInUrl
    expect(new URL(signInUrl).origin).toBe(server.url)
    await (await fetch(signInUrl)).text()
    expect(await userByEmail(lower)).toBeUndefined()

    const response = await postSignInLink(signInUrl)
    expect(response.status).toBe(303)
    const user = await userByEmail(lower)
    expect(user).toMatchObject({ email: lower, role: 'participant' })
    expect(user!.last_sign_in_at).not.toBeNull()
  })

  it('answers 400 with a message to an address that is not one, and mails nothing', async () => {
    const before = await db().selectFrom('outbox').select('id').execute()
    const response = await post('/sign-in', new URLSearchParams({ email: 'not-an-email' }))
    expect(response.status).toBe(400)
    expect(await response.text()).toContain('aria-invalid="true"')
    expect(await db().selectFrom('outbox').select('id').execute()).toEqual(before)
  })
})

describe('the session', () => {
  it('is a signed, HttpOnly, SameSite=Lax cookie holding a random id the database keeps only hashed', async () => {
    const email = 'cookie@skola.example'
    const { setCookie, cookie } = await signIn(server.url, db(), email)
    const attributes = setCookie
      .split(';')
      .slice(1)
      .map((a) => a.trim().toLowerCase())
    expect(attributes).toContain('httponly')
    expect(attributes).toContain('samesite=lax')
    expect(attributes).toContain('path=/')

    const id = sessionIdIn(cookie)
    expect(id).toMatch(/^[A-Za-z0-9_-]{43}$/)
    const rows = await sessionRows(email)
    expect(rows.map((r) => r.id_hash)).toEqual([sha256(id)])
    expect(JSON.stringify(rows)).not.toContain(id)

    expect(await isAnonymous(cookie)).toBe(false)
    // Signed in, the sign-in page sends you home.
    const signInPage = await get('/sign-in', { Cookie: cookie })
    expect(signInPage.status).toBe(302)
    expect(signInPage.headers.get('location')).toBe('/my/bookings')
  })

  it('gets a new id at every sign-in; signing in again in the same browser ends the old session', async () => {
    const email = 'dvakrat@skola.example'
    const first = await signIn(server.url, db(), email)
    const second = await signIn(server.url, db(), email)
    expect(second.cookie).not.toBe(first.cookie)
    expect(sessionIdIn(second.cookie)).not.toBe(sessionIdIn(first.cookie))
    expect((await sessionRows(email)).map((r) => r.id_hash).sort()).toEqual(
      [sha256(sessionIdIn(first.cookie)), sha256(sessionIdIn(second.cookie))].sort(),
    )
    expect(await isAnonymous(first.cookie)).toBe(false)
    expect(await isAnonymous(second.cookie)).toBe(false)

    // The browser holding the first cookie signs in again: it gets a new id, the old one ends.
    const third = await signIn(server.url, db(), email, { cookie: first.cookie })
    expect(sessionIdIn(third.cookie)).not.toBe(sessionIdIn(first.cookie))
    expect(await isAnonymous(first.cookie)).toBe(true)
    expect(await isAnonymous(third.cookie)).toBe(false)
    expect(await isAnonymous(second.cookie)).toBe(false)
    expect(await sessionRows(email)).toHaveLength(2)
  })

  it('ends on the server at sign-out: the same cookie is anonymous afterwards', async () => {
    const email = 'odhlaseni@skola.example'
    const { cookie } = await signIn(server.url, db(), email)
    expect(await isAnonymous(cookie)).toBe(false)
    expect(await sessionRows(email)).toHaveLength(1)

    const response = await post('/sign-out', new URLSearchParams(), { Cookie: cookie })
    expect(response.status).toBe(303)
    expect(response.headers.get('location')).toBe('/workshops')
    const cleared = response.headers.getSetCookie().find((line) => line.startsWith('__session='))
    expect(cleared).toBeDefined()
    expect(cleared).toMatch(/^__session=;/)
    expect(cleared!.toLowerCase()).toMatch(/max-age=0|expires=thu, 01 jan 1970/)

    expect(await sessionRows(email)).toEqual([])
    // Replaying the old cookie (a copy kept somewhere) does not bring the session back.
    expect(await isAnonymous(cookie)).toBe(true)
    const organiser = await get('/organiser', { Cookie: cookie })
    expect(organiser.headers.get('location')).toBe('/sign-in?redirectTo=%2Forganiser')
  })

  it('a GET of /sign-out signs nobody out', async () => {
    const email = 'get-odhlaseni@skola.example'
    const { cookie } = await signIn(server.url, db(), email)
    const response = await get('/sign-out', { Cookie: cookie })
    expect([302, 303]).toContain(response.status)
    expect(await sessionRows(email)).toHaveLength(1)
    expect(await isAnonymous(cookie)).toBe(false)
  })

  it('a tampered, unsigned or expired cookie is anonymous (and no error)', async () => {
    const email = 'padelek@skola.example'
    const { cookie } = await signIn(server.url, db(), email)
    const value = decodeURIComponent(cookie.slice('__session='.length))
    const dot = value.lastIndexOf('.')
    const flip = (text: string, at: number) => text.slice(0, at) + (text[at] === 'A' ? 'B' : 'A') + text.slice(at + 1)
    const variants = {
      'one character of the value changed': flip(value, 5),
      'one character of the signature changed': flip(value, dot + 10),
      'the signature dropped': value.slice(0, dot),
      'the signature of another value': `${Buffer.from(JSON.stringify(randomBytes(32).toString('base64url'))).toString('base64')}${value.slice(dot)}`,
      'not base64 at all': '%%%.!!!',
    }
    for (const [name, tampered] of Object.entries(variants)) {
      expect(tampered, name).not.toBe(value)
      expect(await isAnonymous(`__session=${encodeURIComponent(tampered)}`), name).toBe(true)
    }
    expect(await isAnonymous(cookie)).toBe(false)

    await db()
      .updateTable('user_sessions')
      .set({ expires_at: new Date(Date.now() - 1000).toISOString() })
      .where('id_hash', '=', sha256(sessionIdIn(cookie)))
      .execute()
    expect(await isAnonymous(cookie)).toBe(true)
  })
})

describe('rate limits (a fresh server and database for each test)', () => {
  let fresh: TestDatabase
  let limited: RunningServer
  beforeEach(async () => {
    fresh = await createTestDatabase()
    limited = await startServer({ DATABASE_URL: fresh.url })
  })
  afterEach(async () => {
    await limited?.stop()
    await fresh?.cleanup()
  })
  const ask = (email: string) =>
    fetch(`${limited.url}/sign-in`, { method: 'POST', body: new URLSearchParams({ email }), redirect: 'manual' })
  const mailsTo = async (recipient: string) =>
    (await fresh.db.selectFrom('outbox').select('id').where('recipient', '=', recipient).execute()).length

  async function expectRefused(response: Response) {
    expect(response.status).toBe(429)
    const html = await response.text()
    expect(html).toContain('Příliš mnoho pokusů.')
    expect(html).toMatch(/Zkuste to znovu za \d+\u00a0minut/)
  }

  it('answers the 6th and later requests for one address like the first, mails it only 5 times, and a mailed link works', async () => {
    // Issue 10, point 4: asking for someone else's address must not lock its owner out.
    const email = 'limit@skola.example'
    const answer = async (address: string) => {
      const response = await ask(address)
      return { status: response.status, location: response.headers.get('location'), body: await response.text() }
    }
    const first = await answer(email)
    expect(first).toEqual({ status: 303, location: '/sign-in?sent=1', body: '' })
    for (let i = 2; i <= 8; i++) expect(await answer(email), `request ${i}`).toEqual(first)
    // Letter case and spaces do not make a new address.
    expect(await answer(' LIMIT@Skola.Example ')).toEqual(first)
    expect(await mailsTo(email)).toBe(5)
    expect(await fresh.db.selectFrom('login_tokens').select('token_hash').where('email', '=', email).execute()).toHaveLength(5)

    // A link already mailed still works.
    const link = await signInLinkFromOutbox(fresh.db, email)
    expect(link).toBeDefined()
    const response = await postSignInLink(link!)
    expect(response.status).toBe(303)
    expect(sessionCookieFrom(response)).toBeDefined()
  })

  it('refuses the 21st request from one IP address within 15 minutes, whatever the address', async () => {
    for (let i = 1; i <= 20; i++) {
      const response = await ask(`clovek.${i}@skola.example`)
      expect(response.status, `request ${i}`).toBe(303)
    }
    await expectRefused(await ask('clovek.21@skola.example'))
    expect(await mailsTo('clovek.21@skola.example')).toBe(0)
  })

  it('tells the browser when to try again: the 429 carries a Retry-After header of at most 15 minutes', async () => {
    for (let i = 1; i <= 20; i++) expect((await ask(`kdy-znovu.${i}@skola.example`)).status, `request ${i}`).toBe(303)
    const response = await ask('kdy-znovu.21@skola.example')
    expect(response.status).toBe(429)
    const retryAfter = response.headers.get('retry-after')
    expect(retryAfter).toMatch(/^\d+$/)
    expect(Number(retryAfter)).toBeGreaterThan(0)
    expect(Number(retryAfter)).toBeLessThanOrEqual(15 * 60)
  })
})

describe('coming back to where you were', () => {
  it('returns someone sent to sign in to the page they asked for, and never off the site', async () => {
    const email = 'vratka@obec.example'
    await makeUser(db(), { email, role: 'organiser', organiserIds: [] })
    const asked = await get('/organiser')
    expect(asked.headers.get('location')).toBe('/sign-in?redirectTo=%2Forganiser')

    // The form carries the destination into the e-mailed link; the link's page carries it on.
    const form = await get('/sign-in?redirectTo=%2Forganiser')
    expect(await form.text()).toContain('name="redirectTo" value="/organiser"')
    await post('/sign-in', new URLSearchParams({ email, redirectTo: '/organiser' }))
    const link = (await signInLinkFromOutbox(db(), email))!
    expect(new URL(link).searchParams.get('redirectTo')).toBe('/organiser')
    const page = await fetch(link)
    expect(await page.text()).toContain('name="redirectTo" value="/organiser"')
    const done = await fetch(link, {
      method: 'POST',
      body: new URLSearchParams({ redirectTo: '/organiser' }),
      redirect: 'manual',
    })
    expect(done.status).toBe(303)
    expect(done.headers.get('location')).toBe('/organiser')

    // Another site is never a destination.
    const offsite = await (await get('/sign-in?redirectTo=%2F%2Fevil.example')).text()
    expect(offsite).not.toMatch(/name="redirectTo" value="\/\/evil/)
    const fromOffsite = await post('/sign-in', new URLSearchParams({ email, redirectTo: '//evil.example' }))
    expect(fromOffsite.status).toBe(303)
    const second = (await signInLinkFromOutbox(db(), email))!
    expect(new URL(second).searchParams.get('redirectTo')).toBeNull()
  })
})

describe('a sign-in link posted without a form body', () => {
  it('still signs in (a client that sends no body only loses the destination)', async () => {
    const email = 'bez-tela@obec.example'
    const link = await requestSignInLink(server.url, db(), email)
    const response = await fetch(link, { method: 'POST', redirect: 'manual' })
    expect(response.status).toBe(303)
    expect(sessionCookieFrom(response)).toBeDefined()
  })
})
