// Clock-independent: which messages a page carries and loads depends on the route, not the date.
import type { Browser } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { translator } from '~/i18n/intl'
import { launchBrowser } from '../support/browser'
import { testStart } from '../support/clock'
import { createTestDatabase, type TestDatabase } from '../support/database'
import { startServer, type RunningServer } from '../support/server'

/*
 * A page carries the messages it was rendered with; the rest of its language arrives as one
 * script when a client-side render first needs it (decision 022). Hydration must not need it,
 * and a navigation must wait for it rather than fail.
 */
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

async function visit(locale: 'cs-CZ' | 'en-GB') {
  const context = await browser.newContext({ locale })
  const page = await context.newPage()
  const errors: string[] = []
  const catalogueScripts: string[] = []
  page.on('pageerror', (e) => errors.push(e.message))
  page.on('console', (m) => {
    if (m.type() === 'error') errors.push(m.text())
  })
  page.on('request', (r) => {
    if (/\/_shared\/(cs|en)-[A-Z0-9]+\.js$/.test(r.url())) catalogueScripts.push(r.url())
  })
  return { page, context, errors, catalogueScripts }
}

describe('messages in the browser', () => {
  for (const { locale, lang } of [
    { locale: 'cs-CZ', lang: 'cs' },
    { locale: 'en-GB', lang: 'en' },
  ] as const) {
    it(`hydrates ${lang} pages with the page's own messages and loads the rest on the first client-side navigation`, async () => {
      const { page, context, errors, catalogueScripts } = await visit(locale)
      await page.goto(`${server.url}/workshops`, { waitUntil: 'networkidle' })
      expect(await page.getAttribute('html', 'lang')).toBe(lang)
      // Hydrated: React took over the links (a click no longer loads a document).
      await page.waitForFunction(() => document.querySelector('a[href^="/workshops/"]') !== null)
      const data = JSON.parse((await page.locator('#page-messages').textContent()) ?? '{}') as Record<string, object>
      expect(Object.keys(data)).toEqual([lang])
      expect(Object.keys(data[lang]!).length).toBeGreaterThan(10)
      expect(catalogueScripts).toEqual([])
      expect(errors).toEqual([])

      let documents = 0
      page.on('request', (r) => {
        if (r.resourceType() === 'document') documents++
      })
      const title = (await page.locator('.card__title a').first().textContent())!.trim()
      await page.locator('.card__title a').first().click()
      await expect.poll(() => page.locator('h1').textContent()).toContain(title)
      // Rendered in the browser, with texts the catalogue page never showed.
      expect(documents).toBe(0)
      const organiser = translator(lang)('workshop.organiser')
      expect(data[lang]).not.toHaveProperty('workshop.organiser')
      await expect.poll(() => page.getByText(organiser, { exact: true }).count()).toBeGreaterThan(0)
      expect(catalogueScripts).toHaveLength(1)
      expect(catalogueScripts[0]).toContain(`/${lang}-`)
      expect(errors).toEqual([])
      await context.close()
    })
  }
})
