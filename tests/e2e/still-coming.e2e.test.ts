import type { Browser } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { accessibilityViolations, launchBrowser } from '../support/browser'
import { createTestDatabase, type TestDatabase } from '../support/database'
import { createBookableSession } from '../support/fixtures'
import { manageLinkFromOutbox } from '../support/manage-link'
import { bookNumbered } from '../support/scheduler-scene'
import { startServer, type RunningServer } from '../support/server'

/*
 * The two pages the "still coming?" e-mail links to. Opening one changes nothing (mail
 * scanners follow links); its one button does. Both work without JavaScript.
 */
let database: TestDatabase
let server: RunningServer
let browser: Browser
let sessionId: number

beforeAll(async () => {
  ;[database, browser] = await Promise.all([createTestDatabase(), launchBrowser()])
  ;({ sessionId } = await createBookableSession(database.db, { capacity: 2 }))
  server = await startServer({ DATABASE_URL: database.url })
  for (const [n, locale] of [
    [1, 'cs'],
    [2, 'en'],
    [3, 'cs'],
    [4, 'cs'],
  ] as const) {
    await bookNumbered(database.db, { sessionId, n, locale, now: new Date(), appUrl: server.url })
  }
})
afterAll(async () => {
  await browser?.close()
  await server?.stop()
  await database?.cleanup()
})

async function status(n: number) {
  const row = await database.db
    .selectFrom('registrations')
    .select(['status', 'coming_confirmed_at'])
    .where('email', '=', `ucastnik${n}@skola.example`)
    .executeTakeFirstOrThrow()
  return { status: row.status, confirmed: row.coming_confirmed_at !== null }
}

const link = async (n: number) => `${server.url}${await manageLinkFromOutbox(database.db, `ucastnik${n}@skola.example`)}`

describe('answering "still coming?"', () => {
  it('confirms, and frees a seat for the waiting list, with one button each and without JavaScript', async () => {
    const context = await browser.newContext({ locale: 'cs-CZ', javaScriptEnabled: false })
    const english = await browser.newContext({ locale: 'en-GB', javaScriptEnabled: false })
    try {
      const page = await context.newPage()
      await page.goto(`${await link(1)}/coming`)
      expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe('Potvrdit účast')
      expect(await status(1)).toEqual({ status: 'confirmed', confirmed: false })
      await page.getByRole('button', { name: 'Ano, přijdu' }).click()
      await page.getByText('Děkujeme, účast máte potvrzenou.').waitFor({ timeout: 10_000 })
      expect(await status(1)).toEqual({ status: 'confirmed', confirmed: true })

      // Opening the page frees nothing (mail scanners follow links); its button does.
      const en = await english.newPage()
      await en.goto(`${await link(2)}/free-seat`)
      expect(await en.getByRole('heading', { level: 1 }).textContent()).toBe('Free your seat')
      expect(await status(2)).toEqual({ status: 'confirmed', confirmed: false })
      await en.getByRole('button', { name: 'Free my seat' }).click()
      await en.getByText('Thank you for letting us know.').waitFor({ timeout: 10_000 })
      expect(await status(2)).toEqual({ status: 'cancelled', confirmed: false })
      expect(await status(3)).toEqual({ status: 'confirmed', confirmed: false })
      expect(await status(4)).toEqual({ status: 'waitlisted', confirmed: false })
    } finally {
      await context.close()
      await english.close()
    }
  })

  it('shows both pages accessibly in Czech and English, and answers in place with JavaScript', async () => {
    for (const locale of ['cs-CZ', 'en-GB']) {
      const context = await browser.newContext({ locale })
      try {
        const page = await context.newPage()
        for (const path of ['coming', 'free-seat']) {
          await page.goto(`${await link(3)}/${path}`)
          await page.getByRole('heading', { level: 1 }).waitFor({ timeout: 10_000 })
          expect(await accessibilityViolations(page)).toEqual([])
        }
      } finally {
        await context.close()
      }
    }
    const context = await browser.newContext({ locale: 'cs-CZ' })
    try {
      const page = await context.newPage()
      await page.goto(`${await link(3)}/coming`)
      await page.getByRole('button', { name: 'Ano, přijdu' }).click()
      await page.getByText('Děkujeme, účast máte potvrzenou.').waitFor({ timeout: 10_000 })
      expect(await status(3)).toEqual({ status: 'confirmed', confirmed: true })
    } finally {
      await context.close()
    }
  })
})
