// Clock-independent: the privacy page is fixed text, and the consent is checked by its version,
// not by a date (booking itself under a moved clock: tests/integration/booking-*.test.ts).
import type { Browser } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { accessibilityViolations, launchBrowser } from '../support/browser'
import { testStart } from '../support/clock'
import { createTestDatabase, type TestDatabase } from '../support/database'
import { createBookableSession } from '../support/fixtures'
import { startServer, type RunningServer } from '../support/server'
import { CONSENT_VERSIONS, CURRENT_CONSENT_VERSION } from '~/models/consent'

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

describe('the privacy page in a browser', () => {
  it.each([
    ['cs-CZ', 'cs', 'Ochrana osobních údajů', 'Vaše práva'],
    ['en-GB', 'en', 'Privacy', 'Your rights'],
  ])('has no accessibility violations and one heading outline (%s)', async (browserLocale, lang, title, rights) => {
    const context = await browser.newContext({ locale: browserLocale })
    const page = await context.newPage()
    const errors: string[] = []
    page.on('pageerror', (e) => errors.push(e.message))
    await page.goto(`${server.url}/privacy`)
    expect(await page.getAttribute('html', 'lang')).toBe(lang)
    expect(await page.getByRole('heading', { level: 1 }).allTextContents()).toEqual([title])
    expect(await page.getByRole('heading', { level: 2, name: rights }).count()).toBe(1)
    // One level-3 heading per purpose, each under the level-2 heading of the purposes.
    expect(await page.getByRole('heading', { level: 3 }).count()).toBe(8)
    expect(await accessibilityViolations(page)).toEqual([])
    expect(errors).toEqual([])
    await context.close()
  })
})

describe('the consent on the booking form', () => {
  it.each([true, false])(
    'comes back unticked with its message when the text changed after the form was opened (JavaScript: %s)',
    async (javaScriptEnabled) => {
      const { sessionId } = await createBookableSession(database.db, { capacity: 5 })
      const context = await browser.newContext({ locale: 'cs-CZ', javaScriptEnabled })
      const page = await context.newPage()
      await page.goto(`${server.url}/sessions/${sessionId}/book`)
      await page.getByLabel('Jméno a příjmení').fill('Jana Řehořová')
      await page.getByLabel('E-mail').fill('jana.rehorova@skola.example')
      await page.getByLabel('úředník nebo úřednice').check()
      await page.getByLabel('Škola nebo úřad').fill('Obecní úřad Chrastava')
      const consent = page.getByRole('checkbox', { name: /^Souhlasím, aby pořadatel/ })
      await consent.check()
      // As if the page had been opened before the text changed.
      const older = CONSENT_VERSIONS.find((v) => v.version !== CURRENT_CONSENT_VERSION)!.version
      await page.locator('input[name="consentVersion"]').evaluate((input, version) => {
        ;(input as HTMLInputElement).value = version
      }, older)
      await page.getByRole('button', { name: 'Rezervovat místo' }).click()
      await page.locator('#consent-error').waitFor()
      expect(await page.locator('#consent-error').textContent()).toContain('Text souhlasu se od otevření formuláře změnil')
      expect(await consent.isChecked()).toBe(false)
      expect(await page.getByLabel('Jméno a příjmení').inputValue()).toBe('Jana Řehořová')
      expect(await page.locator('input[name="consentVersion"]').inputValue()).toBe(CURRENT_CONSENT_VERSION)
      if (javaScriptEnabled) expect(await accessibilityViolations(page)).toEqual([])

      await consent.check()
      await page.getByRole('button', { name: 'Rezervovat místo' }).click()
      await page.waitForURL(/\?sent=1$/)
      const stored = await database.db
        .selectFrom('registrations')
        .select('consent_version')
        .where('session_id', '=', sessionId)
        .executeTakeFirstOrThrow()
      expect(stored.consent_version).toBe(CURRENT_CONSENT_VERSION)
      await context.close()
    },
  )
})
