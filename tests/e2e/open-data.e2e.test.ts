// Clock-independent: the open-data page is fixed text and links to files; no date on it.
import type { Browser } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { accessibilityViolations, launchBrowser } from '../support/browser'
import { testStart } from '../support/clock'
import { createTestDatabase, type TestDatabase } from '../support/database'
import { startServer, type RunningServer } from '../support/server'

/* The open-data page, as people and harvesters' operators read it: axe finds nothing, in both languages. */

let database: TestDatabase
let server: RunningServer
let browser: Browser

beforeAll(async () => {
  database = await createTestDatabase({ seedAt: testStart })
  ;[server, browser] = await Promise.all([startServer({ DATABASE_URL: database.url }), launchBrowser()])
})

afterAll(async () => {
  await browser?.close()
  await server?.stop()
  await database?.cleanup()
})

describe('the open-data page', () => {
  it.each([
    ['cs-CZ', 'Otevřená data'],
    ['en-GB', 'Open data'],
  ])('passes axe in %s and links every file it describes', async (locale, heading) => {
    const context = await browser.newContext({ locale, viewport: { width: 360, height: 740 } })
    try {
      const page = await context.newPage()
      const response = await page.goto(`${server.url}/open-data`)
      expect(response?.status()).toBe(200)
      expect(await page.locator('h1').textContent()).toBe(heading)
      expect(await accessibilityViolations(page)).toEqual([])
      const links = await page.locator('main a[href^="/open-data/"]').evaluateAll((as) => as.map((a) => a.getAttribute('href')!))
      expect(links.length).toBe(16)
      for (const href of links) expect((await context.request.get(`${server.url}${href}`)).status(), href).toBe(200)
    } finally {
      await context.close()
    }
  })
})
