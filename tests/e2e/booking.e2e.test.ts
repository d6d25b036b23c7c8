import ICAL from 'ical.js'
import type { Browser, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { accessibilityViolations, launchBrowser } from '../support/browser'
import { createTestDatabase, type TestDatabase } from '../support/database'
import { createBookableSession } from '../support/fixtures'
import { startServer, type RunningServer } from '../support/server'
import { calendarPart, startSmtpServer, type ReceivedMessage, type TestSmtpServer } from '../support/smtp'

let database: TestDatabase
let server: RunningServer
let smtp: TestSmtpServer
let browser: Browser
let slug: string

beforeAll(async () => {
  ;[database, smtp, browser] = await Promise.all([createTestDatabase(), startSmtpServer(), launchBrowser()])
  ;({ slug } = await createBookableSession(database.db, { capacity: 1 }))
  server = await startServer({ DATABASE_URL: database.url, SMTP_URL: smtp.url, OUTBOX_POLL_MS: '100' })
})
afterAll(async () => {
  await browser?.close()
  await server?.stop()
  await smtp?.close()
  await database?.cleanup()
})

function invite(message: ReceivedMessage) {
  const part = calendarPart(message.parsed, message.raw)
  if (!part) return undefined
  const calendar = new ICAL.Component(ICAL.parse(part.content))
  const event = calendar.getFirstSubcomponent('vevent')!
  return {
    contentTypeMethod: part.method,
    method: calendar.getFirstPropertyValue('method'),
    uid: event.getFirstPropertyValue('uid'),
    sequence: Number(event.getFirstPropertyValue('sequence')),
    status: event.getFirstPropertyValue('status'),
    attendees: event.getAllProperties('attendee').map((p) => String(p.getFirstValue())),
    description: String(event.getFirstPropertyValue('description')),
  }
}

const mailTo = (address: string) => smtp.messages.filter((m) => m.envelope.to.includes(address))
const manageLink = (message: ReceivedMessage) =>
  /https?:\/\/\S+\/registrations\/[A-Za-z0-9_-]{43}/.exec(message.parsed.text ?? '')![0]

async function fillBooking(
  page: Page,
  person: { name: string; email: string; type: 'učitel nebo učitelka' | 'úředník nebo úřednice' },
) {
  await page.getByLabel('Jméno a příjmení').fill(person.name)
  await page.getByLabel('E-mail').fill(person.email)
  await page.getByLabel(person.type).check()
  if (person.type === 'učitel nebo učitelka') await page.getByLabel('Stupeň školy').selectOption('zs')
  await page.getByLabel('Škola nebo úřad').fill('ZŠ Liberec, Husova 142/44')
  await page.getByLabel('Souhlasím, aby pořadatel mé údaje použil').check()
}

describe('booking as a new user would', () => {
  it('books, is told what is wrong, gets an invite, cancels from the e-mail, and the waiting list moves up', async () => {
    const context = await browser.newContext({ locale: 'cs-CZ' })
    const page = await context.newPage()

    await page.goto(`${server.url}/workshops/${slug}`)
    await page
      .getByRole('link', { name: /^Rezervovat místo/ })
      .first()
      .click()
    await page.waitForURL(/\/sessions\/\d+\/book$/)
    await page.getByLabel('Jméno a příjmení').waitFor()
    expect(await accessibilityViolations(page)).toEqual([])

    // An empty form: errors at the top and next to the fields, focusable from the summary.
    await page.getByRole('button', { name: 'Rezervovat místo' }).click()
    await expect.poll(() => page.locator('.error-summary').count()).toBe(1)
    expect(await page.locator('[aria-invalid="true"]').count()).toBeGreaterThanOrEqual(3)
    expect(await accessibilityViolations(page)).toEqual([])

    await fillBooking(page, { name: 'Jana Řehořová', email: 'jana.rehorova@skola.example', type: 'učitel nebo učitelka' })
    await page.getByRole('button', { name: 'Rezervovat místo' }).click()
    // The page says only "check your mailbox" (the same for an address already booked).
    await page.waitForURL(/\/sessions\/\d+\/book\?sent=1$/)
    // With JavaScript the URL changes a moment before the new page renders: wait for it.
    await page.getByRole('heading', { name: 'Zkontrolujte svou e-mailovou schránku' }).waitFor()
    expect(await accessibilityViolations(page)).toEqual([])

    const [confirmation] = await smtp.waitFor(1)
    await page.goto(manageLink(confirmation!))
    await page.getByText('Máte rezervované místo', { exact: true }).waitFor()
    expect(await accessibilityViolations(page)).toEqual([])
    expect(confirmation!.parsed.subject).toContain('Potvrzení rezervace: Kybernetická bezpečnost na obecním úřadě')
    const request = invite(confirmation!)!
    expect(request).toMatchObject({ contentTypeMethod: 'REQUEST', method: 'REQUEST', sequence: 0, status: 'CONFIRMED' })
    expect(request.attendees).toEqual(['mailto:jana.rehorova@skola.example'])

    // The invitation links to a read-only view of the booking, never to the manage page.
    expect(request.description).not.toContain('/registrations/')
    await page.goto(/https?:\/\/\S+\/calendar\/[A-Za-z0-9_-]{43}/.exec(request.description)![0])
    await page.getByRole('heading', { name: 'Přihláška (jen pro čtení)' }).waitFor()
    expect(await page.getByRole('link', { name: 'Zrušit přihlášku' }).count()).toBe(0)
    expect(await accessibilityViolations(page)).toEqual([])

    // The session is now full: the next person goes on the waiting list.
    const other = await browser.newContext({ locale: 'cs-CZ', javaScriptEnabled: false })
    const otherPage = await other.newPage()
    await otherPage.goto(`${server.url}/workshops/${slug}`)
    await otherPage
      .getByRole('link', { name: /^Zapsat se do pořadníku/ })
      .first()
      .click()
    await fillBooking(otherPage, { name: 'Petr Šťastný', email: 'petr.stastny@obec.example', type: 'úředník nebo úřednice' })
    await otherPage.getByRole('button', { name: 'Zapsat se do pořadníku' }).click()
    await otherPage.waitForURL(/\?sent=1$/)
    await otherPage.getByRole('heading', { name: 'Zkontrolujte svou e-mailovou schránku' }).waitFor()
    await smtp.waitFor(2)
    const waitlisted = mailTo('petr.stastny@obec.example')[0]!
    expect(invite(waitlisted)).toBeUndefined()
    await otherPage.goto(manageLink(waitlisted))
    await otherPage.getByText('Jste v pořadníku, 1. v pořadí', { exact: true }).waitFor()

    // Jana cancels from the link in her e-mail: a GET asks, the button cancels.
    await page.goto(manageLink(confirmation!))
    await page.getByRole('link', { name: 'Zrušit přihlášku' }).click()
    await page.waitForURL(/\/cancel$/)
    await page.getByRole('button', { name: 'Ano, zrušit přihlášku' }).waitFor()
    expect(await accessibilityViolations(page)).toEqual([])
    await page.getByRole('button', { name: 'Ano, zrušit přihlášku' }).click()
    await page.waitForURL(/done=cancelled$/)
    await page.getByText('Přihláška je zrušená', { exact: true }).waitFor()

    await smtp.waitFor(4)
    const cancel = invite(mailTo('jana.rehorova@skola.example')[1]!)!
    expect(cancel).toMatchObject({ contentTypeMethod: 'CANCEL', method: 'CANCEL', uid: request.uid, status: 'CANCELLED' })
    expect(cancel.sequence).toBeGreaterThan(request.sequence)

    const promoted = mailTo('petr.stastny@obec.example')
    expect(promoted).toHaveLength(2)
    expect(promoted[1]!.parsed.subject).toContain('Uvolnilo se místo')
    const petrInvite = invite(promoted[1]!)!
    expect(petrInvite).toMatchObject({ method: 'REQUEST', status: 'CONFIRMED' })
    expect(petrInvite.uid).not.toBe(request.uid)

    // One e-mail per event, none twice.
    await new Promise((r) => setTimeout(r, 500))
    expect(smtp.messages).toHaveLength(4)
    await context.close()
    await other.close()
  })

  it('shows the booking form in English with no accessibility violations', async () => {
    const context = await browser.newContext({ locale: 'en-GB' })
    const page = await context.newPage()
    await page.goto(`${server.url}/workshops/${slug}`)
    const link = page.getByRole('link', { name: /^(Book a seat|Join the waiting list)/ }).first()
    await link.click()
    await page.waitForURL(/\/book$/)
    await page.getByLabel('Full name').waitFor()
    expect(await page.getAttribute('html', 'lang')).toBe('en')
    expect(await accessibilityViolations(page)).toEqual([])
    await context.close()
  })
})
