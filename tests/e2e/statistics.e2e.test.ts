import type { Browser } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { signIn } from '../support/auth'
import { accessibilityViolations, launchBrowser } from '../support/browser'
import { createTestDatabase, type TestDatabase } from '../support/database'
import { startServer, type RunningServer } from '../support/server'
import { PERIOD, statisticsWorld } from '../support/statistics-world'

/*
 * The statistics dashboard in Chromium: axe (WCAG 2.1 A/AA) finds nothing in Czech or
 * English, with figures, with errors in the filters, and without JavaScript.
 */
let database: TestDatabase
let server: RunningServer
let browser: Browser
let cookie = ''
const query = `?period=custom&from=${PERIOD.from}&to=${PERIOD.to}`

beforeAll(async () => {
  database = await createTestDatabase()
  const world = await statisticsWorld(database.db)
  ;[server, browser] = await Promise.all([startServer({ DATABASE_URL: database.url }), launchBrowser()])
  cookie = (await signIn(server.url, database.db, world.staff.admin.email)).cookie
}, 120_000)

afterAll(async () => {
  await browser?.close()
  await server?.stop()
  await database?.cleanup()
})

async function open(path: string, { locale, javaScript = true }: { locale: string; javaScript?: boolean }) {
  const context = await browser.newContext({ locale, javaScriptEnabled: javaScript, viewport: { width: 1280, height: 900 } })
  const [name, ...value] = cookie.split(';')[0]!.split('=')
  await context.addCookies([{ name: name!, value: value.join('='), url: server.url }])
  const page = await context.newPage()
  const response = await page.goto(`${server.url}${path}`)
  return { page, context, status: response?.status() }
}

describe('the statistics dashboard in a browser', () => {
  for (const [locale, heading, figure] of [
    ['cs-CZ', 'Statistiky', 'Konané termíny'],
    ['en-GB', 'Statistics', 'Sessions held'],
  ] as const) {
    it(`has no accessibility violations (${locale})`, async () => {
      const { page, context, status } = await open(`/organiser/stats${query}`, { locale })
      expect(status).toBe(200)
      await expect(page.getByRole('heading', { level: 1, name: heading }).count()).resolves.toBe(1)
      await expect(page.locator('dt', { hasText: figure }).count()).resolves.toBe(1)
      await expect(page.getByRole('img').count()).resolves.toBe(2)
      expect(await accessibilityViolations(page)).toEqual([])
      await context.close()
    })

    it(`has none with errors in the filters either (${locale})`, async () => {
      const { page, context, status } = await open('/organiser/stats?period=custom&from=2026-02-30&to=&topic=x', { locale })
      expect(status).toBe(400)
      expect(await accessibilityViolations(page)).toEqual([])
      await context.close()
    })
  }

  it('works without JavaScript: the form is a GET and the charts are drawn by the server', async () => {
    const { page, context, status } = await open(`/organiser/stats${query}`, { locale: 'cs-CZ', javaScript: false })
    expect(status).toBe(200)
    const form = page.locator('form.filters')
    expect([await form.getAttribute('method'), await form.getAttribute('action')]).toEqual(['get', '/organiser/stats'])
    await expect(page.getByRole('img', { name: 'Přihlášky a účastníci po měsících' }).count()).resolves.toBe(1)
    await expect(page.getByRole('img', { name: 'Účastníci podle typu' }).count()).resolves.toBe(1)
    await context.close()
  })
})
