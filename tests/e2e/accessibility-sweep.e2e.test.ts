// Clock-independent: what it checks is markup (axe) and that each page answers. Its world sits at
// the same distance from the clock on any date, so a moved clock changes only the dates and month
// names the pages show, which no axe rule reads; that each page still answers a year ahead and at
// Prague's clock changes is checked for the very same pages, without a browser, by
// tests/integration/every-page-http.test.ts under every moved clock.
import type { Browser, BrowserContext, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { accessibilityViolations, isNavigationAbort, launchBrowser } from '../support/browser'
import { testStart } from '../support/clock'
import { createTestDatabase, type TestDatabase } from '../support/database'
import { IDENTITIES, preparePageSweep, routeModulesNotVisited, type Identity, type PageSweep } from '../support/page-sweep'
import { startServer, type RunningServer } from '../support/server'

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

let database: TestDatabase
let server: RunningServer
let browser: Browser
let sweepPages: PageSweep
const contexts: BrowserContext[] = []
/** A page that runs nothing but axe, for the HTML a browser without JavaScript was given. */
let axePage: Page

beforeAll(async () => {
  ;[database, browser] = await Promise.all([createTestDatabase({ seedAt: testStart }), launchBrowser()])
  server = await startServer({ DATABASE_URL: database.url })
  sweepPages = await preparePageSweep(database.db, server.url)

  const axeContext = await browser.newContext({ javaScriptEnabled: true })
  contexts.push(axeContext)
  axePage = await axeContext.newPage()
}, 180_000)

afterAll(async () => {
  for (const context of contexts) await context.close().catch(() => undefined)
  await browser?.close()
  await server?.stop()
  await database?.cleanup()
})

async function newPage(locale: 'cs-CZ' | 'en-GB', javaScriptEnabled: boolean, identity: Identity, errors: string[]) {
  const context = await browser.newContext({ locale, javaScriptEnabled, viewport: { width: 1280, height: 900 } })
  contexts.push(context)
  const cookie = sweepPages.cookies[identity]
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
  for (const visit of sweepPages.visits[identity]) {
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

describe('the sweep', () => {
  it('visits a page of every route module the app has', () => {
    expect(routeModulesNotVisited(sweepPages.visits)).toEqual([])
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
  it.each(IDENTITIES)('pages of the %s', { timeout: 240_000 }, async (identity) => {
    expect(await sweep(locale, javaScript, identity)).toEqual([])
  })
})
