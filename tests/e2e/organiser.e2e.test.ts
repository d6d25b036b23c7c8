import type { Browser, BrowserContext, Locator, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { awaitSignInLink, makeUser } from '../support/auth'
import { accessibilityViolations, collectScriptErrors, launchBrowser } from '../support/browser'
import { day, testStart, writtenDay } from '../support/clock'
import { createTestDatabase, type TestDatabase } from '../support/database'
import { startServer, type RunningServer } from '../support/server'

/*
 * The organiser workspace walked by keyboard alone: Tab / Shift+Tab to reach a control, typing
 * for text, Enter or Space to press. No .click() or .fill() on organiser pages; every page
 * visited is checked with axe (WCAG 2.1 A/AA), in Czech, and once more in English.
 */

const ORGANISER = 'jana.organizatorka@kraj-lbc.example'
const ADMIN = 'spravce@kraj-lbc.example'
const PORTAL = 'Datový portál Libereckého kraje'

const WORKSHOP = {
  title: 'Data o vodě a počasí v Jizerských horách',
  summary: 'Srážky, průtoky a teploty z měřicích stanic: čtení grafů a práce s tabulkou.',
  description: 'Workshop pro **učitele zeměpisu** a úředníky.\n\n- srážky a průtoky\n- teploty ze stanic',
}

let database: TestDatabase
let server: RunningServer
let browser: Browser
const contexts: BrowserContext[] = []
let organiserPage: Page
let adminPage: Page
const pageErrors: string[] = []

// Filled in as the flows go.
let workshopId = 0
let sessionId = 0
let bookedSession: { id: number; workshopTitle: string; name: string; total: number }

beforeAll(async () => {
  database = await createTestDatabase({ seedAt: testStart })
  const { db } = database
  const now = testStart.toISOString()
  const portal = await db.selectFrom('organisers').select('id').where('name', '=', PORTAL).executeTakeFirstOrThrow()
  await makeUser(db, { email: ORGANISER, name: 'Jana Organizátorka', role: 'organiser', organiserIds: [portal.id] })
  await makeUser(db, { email: ADMIN, name: 'Správce', role: 'admin' })

  // A seeded upcoming session of the portal with a confirmed Řehořová among its bookings.
  const row = await db
    .selectFrom('registrations')
    .innerJoin('sessions', 'sessions.id', 'registrations.session_id')
    .innerJoin('workshops', 'workshops.id', 'sessions.workshop_id')
    .select(['sessions.id as id', 'workshops.title as workshopTitle', 'registrations.full_name as name'])
    .where('workshops.organiser_id', '=', portal.id)
    .where('sessions.status', '=', 'scheduled')
    .where('sessions.starts_at', '>', now)
    .where('registrations.status', '=', 'confirmed')
    .where('registrations.full_name', 'like', '%Řehořová')
    .orderBy('sessions.starts_at')
    .executeTakeFirstOrThrow()
  const { total } = await db
    .selectFrom('registrations')
    .select((eb) => eb.fn.countAll<number>().as('total'))
    .where('session_id', '=', row.id)
    .executeTakeFirstOrThrow()
  bookedSession = { ...row, total: Number(total) }

  ;[server, browser] = await Promise.all([startServer({ DATABASE_URL: database.url }), launchBrowser()])
})

afterAll(async () => {
  for (const context of contexts) await context.close().catch(() => undefined)
  await browser?.close()
  await server?.stop()
  await database?.cleanup()
})

async function newPage(locale = 'cs-CZ'): Promise<Page> {
  const context = await browser.newContext({ locale, viewport: { width: 1280, height: 900 } })
  contexts.push(context)
  const page = await context.newPage()
  collectScriptErrors(page, pageErrors)
  return page
}

/** What has focus now, for failure messages. */
function focusDescription(page: Page): Promise<string> {
  return page.evaluate(() => {
    const el = document.activeElement
    if (!el || el === document.body) return 'body'
    const name = el.getAttribute('aria-label') ?? el.textContent?.trim().slice(0, 60) ?? ''
    return `<${el.tagName.toLowerCase()}${el.id ? ` id="${el.id}"` : ''}> ${name}`
  })
}

const isFocused = (target: Locator) => target.evaluate((el) => el === document.activeElement)

/**
 * Presses Tab (or Shift+Tab) until the target has focus, as a keyboard user would, and checks
 * that the focused control shows a focus indicator. Returns the number of presses.
 */
async function tabTo(
  page: Page,
  target: Locator | ((page: Page) => Promise<boolean>),
  maxTabs = 80,
  key: 'Tab' | 'Shift+Tab' = 'Tab',
): Promise<number> {
  if (typeof target !== 'function') await target.waitFor({ state: 'attached', timeout: 10_000 })
  const reached = typeof target === 'function' ? () => target(page) : () => isFocused(target)
  const trail: string[] = []
  for (let presses = 1; presses <= maxTabs; presses++) {
    await page.keyboard.press(key)
    if (await reached()) {
      const ring = await page.evaluate(() => {
        const el = document.activeElement as HTMLElement
        const style = getComputedStyle(el)
        return el.matches(':focus-visible') && (style.outlineStyle !== 'none' || style.boxShadow !== 'none')
      })
      if (!ring) throw new Error(`No visible focus indicator on ${await focusDescription(page)}`)
      return presses
    }
    trail.push(await focusDescription(page))
  }
  throw new Error(`Not reached after ${maxTabs} × ${key} at ${page.url()}; focus went: ${trail.join(' → ')}`)
}

/**
 * The parts of a native date or time field in the order the browser lays them out, read from
 * the accessibility tree as a sighted user reads the field: Chromium follows its own UI
 * language there, not the page's (Debian's package without chromium-l10n is en-US only:
 * month/day/year and a 12-hour clock with AM/PM).
 */
async function fieldParts(page: Page, id: string): Promise<string[]> {
  const cdp = await page.context().newCDPSession(page)
  try {
    const { root } = await cdp.send('DOM.getDocument', { depth: 0 })
    const { nodeId } = await cdp.send('DOM.querySelector', { nodeId: root.nodeId, selector: `#${id}` })
    const { nodes } = await cdp.send('Accessibility.queryAXTree', { nodeId, role: 'spinbutton' })
    return nodes.map((n) => String(n.name?.value ?? ''))
  } finally {
    await cdp.detach()
  }
}

/** Types a date ("YYYY-MM-DD") or a time ("14:30") into the focused native field, part by part. */
async function typeDateOrTime(page: Page, id: string, value: string) {
  const parts = await fieldParts(page, id)
  // A browser without native date/time fields: a plain text field takes the ISO form.
  if (parts.length === 0) return page.keyboard.type(value)
  const [a, b, c] = value.split(/[-:]/) as [string, string, string | undefined]
  const twelveHour = parts.some((p) => /AM|PM|dop|odp/i.test(p))
  const hours = Number(a)
  const keys = parts.map((part) => {
    if (/year|rok/i.test(part)) return a
    if (/month|měsíc/i.test(part)) return b
    if (/day|den/i.test(part)) return c!
    if (/hour|hodin/i.test(part)) return twelveHour ? String(hours % 12 === 0 ? 12 : hours % 12).padStart(2, '0') : a
    if (/minute|minut/i.test(part)) return b
    if (/AM|PM|dop|odp/i.test(part)) return hours < 12 ? 'A' : 'P'
    throw new Error(`Unknown part "${part}" of #${id}`)
  })
  for (const k of keys) await page.keyboard.type(k)
}

/** Tabs to a text field, selects what is in it and types over it. */
async function typeInto(page: Page, field: Locator, text: string, maxTabs = 40) {
  await tabTo(page, field, maxTabs)
  await page.keyboard.press('ControlOrMeta+A')
  await page.keyboard.press('Delete')
  await page.keyboard.type(text)
}

/** The URL changes a moment before React renders the new page: wait for an element of it. */
async function arrive(page: Page, url: RegExp, landmark: Locator) {
  await page.waitForURL(url)
  await landmark.waitFor()
}

async function expectNoViolations(page: Page) {
  expect(await accessibilityViolations(page), page.url()).toEqual([])
}

/** The passwordless sign-in, by keyboard: e-mail and Enter, the link from the outbox, the button. */
async function signIn(page: Page, email: string, landing: RegExp) {
  await page.goto(`${server.url}/sign-in`)
  await typeInto(page, page.getByRole('textbox', { name: 'E-mail' }), email)
  await page.keyboard.press('Enter')
  await arrive(page, /\/sign-in\?sent=1$/, page.getByRole('heading', { name: 'Zkontrolujte e-mail' }))
  await page.goto(await awaitSignInLink(database.db, email))
  const button = page.getByRole('button', { name: 'Přihlásit se', exact: true })
  await tabTo(page, button, 20)
  await page.keyboard.press('Enter')
  await page.waitForURL(landing)
}

/** "út 15. 12. YYYY 14:00–17:00" for a Prague date key and two times, worked out independently. */
function czechRange(dateKey: string, start: string, end: string): string {
  return `${writtenDay(dateKey, 'cs')} ${start}–${end}`
}

// A Prague day six weeks ahead, away from the seeded sessions' defaults.
const sessionDate = day(45)

const heading = (page: Page, name: string | RegExp) => page.getByRole('heading', { level: 1, name })

describe('the organiser workspace by keyboard (Czech)', () => {
  it('1. signs in with the e-mailed link and lands on the workspace', async () => {
    organiserPage = await newPage()
    const page = organiserPage
    await page.goto(`${server.url}/sign-in`)
    expect(await page.getAttribute('html', 'lang')).toBe('cs')
    await expectNoViolations(page)
    await signIn(page, ORGANISER, /\/organiser$/)
    await heading(page, 'Správa workshopů').waitFor()
    expect(await page.getByRole('link', { name: 'Nový workshop' }).count()).toBe(1)
    // The organiser's own workshops are listed, the other organisers' are not.
    expect(await page.getByRole('link', { name: bookedSession.workshopTitle }).count()).toBe(1)
    expect(await page.getByRole('link', { name: 'Phishing a sociální inženýrství' }).count()).toBe(0)
    await expectNoViolations(page)
  })

  it('2. creates a published workshop with a Markdown preview, and it shows in the catalogue', async () => {
    const page = organiserPage
    await tabTo(page, page.getByRole('link', { name: 'Nový workshop' }), 20)
    await page.keyboard.press('Enter')
    await arrive(page, /\/organiser\/workshops\/new$/, heading(page, 'Nový workshop'))
    await expectNoViolations(page)
    await typeInto(page, page.getByRole('textbox', { name: 'Název', exact: true }), WORKSHOP.title)
    await typeInto(page, page.getByRole('textbox', { name: 'Krátký popis' }), WORKSHOP.summary)
    await typeInto(page, page.getByRole('textbox', { name: 'Popis', exact: true }), WORKSHOP.description)

    // Topic: arrow keys on the focused select.
    const topic = page.getByRole('combobox', { name: 'Téma' })
    await tabTo(page, topic, 5)
    for (let i = 0; i < 4 && (await topic.inputValue()) !== 'open_data'; i++) await page.keyboard.press('ArrowDown')
    expect(await topic.inputValue()).toBe('open_data')

    // Audiences: Space on two checkboxes.
    const audiences = page.getByRole('group', { name: 'Pro koho' })
    for (const label of ['Učitelé ZŠ', 'Úředníci']) {
      const box = audiences.getByRole('checkbox', { name: label })
      await tabTo(page, box, 10)
      await page.keyboard.press('Space')
      expect(await box.isChecked(), label).toBe(true)
    }

    const organiser = page.getByRole('combobox', { name: 'Pořadatel' })
    await tabTo(page, organiser, 10)
    expect(await organiser.evaluate((el: HTMLSelectElement) => el.selectedOptions[0]?.textContent)).toBe(PORTAL)

    const publish = page.getByRole('checkbox', { name: 'Zveřejnit v katalogu' })
    await tabTo(page, publish, 5)
    await page.keyboard.press('Space')
    expect(await publish.isChecked()).toBe(true)

    // The preview button comes after Save (Enter in a field must save, not preview).
    await tabTo(page, page.getByRole('button', { name: 'Zobrazit náhled popisu' }), 5)
    await page.keyboard.press('Enter')
    const preview = page.getByRole('region', { name: 'Náhled popisu' })
    await preview.waitFor()
    expect(await preview.locator('strong').textContent()).toBe('učitele zeměpisu')
    expect(await preview.getByRole('listitem').allTextContents()).toEqual(['srážky a průtoky', 'teploty ze stanic'])
    expect(await preview.innerHTML()).not.toContain('**')
    // What was typed survives the preview.
    expect(await page.getByRole('textbox', { name: 'Název', exact: true }).inputValue()).toBe(WORKSHOP.title)
    await expectNoViolations(page)

    // The preview keeps every choice made above.
    expect(await page.getByRole('combobox', { name: 'Téma' }).inputValue()).toBe('open_data')
    expect(await page.getByRole('checkbox', { name: 'Zveřejnit v katalogu' }).isChecked()).toBe(true)

    await tabTo(page, page.getByRole('button', { name: 'Uložit workshop' }), 40)
    await page.keyboard.press('Enter')
    await arrive(page, /\/organiser\/workshops\/\d+\?saved=1$/, heading(page, WORKSHOP.title))
    workshopId = Number(/workshops\/(\d+)/.exec(page.url())![1])
    expect(await page.getByRole('status').textContent()).toBe('Workshop je uložený.')
    expect(await page.getByText('Zatím žádné termíny.').count()).toBe(1)
    await expectNoViolations(page)

    const stored = await database.db.selectFrom('workshops').selectAll().where('id', '=', workshopId).executeTakeFirstOrThrow()
    expect(stored).toMatchObject({
      title: WORKSHOP.title,
      topic: 'open_data',
      published: 1,
      description_md: WORKSHOP.description,
    })

    // In the public catalogue, for anyone.
    const visitor = await newPage()
    // It has no session yet, so it comes after those that have one: found by its title.
    await visitor.goto(`${server.url}/workshops?q=${encodeURIComponent(WORKSHOP.title)}`)
    expect(await visitor.locator('.card__title').allTextContents()).toContain(WORKSHOP.title)
    await visitor.getByRole('link', { name: WORKSHOP.title }).first().waitFor()
    await visitor.goto(`${server.url}/workshops/${stored.slug}`)
    expect(await visitor.getByRole('heading', { level: 1 }).textContent()).toBe(WORKSHOP.title)
    expect(await visitor.locator('strong', { hasText: 'učitele zeměpisu' }).count()).toBe(1)
  })

  it('3. shows the errors of a workshop form with an empty title, tied to the fields', async () => {
    const page = organiserPage
    // The edit form on the workshop page: select the title, delete it, save.
    const title = page.getByRole('textbox', { name: 'Název', exact: true })
    await tabTo(page, title, 40)
    await page.keyboard.press('ControlOrMeta+A')
    await page.keyboard.press('Delete')
    await tabTo(page, page.getByRole('button', { name: 'Uložit workshop' }), 30)
    await page.keyboard.press('Enter')
    const summary = page.getByRole('alert').filter({ hasText: 'Formulář obsahuje chyby' })
    await summary.waitFor()
    // Focus moves to the summary, as in the GOV.UK pattern, so the errors are read first.
    await expect.poll(() => summary.evaluate((el) => el === document.activeElement)).toBe(true)
    expect(await summary.getByRole('link').allTextContents()).toEqual(['Název: Vyplňte název.'])
    expect(await title.getAttribute('aria-invalid')).toBe('true')
    // The message next to the field is what a screen reader hears with it.
    expect(
      await title.evaluate((el) =>
        el
          .getAttribute('aria-describedby')
          ?.split(' ')
          .map((id) => document.getElementById(id)?.textContent),
      ),
    ).toContain('Vyplňte název.')
    // Nothing was saved.
    expect(await heading(page, WORKSHOP.title).count()).toBe(1)
    await expectNoViolations(page)

    // The summary's link takes the keyboard to the field.
    await tabTo(page, summary.getByRole('link', { name: /^Název:/ }), 3)
    await page.keyboard.press('Enter')
    await expect
      .poll(() => focusDescription(page), { message: 'focus after following the error link to the title' })
      .toBe('<input id="title"> ')
    await page.keyboard.type(WORKSHOP.title)
    await tabTo(page, page.getByRole('button', { name: 'Uložit workshop' }), 30)
    await page.keyboard.press('Enter')
    await arrive(page, new RegExp(`/organiser/workshops/${workshopId}\\?saved=1$`), page.getByRole('status'))
    expect(await page.getByRole('alert').count()).toBe(0)
    expect(await title.getAttribute('aria-invalid')).toBeNull()
  })

  it('4. adds a session, typing into the native date and time fields', async () => {
    const page = organiserPage
    await tabTo(page, page.getByRole('link', { name: 'Přidat termín' }), 30)
    await page.keyboard.press('Enter')
    await arrive(page, /\/sessions\/new$/, heading(page, `Nový termín: ${WORKSHOP.title}`))
    await expectNoViolations(page)

    const date = page.getByLabel('Datum', { exact: true })
    await tabTo(page, date, 30)
    await typeDateOrTime(page, 'date', sessionDate)
    expect(await date.inputValue(), 'typing digits into the date field').toBe(sessionDate)

    const start = page.getByLabel('Začátek', { exact: true })
    await tabTo(page, start, 5)
    await typeDateOrTime(page, 'startTime', '09:30')
    expect(await start.inputValue(), 'typing digits into the start time').toBe('09:30')
    const end = page.getByLabel('Konec', { exact: true })
    await tabTo(page, end, 5)
    await typeDateOrTime(page, 'endTime', '12:00')
    expect(await end.inputValue(), 'typing digits into the end time').toBe('12:00')

    expect(await page.getByRole('radio', { name: 'prezenčně' }).isChecked()).toBe(true)
    await typeInto(
      page,
      page.getByRole('textbox', { name: 'Místo (budova, instituce)' }),
      'Krajská vědecká knihovna v Liberci',
      10,
    )
    await typeInto(page, page.getByRole('textbox', { name: 'Adresa' }), 'Rumjancevova 1362/1, 460 01 Liberec', 5)
    await typeInto(page, page.getByRole('textbox', { name: 'Kapacita' }), '18', 10)
    await tabTo(page, page.getByRole('button', { name: 'Uložit termín' }), 20)
    await page.keyboard.press('Enter')

    const when = czechRange(sessionDate, '09:30', '12:00')
    await arrive(
      page,
      new RegExp(`/organiser/workshops/${workshopId}\\?sessionAdded=1$`),
      page.getByRole('rowheader', { name: when }),
    )
    // The notice names what was saved: the session, not the workshop.
    expect(await page.getByRole('status').textContent()).toBe('Termín je uložený.')
    const row = page.getByRole('row').filter({ has: page.getByRole('rowheader', { name: when }) })
    expect(await row.getByRole('cell').first().textContent()).toBe('Krajská vědecká knihovna v Liberci')
    expect(await row.getByRole('cell').nth(1).textContent()).toBe('0 z 18')
    await expectNoViolations(page)
    sessionId = (
      await database.db.selectFrom('sessions').select('id').where('workshop_id', '=', workshopId).executeTakeFirstOrThrow()
    ).id
  })

  it('5. edits the session, then finds and cancels a booking on a seeded session', async () => {
    const page = organiserPage
    const when = czechRange(sessionDate, '09:30', '12:00')
    await tabTo(page, page.getByRole('link', { name: `Upravit: ${when}` }), 30)
    await page.keyboard.press('Enter')
    await arrive(page, new RegExp(`/organiser/sessions/${sessionId}$`), heading(page, 'Upravit termín'))
    await expectNoViolations(page)

    const start = page.getByLabel('Začátek', { exact: true })
    expect(await start.inputValue()).toBe('09:30')
    await tabTo(page, start, 30)
    await typeDateOrTime(page, 'startTime', '10:00')
    expect(await start.inputValue()).toBe('10:00')
    await tabTo(page, page.getByRole('button', { name: 'Uložit termín' }), 40)
    await page.keyboard.press('Enter')
    await arrive(page, new RegExp(`/organiser/sessions/${sessionId}\\?notified=0&promoted=0$`), page.getByRole('status'))
    expect(await page.getByRole('status').textContent()).toBe('Termín je uložený. Aktualizovanou pozvánku nedostal nikdo.')
    expect(await page.getByRole('navigation', { name: 'Drobečková navigace' }).textContent()).toContain(
      czechRange(sessionDate, '10:00', '12:00'),
    )
    await expectNoViolations(page)

    // Back to the workspace through the breadcrumb, to the seeded workshop, to its bookings.
    await tabTo(page, page.getByRole('link', { name: 'Správa workshopů' }).last(), 20)
    await page.keyboard.press('Enter')
    await arrive(page, /\/organiser$/, page.getByRole('link', { name: WORKSHOP.title }))
    await tabTo(page, page.getByRole('link', { name: bookedSession.workshopTitle }), 40)
    await page.keyboard.press('Enter')
    await arrive(page, /\/organiser\/workshops\/\d+$/, heading(page, bookedSession.workshopTitle))
    await expectNoViolations(page)
    await tabTo(page, page.locator(`a[href="/organiser/sessions/${bookedSession.id}/registrations"]`), 40)
    await page.keyboard.press('Enter')
    await arrive(page, new RegExp(`/organiser/sessions/${bookedSession.id}/registrations$`), heading(page, /^Přihlášení: /))
    const names = () => page.getByRole('rowheader').allTextContents()
    expect(await names()).toHaveLength(bookedSession.total)
    await expectNoViolations(page)

    // Search without diacritics.
    await typeInto(page, page.getByRole('searchbox', { name: 'Hledat podle jména, e-mailu nebo organizace' }), 'rehorova', 40)
    await page.keyboard.press('Enter')
    await page.waitForURL(/\?q=rehorova$/)
    await expect.poll(async () => (await names()).length).toBeLessThan(bookedSession.total)
    const found = await names()
    expect(found.length).toBeGreaterThan(0)
    for (const name of found) expect(name).toMatch(/ Řehořová$/)
    expect(found).toContain(bookedSession.name)
    await expectNoViolations(page)

    // The disclosure asks first: Enter on its summary opens it, Enter on the button cancels.
    const row = page.getByRole('row').filter({ has: page.getByRole('rowheader', { name: bookedSession.name, exact: true }) })
    const disclosure = row.locator('details')
    const summary = row.locator('summary')
    expect(await summary.textContent()).toBe(`Zrušit přihlášku: ${bookedSession.name}`)
    await tabTo(page, summary, 40)
    await page.keyboard.press('Enter')
    expect(await disclosure.getAttribute('open')).toBe('')
    await expectNoViolations(page)
    // Space closes and opens it again, as on any button.
    await page.keyboard.press('Space')
    expect(await disclosure.getAttribute('open')).toBeNull()
    await page.keyboard.press('Space')
    expect(await disclosure.getAttribute('open')).toBe('')
    await tabTo(page, row.getByRole('button', { name: `Opravdu zrušit přihlášku: ${bookedSession.name}` }), 2)
    await page.keyboard.press('Enter')
    await arrive(page, /\?done=cancelled$/, page.getByRole('status'))
    expect(await page.getByRole('status').textContent()).toBe('Přihláška je zrušená a účastník dostal e-mail.')
    const cancelled = await database.db
      .selectFrom('registrations')
      .select(['status', 'email'])
      .where('session_id', '=', bookedSession.id)
      .where('full_name', '=', bookedSession.name)
      .executeTakeFirstOrThrow()
    expect(cancelled.status).toBe('cancelled')
    expect(
      await database.db.selectFrom('outbox').select('template').where('recipient', '=', cancelled.email).execute(),
    ).not.toEqual([])
    const cancelledRow = page
      .getByRole('row')
      .filter({ has: page.getByRole('rowheader', { name: bookedSession.name, exact: true }) })
    expect(await cancelledRow.getByRole('cell').nth(2).textContent()).toBe('zrušeno')
    expect(await cancelledRow.locator('summary').count()).toBe(0)
    await expectNoViolations(page)
  })

  it('6. as the admin: users and the audit log, which records the changes made above', async () => {
    const page = (adminPage = await newPage())
    await signIn(page, ADMIN, /\/organiser$/)
    await heading(page, 'Správa workshopů').waitFor()
    await tabTo(page, page.getByRole('link', { name: 'Správa systému' }), 40)
    await page.keyboard.press('Enter')
    await arrive(page, /\/admin\/users$/, heading(page, 'Uživatelé a role'))
    expect(await page.getByRole('rowheader', { name: new RegExp(`^${ORGANISER}`) }).count()).toBe(1)
    await expectNoViolations(page)

    await tabTo(page, page.getByRole('link', { name: 'Záznam změn' }), 20)
    await page.keyboard.press('Enter')
    await arrive(page, /\/admin\/audit$/, heading(page, 'Záznam změn a přístupů'))
    await expectNoViolations(page)
    // The organiser's changes, through the filter form (a GET form: the URL keeps the view).
    await tabTo(page, page.getByRole('combobox', { name: 'Druh záznamu' }), 20)
    await page.getByRole('combobox', { name: 'Druh záznamu' }).selectOption('changes')
    await typeInto(page, page.getByRole('textbox', { name: 'E-mail toho, kdo akci provedl' }), ORGANISER)
    await page.keyboard.press('Enter')
    await arrive(page, /\/admin\/audit\?kind=changes&/, page.getByRole('link', { name: 'Zrušit filtry' }))
    await expectNoViolations(page)
    // Each row: who, the action in words, what it concerns, and the action as stored (in a disclosure).
    const rows = await page
      .getByRole('row')
      .evaluateAll((trs) =>
        trs
          .slice(1)
          .map((tr) => [...tr.querySelectorAll('td')].map((td) => td.querySelector('code')?.textContent ?? td.textContent ?? '')),
      )
    expect(new Set(rows.map((cells) => cells[1]))).toEqual(new Set([ORGANISER]))
    const byOrganiser = rows.map((cells) => `${cells[4]} ${cells[3]}`)
    const words = (action: string) => rows.find((cells) => cells[4] === action)?.[2]
    expect(words('workshop.update')).toMatch(new RegExp(`^Upraven workshop „${WORKSHOP.title}“`))
    expect(words('session.update')).toMatch(new RegExp(`^Upraven termín „${WORKSHOP.title}“, `))
    const registration = await database.db
      .selectFrom('registrations')
      .select('id')
      .where('session_id', '=', bookedSession.id)
      .where('full_name', '=', bookedSession.name)
      .executeTakeFirstOrThrow()
    expect(byOrganiser).toEqual(
      expect.arrayContaining([
        `workshop.create workshop č. ${workshopId}`,
        `workshop.update workshop č. ${workshopId}`,
        `session.create termín č. ${sessionId}`,
        `session.update termín č. ${sessionId}`,
        `registration.cancel přihláška č. ${registration.id}`,
      ]),
    )
  })
})

describe('the organiser workspace in English', () => {
  it('has no accessibility violations on the main pages', async () => {
    const page = organiserPage
    await page.goto(`${server.url}/organiser`)
    await heading(page, 'Správa workshopů').waitFor()
    // The language switcher, by keyboard.
    await tabTo(page, page.getByRole('button', { name: 'English' }), 20)
    await page.keyboard.press('Enter')
    await expect.poll(() => page.getAttribute('html', 'lang')).toBe('en')
    await heading(page, 'Manage workshops').waitFor()
    await expectNoViolations(page)

    for (const [path, title] of [
      ['/organiser/workshops/new', 'New workshop'],
      [`/organiser/workshops/${workshopId}`, WORKSHOP.title],
      [`/organiser/workshops/${workshopId}/sessions/new`, `New session: ${WORKSHOP.title}`],
      [`/organiser/sessions/${sessionId}`, 'Edit session'],
      [`/organiser/sessions/${bookedSession.id}/registrations`, /^Bookings: /],
      [`/organiser/sessions/${bookedSession.id}/feedback`, /^Feedback: /],
      [`/organiser/workshops/${workshopId}/feedback`, `Feedback: ${WORKSHOP.title}`],
    ] as const) {
      await page.goto(server.url + path)
      await heading(page, title).waitFor()
      expect(await page.getAttribute('html', 'lang'), path).toBe('en')
      await expectNoViolations(page)
    }

    // The error state in English too.
    await page.goto(`${server.url}/organiser/workshops/new`)
    await tabTo(page, page.getByRole('button', { name: 'Save workshop' }), 60)
    await page.keyboard.press('Enter')
    await page.getByRole('alert').waitFor()
    expect(await page.getByRole('textbox', { name: 'Title', exact: true }).getAttribute('aria-invalid')).toBe('true')
    await expectNoViolations(page)

    // The admin pages, switched to English by keyboard too.
    await adminPage.goto(`${server.url}/admin/users`)
    await tabTo(adminPage, adminPage.getByRole('button', { name: 'English' }), 20)
    await adminPage.keyboard.press('Enter')
    await heading(adminPage, 'Users and roles').waitFor()
    expect(await adminPage.getAttribute('html', 'lang')).toBe('en')
    await expectNoViolations(adminPage)
    await adminPage.goto(`${server.url}/admin/audit`)
    await heading(adminPage, 'Audit log').waitFor()
    await expectNoViolations(adminPage)
    await adminPage.goto(`${server.url}/admin/jobs`)
    await heading(adminPage, 'Scheduled jobs').waitFor()
    await expectNoViolations(adminPage)
    expect(pageErrors).toEqual([])
  })
})
