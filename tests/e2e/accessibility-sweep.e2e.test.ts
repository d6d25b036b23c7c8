import { readdirSync } from 'node:fs'
import type { Browser, BrowserContext, Page } from 'playwright-core'
import { sql } from 'kysely'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { requestSignInLink, signIn } from '../support/auth'
import { accessibilityViolations, isNavigationAbort, launchBrowser } from '../support/browser'
import { testStart } from '../support/clock'
import { createTestDatabase, type TestDatabase } from '../support/database'
import { factories, person } from '../support/factories'
import { addBookableSession, createBookableSession } from '../support/fixtures'
import { at, PETRA, personalDataWorld, type PersonalDataWorld } from '../support/personal-data-world'
import { startServer, type RunningServer } from '../support/server'
import { closeAttendance, markAttendance } from '~/models/attendance.server'
import { cancelRegistration } from '~/models/registrations.server'

/*
 * Every page a person can reach, in Czech and English, with JavaScript and without, checked by
 * axe with its best-practice rules on top of WCAG 2.1 AA (aria-allowed-role, landmarks,
 * headings): the public catalogue and booking, the pages behind a booking's link, a signed-in
 * participant's, an organiser's and an admin's pages, and the forms' error states.
 *
 * Without JavaScript the page is loaded (and its form sent) in a browser that runs no script;
 * axe cannot run there (its injected script never answers), so the HTML that browser got is
 * loaded, scripts removed, at the same address into a page that runs only axe. That is the
 * document a person without JavaScript sees, styles included.
 */

type Identity = 'anonymous' | 'participant' | 'organiser' | 'admin'
type Visit = {
  path: string
  /** Sends the page's main form empty and checks the page that answers (the error state). */
  submitEmpty?: string
  status?: number
}

let database: TestDatabase
let server: RunningServer
let browser: Browser
let world: PersonalDataWorld
const contexts: BrowserContext[] = []
const cookies: Partial<Record<Identity, string>> = {}
const visits: Record<Identity, Visit[]> = { anonymous: [], participant: [], organiser: [], admin: [] }
/** A page that runs nothing but axe, for the HTML a browser without JavaScript was given. */
let axePage: Page

beforeAll(async () => {
  ;[database, browser] = await Promise.all([createTestDatabase({ seedAt: testStart }), launchBrowser()])
  const { db } = database
  // The demo's region and the test staff's body share an address; the staff's keeps it.
  await db
    .updateTable('organisers')
    .set({ email: sql<string>`'demo.' || email` })
    .execute()
  world = await personalDataWorld(db)
  server = await startServer({ DATABASE_URL: database.url })

  // A session that ended yesterday, whose feedback form is still open.
  const recent = await addBookableSession(db, { workshopId: world.workshopId, capacity: 5, now: at(-6), startsInDays: 4 })
  const make = factories(() => ({ db, now: at(-5), staff: world.staff.admin, organiser: world.organiser }))
  const rater = await make.book(recent, person('Radka Hodnotící'))
  const staffAt = { user: world.organiser, now: at(-1), appUrl: server.url }
  await markAttendance(db, { ...staffAt, sessionId: recent, registrationId: rater.registrationId, attendance: 'present' })
  await closeAttendance(db, { ...staffAt, sessionId: recent })
  // A booking cancelled by its holder, and a workshop whose certificate needs the date of birth.
  const cancelled = await make.book(world.siblingSessionId, person('Cyril Zrušený'))
  await cancelRegistration(db, { token: cancelled.token, now: at(-4), appUrl: server.url })
  const accredited = await createBookableSession(db, {
    organiserId: world.staff.bodyAId,
    capacity: 10,
    workshop: { requiresBirthDate: true, accreditationRef: 'MSMT-12345/2026-1-123' },
  })

  const slug = (await db.selectFrom('workshops').select('slug').where('id', '=', world.workshopId).executeTakeFirstOrThrow()).slug
  const demoSlug = (
    await db.selectFrom('workshops').select('slug').where('id', '!=', world.workshopId).orderBy('id').executeTakeFirstOrThrow()
  ).slug
  const certificate = await db
    .selectFrom('certificates')
    .select('code')
    .where('registration_id', '=', world.petraPast.registrationId)
    .executeTakeFirstOrThrow()
  const calendarUrl = await db
    .selectFrom('outbox')
    .select('props')
    .where('props', 'like', '%calendarUrl%')
    .orderBy('id')
    .executeTakeFirstOrThrow()
    .then((row) => new URL((JSON.parse(row.props!) as { calendarUrl: string }).calendarUrl).pathname)
  const signInLink = new URL(await requestSignInLink(server.url, db, 'host.prihlaseni@example.cz')).pathname
  const [participant, organiser, admin] = await Promise.all([
    signIn(server.url, db, PETRA.email),
    signIn(server.url, db, world.organiser.email),
    signIn(server.url, db, world.staff.admin.email),
  ])
  Object.assign(cookies, { participant: participant.cookie, organiser: organiser.cookie, admin: admin.cookie })

  const next = `/registrations/${world.petraNext.token}`
  visits.anonymous = [
    { path: '/workshops' },
    { path: '/workshops?q=nic-takoveho-nenajdete' },
    { path: `/workshops/${slug}` },
    { path: `/workshops/${demoSlug}` },
    { path: `/sessions/${world.siblingSessionId}/book`, submitEmpty: 'main form[method="post"] button[type="submit"]' },
    { path: `/sessions/${world.nextSessionId}/book` },
    { path: `/sessions/${world.siblingSessionId}/book?sent=1` },
    { path: `/sessions/${accredited.sessionId}/book`, submitEmpty: 'main form[method="post"] button[type="submit"]' },
    { path: next },
    { path: `${next}/cancel` },
    { path: `${next}/coming` },
    { path: `${next}/free-seat` },
    { path: `${next}/data` },
    { path: `${next}/erase` },
    { path: `/registrations/${world.wandaNext.token}` },
    { path: `/registrations/${world.petraPast.token}` },
    { path: `/registrations/${cancelled.token}` },
    { path: `/registrations/${rater.token}/feedback`, submitEmpty: 'main form[method="post"] button[type="submit"]' },
    { path: calendarUrl },
    { path: `/certificates/${certificate.code}` },
    { path: '/worksheets' },
    { path: '/privacy' },
    { path: '/pristupnost' },
    { path: '/accessibility' },
    { path: '/open-data' },
    { path: '/sign-in', submitEmpty: 'main form[method="post"] button[type="submit"]' },
    { path: '/sign-in?sent=1' },
    { path: signInLink },
    { path: '/data-erased?cancelled=1&anonymised=1' },
    { path: '/tato-stranka-neexistuje', status: 404 },
  ]
  visits.participant = [
    { path: '/my/bookings' },
    { path: `/my/bookings/${world.petraPast.registrationId}` },
    { path: `/my/bookings/${world.petraNext.registrationId}` },
    { path: '/my/data' },
    { path: '/my/data/erase' },
  ]
  const workshop = `/organiser/workshops/${world.workshopId}`
  visits.organiser = [
    { path: '/organiser' },
    { path: '/organiser/workshops/new', submitEmpty: 'main button[name="intent"][value="save"]' },
    { path: workshop },
    { path: `${workshop}/sessions/new`, submitEmpty: intentButton('save') },
    { path: `${workshop}/worksheets` },
    { path: `${workshop}/feedback` },
    { path: `/organiser/sessions/${world.nextSessionId}` },
    { path: `/organiser/sessions/${world.nextSessionId}/registrations` },
    { path: `/organiser/sessions/${world.nextSessionId}/attendance`, submitEmpty: intentButton('walkin') },
    { path: `/organiser/sessions/${world.pastSessionId}/attendance` },
    // Asked before closing while people are unmarked; sent without an answer, it says so.
    {
      path: `/organiser/sessions/${world.nextSessionId}/attendance/close`,
      submitEmpty: 'main form[method="post"] button[type="submit"]',
    },
    { path: `/organiser/sessions/${world.pastSessionId}/feedback` },
    { path: '/organiser/stats' },
  ]
  visits.admin = [
    { path: '/admin/users', submitEmpty: intentButton('invite') },
    { path: '/admin/audit' },
    { path: '/admin/jobs' },
  ]

  const axeContext = await browser.newContext({ javaScriptEnabled: true })
  contexts.push(axeContext)
  axePage = await axeContext.newPage()
}, 180_000)

/** The submit button of the page's form that carries this hidden intent. */
function intentButton(intent: string): string {
  return `main form:has(input[type="hidden"][name="intent"][value="${intent}"]) button[type="submit"]`
}

afterAll(async () => {
  for (const context of contexts) await context.close().catch(() => undefined)
  await browser?.close()
  await server?.stop()
  await database?.cleanup()
})

async function newPage(locale: 'cs-CZ' | 'en-GB', javaScriptEnabled: boolean, identity: Identity, errors: string[]) {
  const context = await browser.newContext({ locale, javaScriptEnabled, viewport: { width: 1280, height: 900 } })
  contexts.push(context)
  const cookie = cookies[identity]
  if (cookie) {
    const split = cookie.indexOf('=')
    await context.addCookies([{ name: cookie.slice(0, split), value: cookie.slice(split + 1), url: server.url }])
  }
  const page = await context.newPage()
  page.setDefaultTimeout(15_000)
  page.on('pageerror', (e) => {
    if (!isNavigationAbort(e)) errors.push(`${page.url()}: ${e.message}`)
  })
  return page
}

/**
 * Once React has taken the page over: the footer, the last thing it renders, belongs to React,
 * and the re-render of controls that appear only with JavaScript has had two frames to land.
 */
async function hydrated(page: Page) {
  await page.waitForFunction(() => {
    const footer = document.querySelector('footer')
    return footer !== null && Object.keys(footer).some((key) => key.startsWith('__reactFiber'))
  })
  await page.evaluate(() => new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(resolve))))
}

/** Axe on the HTML a browser without JavaScript shows, loaded at its own address with its scripts taken out. */
async function violationsWithoutJavaScript(url: string, html: string): Promise<string[]> {
  const withoutScripts = html.replace(/<script\b[^>]*>[\s\S]*?<\/script>/gi, '')
  const target = new URL(url)
  const matches = (candidate: URL) => candidate.pathname === target.pathname && candidate.search === target.search
  await axePage.route(matches, (route) =>
    route.request().isNavigationRequest()
      ? route.fulfill({ status: 200, contentType: 'text/html; charset=utf-8', body: withoutScripts })
      : route.continue(),
  )
  try {
    await axePage.goto(url)
    return await accessibilityViolations(axePage, { bestPractice: true })
  } finally {
    await axePage.unroute(matches)
  }
}

async function sweep(locale: 'cs-CZ' | 'en-GB', javaScript: boolean, identity: Identity) {
  const errors: string[] = []
  const page = await newPage(locale, javaScript, identity, errors)
  const found: string[] = []
  const check = async (what: string) => {
    const violations = javaScript
      ? await accessibilityViolations(page, { bestPractice: true })
      : await violationsWithoutJavaScript(page.url(), await page.content())
    found.push(...violations.map((v) => `${what}: ${v}`))
  }
  for (const visit of visits[identity]) {
    const response = await page.goto(server.url + visit.path)
    expect(response?.status(), visit.path).toBe(visit.status ?? 200)
    expect(await page.getAttribute('html', 'lang'), visit.path).toBe(locale.slice(0, 2))
    if (javaScript) await hydrated(page)
    await check(visit.path)
    if (visit.submitEmpty) {
      const button = page.locator(visit.submitEmpty).first()
      if (javaScript) await button.click()
      else await Promise.all([page.waitForEvent('load'), button.click()])
      await page.locator('.error-summary, [aria-invalid="true"]').first().waitFor()
      await check(`${visit.path} (sent empty)`)
    }
  }
  await page.context().close()
  expect(errors).toEqual([])
  return found
}

/** Route modules with no page of their own to check, and why. */
const NOT_PAGES: Record<string, string> = {
  '_index.tsx': 'redirects to /workshops',
  'language.tsx': 'the switcher posts here and is redirected back',
  'sign-out.tsx': 'a POST that redirects',
  'dev.mailbox._index.tsx': 'development only',
  'dev.mailbox.$id.tsx': 'development only',
}

/** The addresses a route module answers, from its file name (Remix v2 flat routes). */
function routePattern(file: string): RegExp {
  const segments = file
    .replace(/\.tsx$/, '')
    .replace(/\[\.\]/g, '\u0000')
    .split('.')
    .filter((segment) => segment !== '_index')
    .map((segment) => {
      if (segment === '$') return '.+'
      if (segment.startsWith('$')) return '[^/]+'
      return segment.replace(/_$/, '').replace(/\u0000/g, '\\.')
    })
  return new RegExp(`^/${segments.join('/')}$`)
}

describe('the sweep', () => {
  it('visits a page of every route module the app has', () => {
    const visited = Object.values(visits).flatMap((list) => list.map((visit) => visit.path.split('?')[0]!))
    const pages = readdirSync('app/routes').filter((file) => file.endsWith('.tsx') && !(file in NOT_PAGES))
    expect(pages.filter((file) => !visited.some((path) => routePattern(file).test(path)))).toEqual([])
  })
})

describe('the check of pages without JavaScript', () => {
  it('runs axe on the very HTML the browser without JavaScript got, styled, and finds what is wrong in it', async () => {
    const errors: string[] = []
    const page = await newPage('cs-CZ', false, 'anonymous', errors)
    await page.goto(`${server.url}/privacy`)
    const html = await page.content()
    const broken = html.replace('</h1>', '</h1><img src="/nikde.png"><input type="text">')
    const violations = await violationsWithoutJavaScript(page.url(), broken)
    expect(violations.map((v) => v.split(':')[0])).toEqual(expect.arrayContaining(['image-alt', 'label']))
    // The page axe saw: the same heading, the app's styles applied, none of its scripts run.
    expect(await axePage.locator('h1').textContent()).toBe(await page.locator('h1').textContent())
    expect(await axePage.evaluate(() => getComputedStyle(document.querySelector('footer')!).backgroundColor)).not.toBe(
      'rgba(0, 0, 0, 0)',
    )
    expect(await axePage.evaluate(() => '__remixContext' in window)).toBe(false)
    await page.context().close()
    expect(errors).toEqual([])
  })
})

describe.each([
  ['cs-CZ', true],
  ['cs-CZ', false],
  ['en-GB', true],
  ['en-GB', false],
] as const)('every page passes axe with best practices (%s, JavaScript: %s)', (locale, javaScript) => {
  it.each(['anonymous', 'participant', 'organiser', 'admin'] as const)(
    'pages of the %s',
    { timeout: 240_000 },
    async (identity) => {
      expect(await sweep(locale, javaScript, identity)).toEqual([])
    },
  )
})
