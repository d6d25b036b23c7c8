import type { Browser, BrowserContext, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { signIn } from '../support/auth'
import { accessibilityViolations, launchBrowser } from '../support/browser'
import { createTestDatabase, type TestDatabase } from '../support/database'
import { PETRA, personalDataWorld, type PersonalDataWorld } from '../support/personal-data-world'
import { startServer, type RunningServer } from '../support/server'

/*
 * "My data" and erasure in Chromium: every page passes axe (WCAG 2.1 AA) in both languages,
 * and erasing works with JavaScript off (a plain form POST and a redirect) and on (Remix
 * posts by fetch and navigates on the client).
 */

let database: TestDatabase
let server: RunningServer
let browser: Browser
let world: PersonalDataWorld
const contexts: BrowserContext[] = []

beforeAll(async () => {
  database = await createTestDatabase()
  world = await personalDataWorld(database.db)
  ;[server, browser] = await Promise.all([startServer({ DATABASE_URL: database.url }), launchBrowser()])
})

afterAll(async () => {
  for (const context of contexts) await context.close().catch(() => undefined)
  await browser?.close()
  await server?.stop()
  await database?.cleanup()
})

async function newPage({
  locale,
  javaScript,
  cookie,
}: {
  locale: 'cs-CZ' | 'en-GB'
  javaScript: boolean
  cookie?: string
}): Promise<Page> {
  const context = await browser.newContext({ locale, javaScriptEnabled: javaScript, viewport: { width: 390, height: 844 } })
  contexts.push(context)
  if (cookie) {
    const at = cookie.indexOf('=')
    await context.addCookies([{ name: cookie.slice(0, at), value: cookie.slice(at + 1), url: server.url }])
  }
  return context.newPage()
}

async function visit(page: Page, path: string) {
  const response = await page.goto(server.url + path)
  expect(response?.status(), path).toBe(200)
}

describe('my data in the browser', () => {
  it('the manage link’s data and erase pages pass axe in English, and erasing works with JavaScript on', async () => {
    const page = await newPage({ locale: 'en-GB', javaScript: true })
    const base = `/registrations/${world.zuzanaSibling.token}`
    await visit(page, `${base}/data`)
    await expect.poll(() => page.locator('h1').textContent()).toBe('Data of this booking')
    expect(await accessibilityViolations(page)).toEqual([])
    await page.getByRole('link', { name: 'Erase the data of this booking…' }).click()
    await page.waitForURL(`${server.url}${base}/erase`)
    await expect.poll(() => page.locator('h1').textContent()).toBe('Erase the data of this booking')
    expect(await accessibilityViolations(page)).toEqual([])
    await page.getByRole('button', { name: 'Yes, erase the data of this booking' }).click()
    await page.waitForURL(/\/data-erased\?/)
    await expect.poll(() => page.locator('h1').textContent()).toBe('We have erased your data.')
    expect(await page.getByRole('status').textContent()).toContain('We cancelled 1\u00a0booking.')
    expect(await accessibilityViolations(page)).toEqual([])
  })

  it('a signed-in person’s data and erase pages pass axe in Czech', async () => {
    const { cookie } = await signIn(server.url, database.db, PETRA.email)
    const page = await newPage({ locale: 'cs-CZ', javaScript: true, cookie })
    for (const [path, heading] of [
      ['/my/data', 'Moje údaje'],
      ['/my/data/erase', 'Smazat moje údaje'],
    ] as const) {
      await visit(page, path)
      await expect.poll(() => page.locator('h1').textContent()).toBe(heading)
      expect(await accessibilityViolations(page), path).toEqual([])
    }
  })

  it('a signed-in person sees, downloads and erases their data without JavaScript', async () => {
    const { cookie } = await signIn(server.url, database.db, PETRA.email)
    const page = await newPage({ locale: 'cs-CZ', javaScript: false, cookie })
    await visit(page, '/my/bookings')
    await Promise.all([page.waitForURL(`${server.url}/my/data`), page.getByRole('link', { name: /Moje údaje/ }).click()])
    expect(await page.locator('h1').textContent()).toBe('Moje údaje')
    expect(await page.locator('main').textContent()).toContain(PETRA.note)

    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('link', { name: 'Stáhnout jako JSON (strojově čitelný formát)' }).click(),
    ])
    expect(download.suggestedFilename()).toMatch(/^osobni-udaje-\d{4}-\d{2}-\d{2}\.json$/)

    await Promise.all([
      page.waitForURL(`${server.url}/my/data/erase`),
      page.getByRole('link', { name: 'Smazat moje údaje…' }).click(),
    ])
    await Promise.all([page.waitForURL(/\/data-erased\?/), page.getByRole('button', { name: 'Ano, smazat moje údaje' }).click()])
    expect(await page.locator('h1').textContent()).toBe('Vaše údaje jsme smazali.')
    expect(await page.locator('main').textContent()).toContain('Zrušili jsme 1\u00a0přihlášku.')
    // Signed out: the header offers to sign in again.
    expect(await page.getByRole('link', { name: 'Přihlášení' }).count()).toBe(1)
    expect(await database.db.selectFrom('users').select('id').where('email', '=', PETRA.email).execute()).toEqual([])
  })
})
