// Clock-independent: redirect targets, masked tokens in the log and cache headers; none of them
// depends on the date.
import { randomBytes } from 'node:crypto'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { makeUser, postSignInLink, requestSignInLink, sessionCookieFrom, signIn, signInLinkFromOutbox } from '../support/auth'
import { testStart } from '../support/clock'
import { createTestDatabase, type TestDatabase } from '../support/database'
import { requestsTo, startServer, type RunningServer } from '../support/server'

/*
 * Redirect targets, tokens in the server's log and caching of personal pages, over HTTP
 * against the built server. Four sign-in requests (the per-IP limit is 20 in 15 minutes).
 */

let database: TestDatabase
let server: RunningServer
const cookies = { participant: '', organiser: '' }

const PARTICIPANT = 'jana.kralova@skola.example'
const ORGANISER = 'lektor@kraj.example'

beforeAll(async () => {
  database = await createTestDatabase({ seedAt: testStart })
  server = await startServer({ DATABASE_URL: database.url })
  const organiser = await database.db.selectFrom('organisers').select('id').orderBy('id').executeTakeFirstOrThrow()
  await makeUser(database.db, { email: ORGANISER, role: 'organiser', organiserIds: [organiser.id] })
  cookies.participant = (await signIn(server.url, database.db, PARTICIPANT)).cookie
  cookies.organiser = (await signIn(server.url, database.db, ORGANISER)).cookie
})
afterAll(async () => {
  await server?.stop()
  await database?.cleanup()
})

const { get, post } = requestsTo(() => server)

/** Waits until the server's output mentions `marker` (logs travel through a pipe), then returns it. */
async function outputMentioning(marker: string): Promise<string> {
  const deadline = Date.now() + 15_000
  while (!server.output().includes(marker) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50))
  return server.output()
}

describe('redirect targets', () => {
  // Browsers drop tabs and newlines in URLs: "/\t/evil.example" is "//evil.example" to them.
  it.each([
    ['a tab after the first slash', '/\t/evil.example'],
    ['a newline after the first slash', '/\n/evil.example'],
    ['a backslash', '/\\evil.example'],
    ['a dot segment before //', '/.//evil.example'],
  ])('the language switcher stays on the site with %s', async (_name, redirectTo) => {
    const response = await post('/language', new URLSearchParams({ lang: 'en', redirectTo }))
    expect(response.status).toBe(303)
    expect(response.headers.get('location')).toBe('/workshops')
  })

  it('answers a newline in the target with a redirect home, not a 500 for an invalid header', async () => {
    const response = await post('/language', new URLSearchParams({ lang: 'cs', redirectTo: '/workshops\r\nX-Injected: 1' }))
    expect(response.status).toBe(303)
    expect(response.headers.get('location')).toBe('/workshops')
    expect(response.headers.get('x-injected')).toBeNull()
  })

  it('sends a signed-in person who opens /sign-in?redirectTo=/%09/evil.example to their own home', async () => {
    const response = await get('/sign-in?redirectTo=/%09/evil.example', { Cookie: cookies.participant })
    expect([302, 303]).toContain(response.status)
    expect(response.headers.get('location')).toBe('/my/bookings')
  })

  it('neither mails nor follows a foreign target through a sign-in link', async () => {
    const email = 'odkaz.jinam@skola.example'
    const asked = await post('/sign-in', new URLSearchParams({ email, redirectTo: '/\t/evil.example' }))
    expect(asked.status).toBe(303)
    const link = await signInLinkFromOutbox(database.db, email)
    expect(link).toBeDefined()
    expect(new URL(link!).search).toBe('')
    // A link someone crafted by hand with a foreign target: the page keeps it out of its form…
    const crafted = `${link}?redirectTo=${encodeURIComponent('/\t/evil.example')}`
    const page = await (await fetch(crafted)).text()
    expect(page).toContain('<form')
    expect(page).not.toContain('name="redirectTo" value="/\t/evil.example"')
    // …and the form's POST does not follow it either.
    const used = await post(new URL(link!).pathname, new URLSearchParams({ redirectTo: '/\t/evil.example' }))
    expect(used.status).toBe(303)
    expect(used.headers.get('location')).toBe('/my/bookings')
  })

  it('still brings people back to the page on this site they came from', async () => {
    const response = await post('/language', new URLSearchParams({ lang: 'en', redirectTo: '/workshops?topic=cybersecurity' }))
    expect(response.headers.get('location')).toBe('/workshops?topic=cybersecurity')
  })
})

describe('tokens in the log', () => {
  // Other methods than GET and POST are refused before a route runs; a POST to a page that
  // takes none reaches Remix, which logs it as an error with the URL.
  it('logs a refused POST to a manage link with the token masked', async () => {
    const token = randomBytes(32).toString('base64url')
    const response = await fetch(`${server.url}/registrations/${token}`, {
      method: 'POST',
      body: new URLSearchParams({ a: '1' }),
    })
    expect(response.status).toBe(405)
    const output = await outputMentioning('/registrations/')
    expect(output).toContain('/registrations/[token]')
    expect(output).not.toContain(token)
    expect(output).not.toContain(token.slice(0, 16))
  })

  it('logs a refused POST to a resource reached by token with the token masked', async () => {
    const token = randomBytes(32).toString('base64url')
    const response = await fetch(`${server.url}/registrations/${token}/invite.ics`, {
      method: 'POST',
      body: new URLSearchParams({ a: '1' }),
    })
    expect(response.status).toBe(405)
    const output = await outputMentioning('/invite.ics')
    expect(output).toContain('/registrations/[token]/invite.ics')
    expect(output).not.toContain(token)
    expect(output).not.toContain(token.slice(0, 16))
  })

  it('answers DELETE with 405 before any route, so nothing with the token is logged', async () => {
    const token = randomBytes(32).toString('base64url')
    const response = await fetch(`${server.url}/registrations/${token}`, { method: 'DELETE' })
    expect(response.status).toBe(405)
    expect(server.output()).not.toContain(token.slice(0, 16))
  })
})

describe('caching of what depends on a session', () => {
  it.each([
    ['the catalogue with my address in the header', '/workshops', 'participant'],
    ['a workshop page', '/workshops/phishing-a-socialni-inzenyrstvi', 'participant'],
    ['the worksheet library', '/worksheets', 'participant'],
    ['my bookings', '/my/bookings', 'participant'],
    ['the privacy page', '/privacy', 'participant'],
    ['a page that is not there', '/no/such/page', 'participant'],
    ['the organiser overview', '/organiser', 'organiser'],
    ['the new-workshop form', '/organiser/workshops/new', 'organiser'],
    ['the loader data of the catalogue', '/workshops.data', 'participant'],
  ] as const)('%s is private, no-store for a signed-in person', async (_name, path, who) => {
    const response = await get(path, { Cookie: cookies[who] })
    await response.body?.cancel()
    expect(response.headers.get('cache-control')).toBe('private, no-store')
  })

  it('keeps a page that sets or clears the session cookie out of every cache', async () => {
    const link = await requestSignInLink(server.url, database.db, 'novy.ucet@skola.example')
    const signedIn = await postSignInLink(link)
    const session = sessionCookieFrom(signedIn)
    expect(session).toBeDefined()
    expect(signedIn.headers.get('cache-control')).toBe('private, no-store')
    const signedOut = await post('/sign-out', new URLSearchParams(), { Cookie: session!.cookie })
    expect(signedOut.status).toBe(303)
    expect(signedOut.headers.get('cache-control')).toBe('private, no-store')
  })

  it('leaves the anonymous catalogue and the hashed build files cacheable', async () => {
    const catalogue = await get('/workshops')
    const html = await catalogue.text()
    expect(catalogue.headers.get('cache-control') ?? '').not.toContain('no-store')
    const script = html.match(/"(\/build\/[^"]+\.js)"/)?.[1]
    expect(script).toBeDefined()
    const asset = await get(script!, { Cookie: cookies.participant })
    await asset.body?.cancel()
    expect(asset.status).toBe(200)
    expect(asset.headers.get('cache-control')).toContain('immutable')
  })
})
