// Clock-independent: the limit counts bookings within minutes, a duration the same on any date
// (the counters under every moved clock: tests/integration/rate-limits.test.ts, booking-limits.test.ts).
import type { Browser, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { accessibilityViolations, launchBrowser } from '../support/browser'
import { createTestDatabase, type TestDatabase } from '../support/database'
import { createBookableSession } from '../support/fixtures'
import { startServer, type RunningServer } from '../support/server'

/*
 * Issue 10, point 5, as a visitor sees it: the booking limit's 429 is a page that says what
 * happened and when to try again and keeps what was typed, with and without JavaScript, and
 * passes axe. The server allows one booking per IP address and session, so the second hits it.
 */

let database: TestDatabase
let server: RunningServer
let browser: Browser
let sessionId: number

beforeAll(async () => {
  ;[database, browser] = await Promise.all([createTestDatabase(), launchBrowser()])
  ;({ sessionId } = await createBookableSession(database.db, { capacity: 10 }))
  server = await startServer({ DATABASE_URL: database.url, BOOKING_LIMIT_PER_IP_SESSION: '1' })
})
afterAll(async () => {
  await browser?.close()
  await server?.stop()
  await database?.cleanup()
})

async function fillBooking(page: Page, person: { name: string; email: string }) {
  await page.getByLabel('Jméno a příjmení').fill(person.name)
  await page.getByLabel('E-mail').fill(person.email)
  await page.getByLabel('úředník nebo úřednice').check()
  await page.getByLabel('Škola nebo úřad').fill('Obecní úřad Chrastava')
  await page.getByLabel('Souhlasím, aby pořadatel mé údaje použil').check()
}

describe('too many bookings from one network', () => {
  it(
    'books once, then says so in Czech, keeps the form (with and without JavaScript) and passes axe',
    { timeout: 90_000 },
    async () => {
      const first = await browser.newContext({ locale: 'cs-CZ' })
      const page = await first.newPage()
      await page.goto(`${server.url}/sessions/${sessionId}/book`)
      await fillBooking(page, { name: 'Bohumil Šťastný', email: 'bohumil.stastny@obec.example' })
      await page.getByRole('button', { name: 'Rezervovat místo' }).click()
      await page.waitForURL(/\/sessions\/\d+\/book\?sent=1$/)
      await first.close()

      for (const javaScriptEnabled of [true, false]) {
        const context = await browser.newContext({ locale: 'cs-CZ', javaScriptEnabled })
        const again = await context.newPage()
        await again.goto(`${server.url}/sessions/${sessionId}/book`)
        await fillBooking(again, { name: 'Dagmar Řezníčková', email: 'dagmar.reznickova@obec.example' })
        await again.getByRole('button', { name: 'Rezervovat místo' }).click()
        const notice = again.getByRole('alert').filter({ hasText: 'Příliš mnoho rezervací z jedné sítě' })
        await notice.waitFor()
        expect(await notice.textContent()).toMatch(/odešlete ho prosím znovu za \d+\u00a0minut/)
        expect(await again.getByLabel('Jméno a příjmení').inputValue()).toBe('Dagmar Řezníčková')
        expect(await again.getByLabel('E-mail').inputValue()).toBe('dagmar.reznickova@obec.example')
        // axe runs as a script in the page, so only where the page runs scripts.
        if (javaScriptEnabled) expect(await accessibilityViolations(again)).toEqual([])
        await context.close()
      }
      const booked = await database.db.selectFrom('registrations').select('email').where('session_id', '=', sessionId).execute()
      expect(booked).toEqual([{ email: 'bohumil.stastny@obec.example' }])
    },
  )
})
