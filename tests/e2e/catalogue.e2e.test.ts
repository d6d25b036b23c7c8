import type { Browser, BrowserContext, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { accessibilityViolations, launchBrowser } from '../support/browser'
import { testStart } from '../support/clock'
import { createTestDatabase, type TestDatabase } from '../support/database'
import { startServer, type RunningServer } from '../support/server'

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

async function openPage(options: { locale?: string; javaScriptEnabled?: boolean; width?: number } = {}) {
  const context: BrowserContext = await browser.newContext({
    locale: options.locale ?? 'cs-CZ',
    javaScriptEnabled: options.javaScriptEnabled ?? true,
    viewport: { width: options.width ?? 1280, height: 900 },
  })
  const page = await context.newPage()
  const errors: string[] = []
  page.on('pageerror', (e) => errors.push(e.message))
  page.on('console', (m) => {
    if (m.type() === 'error') errors.push(m.text())
  })
  return { page, context, errors }
}

const cardTitles = (page: Page) => page.locator('.card__title').allTextContents()
const topicTags = (page: Page) => page.locator('.card .tag--topic').allTextContents()

describe('the catalogue in a browser', () => {
  it('searches without diacritics, filters, opens a workshop, with no accessibility violations (Czech)', async () => {
    const { page, context, errors } = await openPage()
    await page.goto(`${server.url}/workshops`)
    expect(await page.getAttribute('html', 'lang')).toBe('cs')
    expect((await cardTitles(page)).length).toBeGreaterThanOrEqual(10)
    expect(await accessibilityViolations(page)).toEqual([])

    await page.getByRole('searchbox', { name: 'Hledat' }).fill('bezpecnost')
    await page.getByRole('button', { name: 'Hledat' }).click()
    await page.waitForURL(/q=bezpecnost/)
    // With JavaScript the URL changes a moment before React renders the new results.
    await expect.poll(async () => [...new Set(await topicTags(page))]).toEqual(['Kybernetická bezpečnost'])
    const tags = await topicTags(page)
    expect(tags.length).toBeGreaterThanOrEqual(3)

    // Filters combine with the search; they are folded under it until opened.
    await page.locator('summary', { hasText: 'Filtry' }).click()
    await page.getByLabel('Pro koho').selectOption('teacher_ss')
    await page.getByRole('button', { name: 'Hledat' }).click()
    await page.waitForURL(/audience=teacher_ss/)
    await expect.poll(async () => (await cardTitles(page)).length).toBeLessThan(tags.length)
    const narrowed = await cardTitles(page)
    expect(narrowed.length).toBeGreaterThan(0)
    expect(narrowed.length).toBeLessThan(tags.length)
    expect(await page.getByRole('searchbox').inputValue()).toBe('bezpecnost')

    await page.getByRole('link', { name: narrowed[0]! }).click()
    await page.waitForURL(/\/workshops\/[a-z0-9-]+$/)
    await expect.poll(() => page.getByRole('heading', { level: 1 }).textContent()).toBe(narrowed[0])
    expect(await page.getByRole('link', { name: /^Rezervovat místo/ }).count()).toBeGreaterThan(0)
    expect(await accessibilityViolations(page)).toEqual([])
    expect(errors).toEqual([])
    await context.close()
  })

  it('has no accessibility violations in English, on the catalogue, a workshop page and an error page', async () => {
    const { page, context, errors } = await openPage({ locale: 'en-GB' })
    await page.goto(`${server.url}/workshops?topic=open_data`)
    expect(await page.getAttribute('html', 'lang')).toBe('en')
    expect(await accessibilityViolations(page)).toEqual([])
    await page.goto(`${server.url}/workshops/pozvete-data-do-hodin-2-stupen-ss`)
    expect(await page.getByRole('heading', { name: 'Sessions', exact: true }).count()).toBe(1)
    expect(await accessibilityViolations(page)).toEqual([])
    await page.goto(`${server.url}/workshops?month=2023-13`)
    expect(await page.getByText('Enter the month as year and month').count()).toBeGreaterThan(0)
    expect(await accessibilityViolations(page)).toEqual([])
    expect(errors.filter((e) => !e.includes('status of 400'))).toEqual([])
    await context.close()
  })

  it('switches language with the switcher and keeps the choice', async () => {
    const { page, context } = await openPage()
    await page.goto(`${server.url}/workshops?topic=cybersecurity`)
    await page.getByRole('button', { name: 'English' }).click()
    await page.waitForLoadState('load')
    expect(await page.getAttribute('html', 'lang')).toBe('en')
    expect(page.url()).toContain('topic=cybersecurity')
    await page.goto(`${server.url}/workshops/phishing-a-socialni-inzenyrstvi`)
    expect(await page.getAttribute('html', 'lang')).toBe('en')
    expect(await accessibilityViolations(page)).toEqual([])
    await context.close()
  })

  it('searches and filters with JavaScript disabled', async () => {
    const { page, context } = await openPage({ javaScriptEnabled: false })
    await page.goto(`${server.url}/workshops`)
    await page.getByRole('searchbox').fill('BEZPEČNOST')
    // The filters fold away under the search box, and open without JavaScript.
    expect(await page.getByLabel('Téma').isVisible()).toBe(false)
    await page.locator('summary', { hasText: 'Filtry' }).click()
    await page.getByLabel('Téma').selectOption('cybersecurity')
    await page.getByLabel('Jen termíny s volnými místy').check()
    await page.getByRole('button', { name: 'Hledat' }).click()
    await page.waitForURL(/q=BEZPE/)
    const tags = await topicTags(page)
    expect(tags.length).toBeGreaterThan(0)
    expect(new Set(tags)).toEqual(new Set(['Kybernetická bezpečnost']))
    expect(await page.locator('.card .seats--full').count()).toBe(0)
    expect(await page.getByLabel('Jen termíny s volnými místy').isChecked()).toBe(true)
    await context.close()
  })

  it('fits a 320 px phone without sideways scrolling', async () => {
    const { page, context } = await openPage({ width: 320 })
    for (const path of ['/workshops', '/workshops/kyberneticka-bezpecnost-na-obecnim-urade']) {
      await page.goto(server.url + path)
      const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth)
      expect(overflow, path).toBeLessThanOrEqual(0)
    }
    await context.close()
  })

  it('lets a keyboard user skip to the content', async () => {
    const { page, context } = await openPage()
    await page.goto(`${server.url}/workshops`)
    await page.keyboard.press('Tab')
    expect(await page.evaluate(() => document.activeElement?.textContent)).toBe('Přeskočit na obsah')
    await page.keyboard.press('Enter')
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('content')
    await context.close()
  })
})
