import type { Browser, BrowserContext, Frame, Locator, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { makeUser, signIn, signInLinkFromOutbox } from '../support/auth'
import { accessibilityViolations, collectScriptErrors, launchBrowser } from '../support/browser'
import { testStart } from '../support/clock'
import { createTestDatabase, type TestDatabase } from '../support/database'
import { createBookableSession, organiserOf, parsedBookingForm } from '../support/fixtures'
import { startServer, type RunningServer } from '../support/server'
import { registerForSession } from '~/models/registrations.server'
import { formatCode } from '~/utils/codes'

/*
 * Attendance in the room, as the organiser's phone sees it, and what the participant gets
 * afterwards: the check-in code and QR code on the manage page, the certificate PDF and the
 * public page that verifies it. One session of 30 confirmed people with Czech names; the
 * tests run in order and build on each other (marked, then closed, then certificates).
 */

const ORGANISER = 'dagmar.organizatorka@kraj-lbc.example'

/** 30 people, every surname different; the searches below rely on that. */
const PEOPLE = [
  'Jana Řehořová',
  'Tomáš Dvořák',
  'Kateřina Šťastná',
  'Jiří Čermák',
  'Zuzana Žáková',
  'Petr Novák',
  'Lucie Svobodová',
  'Martin Černý',
  'Eva Procházková',
  'Ondřej Kučera',
  'Markéta Veselá',
  'Vojtěch Horák',
  'Tereza Němcová',
  'Jakub Marek',
  'Barbora Pokorná',
  'Matěj Růžička',
  'Anežka Hájková',
  'Štěpán Král',
  'Klára Jelínková',
  'Radek Beneš',
  'Šárka Fialová',
  'Michal Sedláček',
  'Hana Doležalová',
  'Filip Zeman',
  'Veronika Kolářová',
  'David Navrátil',
  'Alžběta Čapková',
  'Jan Bartoš',
  'Ludmila Vlčková',
  'Pavel Chalupa',
] as const

/** Marked without JavaScript. */
const NO_JS_PERSON = 'Štěpán Král'
/** Un-marked by a second tap, then checked in by code. */
const CHECK_IN_PERSON = 'Zuzana Žáková'
/** Opens her manage page and gets the certificate. */
const PARTICIPANT = 'Jana Řehořová'

let database: TestDatabase
let server: RunningServer
let browser: Browser
const contexts: BrowserContext[] = []
const pageErrors: string[] = []

let sessionId = 0
let workshopId = 0
/** By full name: registration id, manage-link token, e-mail. */
const people = new Map<string, { id: number; token: string; email: string }>()

/** The organiser's page with JavaScript, signed in through the real flow. */
let organiserPage: Page

beforeAll(async () => {
  database = await createTestDatabase()
  const { db } = database
  const session = await createBookableSession(db, { capacity: 40 })
  sessionId = session.sessionId
  workshopId = session.workshopId
  await makeUser(db, {
    email: ORGANISER,
    role: 'organiser',
    organiserIds: [await organiserOf(db, workshopId)],
    name: 'Dagmar Organizátorka',
  })

  ;[server, browser] = await Promise.all([startServer({ DATABASE_URL: database.url }), launchBrowser()])

  // Booked as the booking form books, with the real server's address in the links.
  for (const [i, fullName] of PEOPLE.entries()) {
    const email = `ucastnik.${i + 1}@skola.example`
    const result = await registerForSession(db, {
      sessionId,
      form: parsedBookingForm(i + 1, { fullName, email }),
      locale: 'cs',
      now: testStart,
      appUrl: server.url,
    })
    if (result.kind !== 'registered' || result.status !== 'confirmed') throw new Error(`${fullName}: ${JSON.stringify(result)}`)
    people.set(fullName, { id: result.registrationId, token: result.token, email })
  }
})

afterAll(async () => {
  for (const context of contexts) await context.close().catch(() => undefined)
  await browser?.close()
  await server?.stop()
  await database?.cleanup()
})

async function newPage(options: { javaScriptEnabled?: boolean; width?: number } = {}): Promise<Page> {
  const context = await browser.newContext({
    locale: 'cs-CZ',
    javaScriptEnabled: options.javaScriptEnabled ?? true,
    viewport: { width: options.width ?? 1280, height: 900 },
  })
  contexts.push(context)
  const page = await context.newPage()
  // Fail with a message well before the test's own time runs out.
  page.setDefaultTimeout(15_000)
  collectScriptErrors(page, pageErrors)
  return page
}

const person = (name: string) => {
  const found = people.get(name)
  if (!found) throw new Error(`no such person ${name}`)
  return found
}
const rosterUrl = () => `${server.url}/organiser/sessions/${sessionId}/attendance`
/** The group of status buttons in one person's row ("Docházka: Jana Řehořová"). */
const marks = (page: Page, name: string) => page.getByRole('group', { name: `Docházka: ${name}`, exact: true })
const markButton = (page: Page, name: string, label: 'přítomnost' | 'pozdě' | 'omluveno' | 'nepřítomnost') =>
  marks(page, name).getByRole('button', { name: label, exact: true })
const countsLine = (page: Page) => page.locator('.roster-counts')
/** The names of the rows shown now. */
const rowNames = (page: Page) => page.locator('.roster__row .roster__who strong').allTextContents()
const heading = (page: Page, name: string | RegExp) => page.getByRole('heading', { level: 1, name })

async function expectNoViolations(page: Page, what = page.url()) {
  expect(await accessibilityViolations(page), what).toEqual([])
}

async function attendanceOf(name: string) {
  return (
    await database.db.selectFrom('registrations').select('attendance').where('id', '=', person(name).id).executeTakeFirstOrThrow()
  ).attendance
}

async function attendanceTally() {
  const rows = await database.db.selectFrom('registrations').select('attendance').where('session_id', '=', sessionId).execute()
  return rows.reduce<Record<string, number>>((tally, r) => {
    const key = r.attendance ?? 'unmarked'
    tally[key] = (tally[key] ?? 0) + 1
    return tally
  }, {})
}

/**
 * With JavaScript the roster works in place only once React has taken over: each row then
 * carries the hidden js=1 field. Before that a tap is an ordinary form post.
 */
async function waitForHydration(page: Page, rows: number) {
  await page.waitForFunction((n) => document.querySelectorAll('.roster__marks input[name="js"]').length === n, rows)
}

/** Counts main-frame navigations (full loads and same-document ones) from now on. */
function countNavigations(page: Page): { count: () => number; urls: string[] } {
  const urls: string[] = []
  page.on('framenavigated', (frame: Frame) => {
    if (frame === page.mainFrame()) urls.push(frame.url())
  })
  return { count: () => urls.length, urls }
}

/** The whole roster afresh, hydrated, with an empty search field. */
async function openRoster(page: Page) {
  await page.goto(rosterUrl())
  await heading(page, /^Docházka: /).waitFor()
  await waitForHydration(page, PEOPLE.length)
}

async function waitPressed(button: Locator, pressed: boolean) {
  await expect.poll(() => button.getAttribute('aria-pressed'), { timeout: 20_000 }).toBe(String(pressed))
}

/** The passwordless sign-in in the browser: e-mail, the link from the outbox, the button. */
async function signInInBrowser(page: Page, email: string) {
  await page.goto(`${server.url}/sign-in`)
  await page.getByRole('textbox', { name: 'E-mail' }).fill(email)
  await page.getByRole('button', { name: 'Poslat přihlašovací odkaz' }).click()
  await heading(page, 'Zkontrolujte e-mail').waitFor()
  let link: string | undefined
  await expect.poll(async () => (link = await signInLinkFromOutbox(database.db, email)), { timeout: 10_000 }).toBeTruthy()
  await page.goto(link!)
  await page.getByRole('button', { name: 'Přihlásit se', exact: true }).click()
  await page.waitForURL(/\/organiser$/)
  await heading(page, 'Správa workshopů').waitFor()
}

describe('the roster in the room (organiser, Czech)', () => {
  it('Marking 30 people takes 30 taps with no page reload when JavaScript runs', { timeout: 180_000 }, async () => {
    organiserPage = await newPage()
    const page = organiserPage
    await signInInBrowser(page, ORGANISER)

    await page.goto(rosterUrl())
    await heading(page, /^Docházka: /).waitFor()
    await waitForHydration(page, PEOPLE.length)
    expect(await page.getAttribute('html', 'lang')).toBe('cs')
    expect(await countsLine(page).textContent()).toBe('30\u00a0osob: přítomno 0, pozdě 0, omluveno 0, nepřítomno 0, nezapsáno 30')
    // Sorted by surname in Czech order (Č after C, Ch after H, Ř after R, Š after S, Ž after Z).
    const shown = await rowNames(page)
    expect(shown).toHaveLength(30)
    expect(shown.indexOf('Martin Černý')).toBeGreaterThan(shown.indexOf('Alžběta Čapková'))
    expect(shown.indexOf('Pavel Chalupa')).toBeGreaterThan(shown.indexOf('Vojtěch Horák'))
    expect(shown.indexOf('Jana Řehořová')).toBeGreaterThan(shown.indexOf('Matěj Růžička'))
    expect(shown.at(-1)).toBe('Zuzana Žáková')
    await expectNoViolations(page, 'roster at 1280 px')

    const navigations = countNavigations(page)
    await page.evaluate(() => ((window as unknown as { __marker: number }).__marker = 1))

    let taps = 0
    for (const name of PEOPLE) {
      const button = markButton(page, name, 'přítomnost')
      expect(await button.getAttribute('aria-pressed'), name).toBe('false')
      await button.click()
      taps++
    }
    expect(taps).toBe(30)

    for (const name of PEOPLE) await waitPressed(markButton(page, name, 'přítomnost'), true)
    await countsLine(page).filter({ hasText: 'přítomno 30' }).waitFor({ timeout: 20_000 })
    expect(await countsLine(page).textContent()).toBe('30\u00a0osob: přítomno 30, pozdě 0, omluveno 0, nepřítomno 0, nezapsáno 0')
    // Every other status button stays unpressed.
    expect(await page.locator('.roster__marks button[aria-pressed="true"]').count()).toBe(30)
    await expect.poll(attendanceTally, { timeout: 20_000 }).toEqual({ present: 30 })

    expect(navigations.urls, 'main-frame navigations while tapping').toEqual([])
    expect(navigations.count()).toBe(0)
    expect(await page.evaluate(() => (window as unknown as { __marker?: number }).__marker)).toBe(1)
    expect(page.url()).toBe(rosterUrl())

    await expectNoViolations(page, 'roster with everyone marked, 1280 px')
    await page.setViewportSize({ width: 390, height: 844 })
    await expectNoViolations(page, 'roster at 390 px')
    // Nothing sideways to scroll on a phone (WCAG 1.4.10).
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390)
    await page.setViewportSize({ width: 1280, height: 900 })
  })

  it('Search as you type with JavaScript filters the rows at once, without a navigation', async () => {
    const page = organiserPage
    await openRoster(page)
    const navigations = countNavigations(page)
    const search = page.getByRole('searchbox', { name: 'Hledat jméno nebo organizaci' })
    await search.fill('')
    await search.pressSequentially('dvorak')
    await expect.poll(() => rowNames(page), { timeout: 10_000 }).toEqual(['Tomáš Dvořák'])
    expect(await page.getByText('Nikdo neodpovídá hledání.').count()).toBe(0)

    // Upper case and a first name work too; a name nobody has says so.
    await search.fill('')
    await search.pressSequentially('ZUZANA')
    await expect.poll(() => rowNames(page), { timeout: 10_000 }).toEqual(['Zuzana Žáková'])
    await search.fill('')
    await search.pressSequentially('xyzzy')
    await page.getByText('Nikdo neodpovídá hledání.').waitFor()
    expect(await rowNames(page)).toEqual([])
    await expectNoViolations(page, 'roster, search with no match')

    // Clearing the field brings everyone back.
    await search.fill('')
    await expect.poll(async () => (await rowNames(page)).length, { timeout: 10_000 }).toBe(30)

    expect(navigations.urls, 'navigations while searching').toEqual([])
    expect(page.url()).toBe(rosterUrl())
  })

  it('Search as you type finds "surname first name" like the server does', async () => {
    // The server splits the query into words and wants each one; the list is sorted by
    // surname, so "rehorova jana" is a natural thing to type.
    const page = organiserPage
    await openRoster(page)
    const search = page.getByRole('searchbox', { name: 'Hledat jméno nebo organizaci' })
    const serverSide = await (await page.context().request.get(`${rosterUrl()}?q=${encodeURIComponent('rehorova jana')}`)).text()
    expect(serverSide).toContain('Jana Řehořová')

    await search.fill('')
    await search.pressSequentially('rehorova jana')
    await expect.poll(() => rowNames(page), { timeout: 10_000 }).toEqual(['Jana Řehořová'])
  })

  it('A roster opened filtered (?q=) with JavaScript widens again when the search is cleared', async () => {
    // A search sent before the page was interactive (a slow phone) or a bookmarked link.
    const page = organiserPage
    await page.goto(`${rosterUrl()}?q=rehorova`)
    await heading(page, /^Docházka: /).waitFor()
    await waitForHydration(page, 1)
    expect(await rowNames(page)).toEqual(['Jana Řehořová'])
    const search = page.getByRole('searchbox', { name: 'Hledat jméno nebo organizaci' })
    expect(await search.inputValue()).toBe('rehorova')
    await search.fill('')
    await search.press('Enter')
    await expect.poll(async () => (await rowNames(page)).length, { timeout: 10_000 }).toBe(30)
  })

  it('A second tap on a pressed status clears it, and check-in by code marks the person present', async () => {
    const page = organiserPage
    await openRoster(page)
    const navigations = countNavigations(page)
    // Un-mark one person by tapping her pressed button again.
    const present = markButton(page, CHECK_IN_PERSON, 'přítomnost')
    expect(await present.getAttribute('aria-pressed')).toBe('true')
    await present.click()
    await waitPressed(present, false)
    await countsLine(page).filter({ hasText: 'přítomno 29' }).waitFor()
    await expect.poll(() => attendanceOf(CHECK_IN_PERSON), { timeout: 10_000 }).toBeNull()
    expect(navigations.urls).toEqual([])

    // Her code from the e-mail, typed in lower case with the dash.
    const { check_in_code: code } = await database.db
      .selectFrom('registrations')
      .select('check_in_code')
      .where('id', '=', person(CHECK_IN_PERSON).id)
      .executeTakeFirstOrThrow()
    expect(code).toMatch(/^[0-9A-HJKMNP-TV-Z]{8}$/)
    const field = page.getByRole('textbox', { name: 'Kód z e-mailu nebo QR kódu' })
    await field.fill(formatCode(code!).toLowerCase())
    await page.getByRole('button', { name: 'Zapsat příchod' }).click()
    const notice = page.getByRole('status').filter({ hasText: CHECK_IN_PERSON })
    await notice.waitFor()
    expect(await notice.textContent()).toBe(`Přítomnost zapsána: ${CHECK_IN_PERSON}.`)
    await waitPressed(present, true)
    await countsLine(page).filter({ hasText: 'přítomno 30' }).waitFor()
    expect(await attendanceOf(CHECK_IN_PERSON)).toBe('present')
    await expectNoViolations(page, 'roster after a check-in')

    // A made-up code: the error, and nobody changes.
    const before = await attendanceTally()
    let madeUp = 'ZZZZ-ZZZZ'
    for (const candidate of ['ZZZZ-ZZZZ', 'YYYY-YYYY', 'XXXX-XXXX']) {
      const taken = await database.db
        .selectFrom('registrations')
        .select('id')
        .where('check_in_code', '=', candidate.replace('-', ''))
        .executeTakeFirst()
      if (!taken) {
        madeUp = candidate
        break
      }
    }
    await field.fill(madeUp.toLowerCase())
    await page.getByRole('button', { name: 'Zapsat příchod' }).click()
    const alert = page.getByRole('alert').filter({ hasText: 'Tento kód neznáme' })
    await alert.waitFor()
    expect(await alert.textContent()).toBe('Tento kód neznáme. Zkontrolujte ho, nebo osobu najděte v seznamu.')
    expect(await attendanceTally()).toEqual(before)
    await expectNoViolations(page, 'roster with an unknown code')
  })

  it('Without JavaScript marking one person still works, and search filters on the server', async () => {
    const page = await newPage({ javaScriptEnabled: false })
    const { cookie } = await signIn(server.url, database.db, ORGANISER)
    const [name, value] = cookie.split(/=(.*)/s) as [string, string]
    await page.context().addCookies([{ name, value, url: server.url }])

    await page.goto(rosterUrl())
    await heading(page, /^Docházka: /).waitFor()
    expect(await page.locator('input[name="js"]').count()).toBe(0)
    const late = markButton(page, NO_JS_PERSON, 'pozdě')
    expect(await late.getAttribute('aria-pressed')).toBe('false')
    await Promise.all([
      page.waitForURL(new RegExp(`/organiser/sessions/${sessionId}/attendance#r${person(NO_JS_PERSON).id}$`)),
      late.click(),
    ])
    await heading(page, /^Docházka: /).waitFor()
    expect(await markButton(page, NO_JS_PERSON, 'pozdě').getAttribute('aria-pressed')).toBe('true')
    expect(await markButton(page, NO_JS_PERSON, 'přítomnost').getAttribute('aria-pressed')).toBe('false')
    expect(await countsLine(page).textContent()).toContain('přítomno 29, pozdě 1')
    expect(await attendanceOf(NO_JS_PERSON)).toBe('late')
    // (No axe here: it runs as a script in the page, and this page runs none.)

    // The search form goes to the server: a surname typed without diacritics.
    await page.getByRole('searchbox', { name: 'Hledat jméno nebo organizaci' }).fill('rehorova')
    await Promise.all([
      page.waitForURL(/\/attendance\?q=rehorova$/),
      page.getByRole('button', { name: 'Hledat', exact: true }).click(),
    ])
    await heading(page, /^Docházka: /).waitFor()
    expect(await rowNames(page)).toEqual(['Jana Řehořová'])
    expect(await page.getByRole('searchbox', { name: 'Hledat jméno nebo organizaci' }).inputValue()).toBe('rehorova')
    // The counts are still those of the whole session.
    expect(await countsLine(page).textContent()).toMatch(/^30\u00a0osob:/)

    // Surname first, two words: each word has to match.
    await page.goto(`${rosterUrl()}?q=${encodeURIComponent('KRAL stepan')}`)
    expect(await rowNames(page)).toEqual([NO_JS_PERSON])
  })

  it('Closing attendance sends certificates; the PDF with all of them answers application/pdf', async () => {
    const page = organiserPage
    await openRoster(page)
    expect(await page.getByRole('link', { name: 'Všechna osvědčení (PDF)' }).count()).toBe(0)
    await page.getByRole('button', { name: 'Uzavřít docházku a rozeslat osvědčení', exact: true }).click()
    await page.waitForURL(/\/attendance\?closed=30$/)
    const notice = page.getByRole('status').filter({ hasText: 'Docházka je uzavřená' })
    await notice.waitFor()
    expect(await notice.textContent()).toBe('Docházka je uzavřená, osvědčení jsme rozeslali (30).')

    const link = page.getByRole('link', { name: 'Všechna osvědčení (PDF)' })
    await link.waitFor()
    const href = await link.getAttribute('href')
    expect(href).toBe(`/organiser/sessions/${sessionId}/certificates.pdf`)
    const response = await page.context().request.get(server.url + href)
    expect(response.status()).toBe(200)
    expect(response.headers()['content-type']).toBe('application/pdf')
    expect((await response.body()).subarray(0, 5).toString('latin1')).toBe('%PDF-')

    // 29 present and one late: 30 certificates, each with a mail queued.
    const certificates = await database.db
      .selectFrom('certificates')
      .innerJoin('registrations', 'registrations.id', 'certificates.registration_id')
      .select('certificates.code')
      .where('registrations.session_id', '=', sessionId)
      .where('certificates.revoked_at', 'is', null)
      .execute()
    expect(certificates).toHaveLength(30)
    const mails = await database.db.selectFrom('outbox').select('id').where('template', '=', 'registration.certificate').execute()
    expect(mails).toHaveLength(30)
    await expectNoViolations(page, 'roster after closing')
  })
})

describe('the participant after the workshop', () => {
  it('The manage page shows the check-in code and a QR code with an accessible name', async () => {
    const page = await newPage()
    const { token } = person(PARTICIPANT)
    await page.goto(`${server.url}/registrations/${token}`)
    await heading(page, 'Vaše přihláška').waitFor()
    const { check_in_code } = await database.db
      .selectFrom('registrations')
      .select('check_in_code')
      .where('id', '=', person(PARTICIPANT).id)
      .executeTakeFirstOrThrow()
    const code = page.locator('.checkin-code')
    expect(await code.textContent()).toMatch(/^[0-9A-Z]{4}-[0-9A-Z]{4}$/)
    expect(await code.textContent()).toBe(formatCode(check_in_code!))
    expect(await page.getByRole('heading', { level: 2, name: 'Kód pro příchod' }).count()).toBe(1)
    const qr = page.getByRole('img', { name: formatCode(check_in_code!) })
    expect(await qr.count()).toBe(1)
    expect(await qr.evaluate((el) => el.tagName.toLowerCase())).toBe('svg')
    await expectNoViolations(page, 'manage page')
  })

  it('downloads the certificate PDF, and the public page verifies it without the e-mail address', async () => {
    const page = await newPage()
    const { token, email } = person(PARTICIPANT)
    await page.goto(`${server.url}/registrations/${token}`)
    const download = page.getByRole('link', { name: 'Stáhnout osvědčení (PDF)' })
    await download.waitFor()
    const href = await download.getAttribute('href')
    expect(href).toBe(`/registrations/${token}/certificate.pdf`)
    const [file] = await Promise.all([page.waitForEvent('download'), download.click()])
    expect(file.suggestedFilename()).toMatch(/^Osvědčení – Jana Řehořová – .*\.pdf$/)
    const response = await page.context().request.get(server.url + href)
    expect(response.status()).toBe(200)
    expect(response.headers()['content-type']).toBe('application/pdf')
    expect((await response.body()).subarray(0, 5).toString('latin1')).toBe('%PDF-')

    await page.getByRole('link', { name: 'Ověření osvědčení' }).click()
    await page.waitForURL(/\/certificates\/[0-9A-Z]{12}$/)
    await page.getByText('Osvědčení je platné.', { exact: true }).waitFor()
    await heading(page, 'Ověření osvědčení').waitFor()
    const main = page.locator('main')
    expect(await main.textContent()).toContain(PARTICIPANT)
    expect(await main.textContent()).toContain('Kybernetická bezpečnost na obecním úřadě')
    const text = await page.locator('body').innerText()
    const html = await page.content()
    expect(html).not.toContain(email)
    expect(text).not.toMatch(/[\w.+-]+@[\w-]+\.[\w.-]+/)
    await expectNoViolations(page, 'certificate verification, valid')

    const missing = await page.goto(`${server.url}/certificates/ABCD-EFGH-JKMN`)
    expect(missing?.status()).toBe(404)
    await page.getByText(/neexistuje nebo není platné/).waitFor()
    expect(await page.getByText('Osvědčení je platné.').count()).toBe(0)
    await expectNoViolations(page, 'certificate verification, unknown code')
  })
})

describe('booking a workshop that prints the date of birth on its certificate', () => {
  it('asks for the date of birth, explains when it is missing, and books with it', { timeout: 60_000 }, async () => {
    const { sessionId: bookable } = await createBookableSession(database.db, {
      capacity: 5,
      workshop: { requiresBirthDate: true },
    })

    const page = await newPage()
    await page.goto(`${server.url}/sessions/${bookable}/book`)
    const birth = page.getByLabel('Datum narození')
    await birth.waitFor()
    await page.getByLabel('Jméno a příjmení').fill('Bohumila Škodová')
    await page.getByLabel('E-mail').fill('bohumila.skodova@skola.example')
    await page.getByLabel('úředník nebo úřednice').check()
    await page.getByLabel('Škola nebo úřad').fill('Městský úřad Jablonec nad Nisou')
    await page.getByLabel('Souhlasím, aby pořadatel mé údaje použil').check()
    await page.getByRole('button', { name: 'Rezervovat místo' }).click()

    const error = page.locator('#dateOfBirth-error')
    await error.waitFor()
    expect(await error.textContent()).toBe('Zadejte platné datum narození, například 1980-05-17.')
    expect(await birth.getAttribute('aria-invalid')).toBe('true')
    expect((await birth.getAttribute('aria-describedby'))?.split(' ')).toContain('dateOfBirth-error')
    expect(await page.locator('[aria-invalid="true"]').count()).toBe(1)
    await expectNoViolations(page, 'booking form, date of birth missing')
    expect(await database.db.selectFrom('registrations').select('id').where('session_id', '=', bookable).execute()).toEqual([])

    await birth.fill('1980-05-17')
    await page.getByRole('button', { name: 'Rezervovat místo' }).click()
    await page.waitForURL(/\/sessions\/\d+\/book\?sent=1$/)
    await page.getByRole('heading', { name: 'Zkontrolujte svou e-mailovou schránku' }).waitFor()
    const booked = await database.db
      .selectFrom('registrations')
      .select(['full_name', 'status', 'date_of_birth'])
      .where('session_id', '=', bookable)
      .executeTakeFirstOrThrow()
    expect(booked).toEqual({ full_name: 'Bohumila Škodová', status: 'confirmed', date_of_birth: '1980-05-17' })
  })

  it('a workshop that does not need it never asks', async () => {
    const page = await newPage()
    await page.goto(`${server.url}/sessions/${sessionId}/book`)
    await page.getByLabel('Jméno a příjmení').waitFor()
    expect(await page.getByLabel('Datum narození').count()).toBe(0)
  })

  it('logged no script errors on the way', () => {
    expect(pageErrors).toEqual([])
  })
})
