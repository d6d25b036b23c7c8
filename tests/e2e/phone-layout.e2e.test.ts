// Clock-independent: where the catalogue's first card and the booking form's consent sit on a
// phone's screen; the cards' dates are text kept on one line (no break inside a date), which day
// they name decides nothing checked here.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import type { Browser, BrowserContext } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { accessibilityViolations, launchBrowser } from '../support/browser'
import { testStart } from '../support/clock'
import { createTestDatabase, type TestDatabase } from '../support/database'
import { createBookableSession } from '../support/fixtures'
import { startServer, type RunningServer } from '../support/server'

/*
 * A teacher on a phone (issue 17.11): on a 360×740 screen the catalogue shows its first
 * workshop on the first screen, with and without JavaScript, because the header is compact
 * and the filters fold away under the search box (a <details> that opens without
 * JavaScript, and is open while a filter is set). The booking form's consent is a target a
 * thumb finds: its whole row, at least 44 × 44 px, ticks the box. Each run saves screenshots
 * of the first screen in its own temporary directory (kept with KEEP_SCREENSHOTS=1).
 */

const PHONE = { width: 360, height: 740 }
const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])
let database: TestDatabase
let server: RunningServer
let browser: Browser
let screenshots = ''

beforeAll(async () => {
  screenshots = mkdtempSync(path.join(tmpdir(), 'phone-layout-'))
  database = await createTestDatabase({ seedAt: testStart })
  ;[server, browser] = await Promise.all([startServer({ DATABASE_URL: database.url }), launchBrowser()])
})
afterAll(async () => {
  await browser?.close()
  await server?.stop()
  await database?.cleanup()
  if (screenshots && !process.env.KEEP_SCREENSHOTS) rmSync(screenshots, { recursive: true, force: true })
})

async function phone({ javaScriptEnabled, locale = 'cs-CZ' }: { javaScriptEnabled: boolean; locale?: string }) {
  const context: BrowserContext = await browser.newContext({ viewport: PHONE, locale, javaScriptEnabled })
  const page = await context.newPage()
  const errors: string[] = []
  page.on('pageerror', (e) => errors.push(e.message))
  return { context, page, errors }
}

describe('the catalogue on a 360×740 phone', () => {
  it.each([
    [true, 'cs-CZ', 'Filtry'],
    [false, 'cs-CZ', 'Filtry'],
    [true, 'en-GB', 'Filters'],
    [false, 'en-GB', 'Filters'],
  ])('shows a workshop card on the first screen (JavaScript: %s, %s)', async (javaScriptEnabled, locale, filters) => {
    const { context, page, errors } = await phone({ javaScriptEnabled, locale })
    await page.goto(`${server.url}/workshops`)
    const card = await page.locator('.card').first().boundingBox()
    expect(card).not.toBeNull()
    expect(card!.y).toBeLessThan(PHONE.height)
    // Its title, at least, is on that screen, not only the card's top border.
    const title = await page.locator('.card__title').first().boundingBox()
    expect(title!.y + title!.height).toBeLessThan(PHONE.height)
    expect((await page.locator('.site-header').boundingBox())!.height).toBeLessThanOrEqual(120)

    const file = path.join(
      screenshots,
      `workshops-${PHONE.width}x${PHONE.height}-${locale}-${javaScriptEnabled ? 'js' : 'no-js'}.png`,
    )
    await page.screenshot({ path: file })
    expect(readFileSync(file).subarray(0, 8)).toEqual(PNG_SIGNATURE)

    // The filters are folded away, and open with a tap, JavaScript or not.
    const place = page.locator('select[name="place"]')
    expect(await place.isVisible()).toBe(false)
    await page.locator('summary', { hasText: filters }).click()
    expect(await place.isVisible()).toBe(true)
    // axe runs in the page: the same server-rendered page is checked with JavaScript on.
    if (javaScriptEnabled) {
      expect(await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth)).toBeLessThanOrEqual(0)
      expect(await accessibilityViolations(page)).toEqual([])
    }
    expect(errors).toEqual([])
    await context.close()
  })

  it.each([true, false])(
    'filters by town from the folded filters and shows them open with the town chosen (JavaScript: %s)',
    async (javaScriptEnabled) => {
      const { context, page, errors } = await phone({ javaScriptEnabled })
      await page.goto(`${server.url}/workshops`)
      await page.locator('summary', { hasText: 'Filtry' }).click()
      await page.getByLabel('Místo konání').selectOption('Turnov')
      await page.getByRole('button', { name: 'Hledat', exact: true }).click()
      await page.waitForURL(/place=Turnov/)
      await expect.poll(() => page.locator('details.filters__more').getAttribute('open')).not.toBeNull()
      expect(await page.getByLabel('Místo konání').inputValue()).toBe('Turnov')
      await expect.poll(() => page.locator('.card').count()).toBeGreaterThan(0)
      for (const text of await page.locator('.card .card__facts').allTextContents()) expect(text).toContain('Turnov')
      if (javaScriptEnabled) expect(await accessibilityViolations(page)).toEqual([])
      expect(errors).toEqual([])
      await context.close()
    },
  )
})

describe('the booking form on a 360×740 phone', () => {
  it.each([true, false])('makes the consent row a target of at least 44 × 44 px (JavaScript: %s)', async (javaScriptEnabled) => {
    const { sessionId } = await createBookableSession(database.db, { capacity: 5 })
    const { context, page, errors } = await phone({ javaScriptEnabled })
    await page.goto(`${server.url}/sessions/${sessionId}/book`)
    const consent = page.getByRole('checkbox', { name: /^Souhlasím, aby pořadatel/ })
    const label = page.locator('.checkbox--touch label[for="consent"]')
    await label.scrollIntoViewIfNeeded()
    const row = await label.boundingBox()
    const box = await consent.boundingBox()
    expect(row!.height).toBeGreaterThanOrEqual(44)
    expect(row!.width).toBeGreaterThanOrEqual(44)
    // The row covers the box: the target is the box and the text around it.
    expect(row!.x).toBeLessThanOrEqual(box!.x)
    expect(row!.y).toBeLessThanOrEqual(box!.y)
    expect(row!.x + 44).toBeGreaterThanOrEqual(box!.x + box!.width)

    // A thumb that lands beside the box, at the corners of the 44 px square, ticks it and unticks it.
    await page.mouse.click(row!.x + 2, row!.y + 2)
    expect(await consent.isChecked()).toBe(true)
    await page.mouse.click(row!.x + 42, row!.y + 42)
    expect(await consent.isChecked()).toBe(false)
    await page.mouse.click(row!.x + row!.width - 4, row!.y + row!.height / 2)
    expect(await consent.isChecked()).toBe(true)

    // The session's times stay on one line: "09:00–11:00", never "09:00–" and "11:00".
    const times = await page.locator('.summary-box time .nowrap').last().boundingBox()
    const line = await page.locator('.summary-box time').boundingBox()
    expect(times!.height).toBeLessThan(40)
    expect(line!.height).toBeLessThan(40)
    if (javaScriptEnabled) expect(await accessibilityViolations(page)).toEqual([])
    expect(errors).toEqual([])
    await context.close()
  })
})
