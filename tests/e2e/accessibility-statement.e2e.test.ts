// Clock-independent: the statement and the privacy page are fixed text; their only dates are the
// statement's and the consent's own, written in the code.
import type { Browser } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { accessibilityViolations, launchBrowser } from '../support/browser'
import { testStart } from '../support/clock'
import { createTestDatabase, type TestDatabase } from '../support/database'
import { startServer, type RunningServer } from '../support/server'

/*
 * The accessibility statement as a visitor finds it: through the footer, in Czech, then in
 * English through the header's language switcher, at the address the footer gives for each
 * language. The privacy page's officer and legal bases in a browser.
 */

let database: TestDatabase
let server: RunningServer
let browser: Browser

beforeAll(async () => {
  database = await createTestDatabase({ seedAt: testStart })
  ;[server, browser] = await Promise.all([
    startServer({
      DATABASE_URL: database.url,
      OPERATOR_NAME: 'Liberecký kraj',
      OPERATOR_EMAIL: 'pristupnost@kraj-lbc.example',
      DPO_NAME: 'Mgr. Alžběta Šťastná',
      DPO_EMAIL: 'poverenec@kraj-lbc.example',
    }),
    launchBrowser(),
  ])
})
afterAll(async () => {
  await browser?.close()
  await server?.stop()
  await database?.cleanup()
})

describe('the accessibility statement in a browser', () => {
  it.each([true, false])('is reached from the footer in Czech and English (JavaScript: %s)', async (javaScriptEnabled) => {
    const context = await browser.newContext({ locale: 'cs-CZ', javaScriptEnabled })
    try {
      const page = await context.newPage()
      await page.goto(`${server.url}/workshops`)
      await page.getByRole('contentinfo').getByRole('link', { name: 'Prohlášení o přístupnosti' }).click()
      await page.waitForURL(`${server.url}/pristupnost`)
      await page.getByRole('heading', { level: 1, name: 'Prohlášení o přístupnosti' }).waitFor()
      expect(await page.getByRole('heading', { level: 2 }).allTextContents()).toEqual([
        'Stav souladu',
        'Nepřístupný obsah',
        'Vypracování tohoto prohlášení',
        'Zpětná vazba a kontaktní údaje',
        'Postupy pro vymáhání',
      ])
      expect(await page.getByRole('link', { name: 'pristupnost@kraj-lbc.example' }).getAttribute('href')).toBe(
        'mailto:pristupnost@kraj-lbc.example',
      )
      if (javaScriptEnabled) expect(await accessibilityViolations(page, { bestPractice: true })).toEqual([])

      await page.getByRole('button', { name: 'English' }).click()
      await page.getByRole('heading', { level: 1, name: 'Accessibility statement' }).waitFor()
      expect(page.url()).toBe(`${server.url}/pristupnost`)
      expect(await page.getAttribute('html', 'lang')).toBe('en')
      await page.getByRole('contentinfo').getByRole('link', { name: 'Accessibility statement' }).click()
      await page.waitForURL(`${server.url}/accessibility`)
      await page.getByRole('heading', { level: 1, name: 'Accessibility statement' }).waitFor()
      expect(await page.getByRole('heading', { level: 2, name: 'Enforcement procedure' }).count()).toBe(1)
      if (javaScriptEnabled) expect(await accessibilityViolations(page, { bestPractice: true })).toEqual([])
    } finally {
      await context.close()
    }
  })

  it('the privacy page names the officer and states one legal basis under each purpose', async () => {
    const context = await browser.newContext({ locale: 'en-GB' })
    try {
      const page = await context.newPage()
      await page.goto(`${server.url}/privacy`)
      const officer = page.locator('section', { has: page.getByRole('heading', { level: 2, name: 'Data protection officer' }) })
      expect(await officer.textContent()).toContain('Mgr. Alžběta Šťastná')
      expect(await officer.getByRole('link', { name: 'poverenec@kraj-lbc.example' }).count()).toBe(1)
      const purposes = page.locator('section:has(> h3)')
      expect(await purposes.count()).toBe(8)
      for (const purpose of await purposes.all()) {
        expect(await purpose.getByText('Legal basis:').count()).toBe(1)
      }
      expect(await accessibilityViolations(page, { bestPractice: true })).toEqual([])
    } finally {
      await context.close()
    }
  })
})
