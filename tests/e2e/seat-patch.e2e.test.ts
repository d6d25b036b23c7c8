import type { Browser, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { collectScriptErrors, launchBrowser } from '../support/browser'
import { testStart } from '../support/clock'
import { createTestDatabase, type TestDatabase } from '../support/database'
import { bookingForm, createBookableSession } from '../support/fixtures'
import { LOAD_TEST_LIMITS, startServer, type RunningServer } from '../support/server'

/*
 * A catalogue or workshop page whose seat count the page cache brought up to date in place
 * (issue 16) is taken over by React without a mismatch: the count in its data was changed with
 * the markup, so the browser's first render writes what the server sent.
 */
let database: TestDatabase
let server: RunningServer
let browser: Browser
let sessionId: number
let slug: string

beforeAll(async () => {
  database = await createTestDatabase({ seedAt: testStart })
  ;({ sessionId, slug } = await createBookableSession(database.db, {
    capacity: 5,
    startsInDays: 0.25,
    workshop: { title: 'Bezpečná hesla ve sborovně' },
  }))
  ;[server, browser] = await Promise.all([
    startServer({ DATABASE_URL: database.url, PAGE_CACHE_SECONDS: '600', OUTBOX_WORKER: 'off', ...LOAD_TEST_LIMITS }),
    launchBrowser(),
  ])
})
afterAll(async () => {
  await browser?.close()
  await server?.stop()
  await database?.cleanup()
})

let booked = 0
async function book() {
  const response = await fetch(`${server.url}/sessions/${sessionId}/book`, {
    method: 'POST',
    body: bookingForm(++booked),
    redirect: 'manual',
  })
  expect(response.status).toBe(303)
}

/** Once React has taken the page over: the footer, the last thing it renders, belongs to React. */
async function hydrated(page: Page) {
  await page.waitForFunction(() => {
    const footer = document.querySelector('footer')
    return footer !== null && Object.keys(footer).some((key) => key.startsWith('__reactFiber'))
  })
  await page.evaluate(() => new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(resolve))))
}

/** A Czech page that collects script errors, and the text of the booked session's seats on it. */
async function czechPage() {
  const context = await browser.newContext({ locale: 'cs-CZ' })
  const page = await context.newPage()
  const errors: string[] = []
  collectScriptErrors(page, errors)
  const seats = page.locator(`[data-seats-of="${sessionId}"]`)
  // Counts are joined to their word by a no-break space.
  const seatText = async () => (await seats.textContent())?.replace(/\u00a0/g, ' ')
  return { context, page, errors, seatText }
}

describe('a catalogue page brought up to date in place, in a browser', () => {
  it('hydrates without a mismatch and shows the count the server sent, before and after React takes over', async () => {
    const { context, page, errors, seatText } = await czechPage()
    try {
      // The first visit renders and fills the cache; the seats then change twice.
      const first = await page.goto(`${server.url}/workshops`)
      expect(first?.headers()['x-page-cache']).toBe('MISS')
      await hydrated(page)
      expect(await seatText()).toBe('5 volných míst')

      for (const expected of ['4 volná místa', '3 volná místa']) {
        await book()
        // The document as it arrives, before any script runs: patched, with the new count.
        const response = await page.goto(`${server.url}/workshops`, { waitUntil: 'commit' })
        expect(response?.headers()['x-page-cache']).toBe('PATCHED')
        expect((await response?.text())?.replace(/\u00a0/g, ' ')).toContain(
          `data-seats-of="${sessionId}"><span class="seats seats--free">${expected}</span>`,
        )
        await hydrated(page)
        expect(await seatText()).toBe(expected)
      }
      // A client-side navigation and back renders the cards from the data alone.
      await page.getByRole('link', { name: 'Bezpečná hesla ve sborovně' }).click()
      await page.waitForURL(/\/workshops\/test-workshop-/)
      await page.goBack()
      await expect.poll(seatText).toBe('3 volná místa')
      expect(errors).toEqual([])
    } finally {
      await context.close()
    }
  })
})

describe('a workshop page brought up to date in place, in a browser', () => {
  it('hydrates without a mismatch, and its data for a client-side navigation has the new count too', async () => {
    const { context, page, errors, seatText } = await czechPage()
    try {
      // Three seats are left from the catalogue's test above.
      expect((await page.goto(`${server.url}/workshops/${slug}`))?.headers()['x-page-cache']).toBe('MISS')
      await hydrated(page)
      expect(await seatText()).toBe('3 volná místa')

      await book()
      const response = await page.goto(`${server.url}/workshops/${slug}`, { waitUntil: 'commit' })
      expect(response?.headers()['x-page-cache']).toBe('PATCHED')
      await hydrated(page)
      expect(await seatText()).toBe('2 volná místa')
      await expect.poll(() => page.getByRole('link', { name: /Rezervovat místo/ }).count()).toBe(1)

      // To the catalogue and back in the browser: the workshop page's data, cached by the
      // navigation in the test above, is brought up to date too.
      await page.getByRole('link', { name: 'Workshopy' }).first().click()
      await page.waitForURL(/\/workshops$/)
      await book()
      const data = page.waitForResponse((r) => r.url().includes(`/workshops/${slug}.data`))
      await page.getByRole('link', { name: 'Bezpečná hesla ve sborovně' }).click()
      expect((await data).headers()['x-page-cache']).toBe('PATCHED')
      await expect.poll(seatText).toBe('1 volné místo')
      expect(errors).toEqual([])
    } finally {
      await context.close()
    }
  })
})
