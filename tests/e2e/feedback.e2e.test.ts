import type { Browser } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { closeAttendance, markAttendance } from '~/models/attendance.server'
import { registerForSession } from '~/models/registrations.server'
import { accessibilityViolations, launchBrowser } from '../support/browser'
import { testStart } from '../support/clock'
import { createTestDatabase, type TestDatabase } from '../support/database'
import { createUser, person } from '../support/factories'
import { createBookableSession } from '../support/fixtures'
import { startServer, type RunningServer } from '../support/server'

/* The feedback form behind the link in the e-mail sent when attendance closes. */
const DAY = 86_400_000
let database: TestDatabase
let server: RunningServer
let browser: Browser
const links: string[] = []

beforeAll(async () => {
  ;[database, browser] = await Promise.all([createTestDatabase(), launchBrowser()])
  server = await startServer({ DATABASE_URL: database.url })
  const db = database.db
  const bookedAt = new Date(testStart.getTime() - 3 * DAY)
  const { sessionId } = await createBookableSession(db, { capacity: 5, now: bookedAt, startsInDays: 1 })
  const admin = await createUser(db, { email: 'spravce@kraj.example', name: 'Správce', role: 'admin' })
  for (const name of ['Jana Řehořová', 'Petr Čermák']) {
    const booked = await registerForSession(db, {
      sessionId,
      form: person(name),
      locale: 'cs',
      now: bookedAt,
      appUrl: server.url,
    })
    if (booked.kind !== 'registered') throw new Error('expected a booking')
    const context = { sessionId, user: admin, now: new Date(testStart.getTime() - DAY), appUrl: server.url }
    await markAttendance(db, { ...context, registrationId: booked.registrationId, attendance: 'present' })
  }
  await closeAttendance(db, {
    sessionId,
    user: admin,
    now: new Date(testStart.getTime() - DAY),
    appUrl: server.url,
    unmarked: 'leave',
  })
  const requests = await db
    .selectFrom('outbox')
    .select('props')
    .where('template', '=', 'registration.feedback')
    .orderBy('id')
    .execute()
  for (const r of requests) links.push(`${(JSON.parse(r.props!) as { manageUrl: string }).manageUrl}/feedback`)
})
afterAll(async () => {
  await browser?.close()
  await server?.stop()
  await database?.cleanup()
})

describe('giving feedback', () => {
  it('without JavaScript: says what is missing next to the field and keeps the text, then saves', async () => {
    const context = await browser.newContext({ locale: 'cs-CZ', javaScriptEnabled: false })
    try {
      const page = await context.newPage()
      await page.goto(links[0]!)
      expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe('Zpětná vazba')
      await page.getByLabel('Co bychom měli zlepšit?').fill('Více času na cvičení')
      await page.getByRole('button', { name: 'Odeslat hodnocení' }).click()
      await page.getByText('Vyberte hodnocení od 1 do 5.').first().waitFor({ timeout: 10_000 })
      expect(await page.getByLabel('Co bychom měli zlepšit?').inputValue()).toBe('Více času na cvičení')
      await page.getByLabel('4 hvězdičky').check()
      await page.getByRole('button', { name: 'Odeslat hodnocení' }).click()
      await page.getByText('Děkujeme za zpětnou vazbu.').waitFor({ timeout: 10_000 })
      const saved = await database.db.selectFrom('feedback_responses').select(['rating', 'improve']).execute()
      expect(saved).toEqual([{ rating: 4, improve: 'Více času na cvičení' }])
    } finally {
      await context.close()
    }
  })

  it('is accessible in Czech and English, with the errors shown too', async () => {
    for (const [locale, button] of [
      ['cs-CZ', 'Odeslat hodnocení'],
      ['en-GB', 'Send feedback'],
    ] as const) {
      const context = await browser.newContext({ locale })
      try {
        const page = await context.newPage()
        await page.goto(links[1]!)
        await page.getByRole('button', { name: button }).waitFor({ timeout: 10_000 })
        expect(await accessibilityViolations(page)).toEqual([])
        await page.getByRole('button', { name: button }).click()
        await page.locator('.error-summary').waitFor({ timeout: 10_000 })
        expect(await accessibilityViolations(page)).toEqual([])
      } finally {
        await context.close()
      }
    }
  })
})
