import type { Browser, BrowserContext, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { makeUser, signIn } from '../support/auth'
import { accessibilityViolations, collectScriptErrors, launchBrowser } from '../support/browser'
import { testStart } from '../support/clock'
import { createTestDatabase, type TestDatabase } from '../support/database'
import { addBookableSession, createBookableSession, organiserOf, parsedBookingForm } from '../support/fixtures'
import { startServer, type RunningServer } from '../support/server'
import { markAttendance } from '~/models/attendance.server'
import type { SignedInUser } from '~/models/auth.server'
import { registerForSession } from '~/models/registrations.server'

/*
 * The organiser closing attendance of a room where most people were never marked (21 of 28,
 * as in the issue), in Chromium: with and without JavaScript the close button first asks what
 * to do with them on a page of its own, and only its answer closes and mails certificates,
 * to the people marked present alone. On the way, the note one participant typed into the
 * booking form shows on the roster and the bookings list.
 */

const ORGANISER = 'dagmar.organizatorka@kraj-lbc.example'
const NOTE = 'Přijedu na vozíku, potřebuji bezbariérový vstup.'

let database: TestDatabase
let server: RunningServer
let browser: Browser
let cookie = ''
const contexts: BrowserContext[] = []
const pageErrors: string[] = []

/** Each room: its session and, by name, the registration ids; `present` were marked before the test. */
type Room = { sessionId: number; ids: Map<string, number>; present: string[]; unmarked: string[] }
let big: Room
let small: Room

async function fillRoom(sessionId: number, size: number, marked: number, firstN: number, user: SignedInUser): Promise<Room> {
  const ids = new Map<string, number>()
  for (let i = 0; i < size; i++) {
    const n = firstN + i
    const result = await registerForSession(database.db, {
      sessionId,
      form: parsedBookingForm(n, n === 1 ? { note: NOTE } : {}),
      locale: 'cs',
      now: testStart,
      appUrl: server.url,
    })
    if (result.kind !== 'registered' || result.status !== 'confirmed') throw new Error(`booking ${n}: ${JSON.stringify(result)}`)
    ids.set(`Účastník Číslo ${n}`, result.registrationId)
  }
  const names = [...ids.keys()]
  const present = names.slice(0, marked)
  for (const name of present) {
    const done = await markAttendance(database.db, {
      sessionId,
      registrationId: ids.get(name)!,
      attendance: 'present',
      user,
      now: testStart,
      appUrl: server.url,
    })
    if (done.kind !== 'marked') throw new Error(`marking ${name}: ${done.kind}`)
  }
  return { sessionId, ids, present, unmarked: names.slice(marked) }
}

beforeAll(async () => {
  database = await createTestDatabase()
  const { db } = database
  const { sessionId, workshopId } = await createBookableSession(db, { capacity: 40 })
  const organiserId = await organiserOf(db, workshopId)
  const userId = await makeUser(db, {
    email: ORGANISER,
    role: 'organiser',
    organiserIds: [organiserId],
    name: 'Dagmar Organizátorka',
  })
  const user: SignedInUser = {
    id: userId,
    email: ORGANISER,
    name: 'Dagmar Organizátorka',
    role: 'organiser',
    organiserIds: [organiserId],
  }
  ;[server, browser] = await Promise.all([startServer({ DATABASE_URL: database.url }), launchBrowser()])
  big = await fillRoom(sessionId, 28, 7, 1, user)
  small = await fillRoom(await addBookableSession(db, { workshopId, capacity: 20, startsInDays: 14 }), 10, 3, 101, user)
  ;({ cookie } = await signIn(server.url, db, ORGANISER))
})

afterAll(async () => {
  for (const context of contexts) await context.close().catch(() => undefined)
  await browser?.close()
  await server?.stop()
  await database?.cleanup()
})

async function newPage({ javaScriptEnabled = true, locale = 'cs-CZ' } = {}): Promise<Page> {
  const context = await browser.newContext({ locale, javaScriptEnabled, viewport: { width: 1280, height: 900 } })
  contexts.push(context)
  const [name, value] = cookie.split(/=(.*)/s) as [string, string]
  await context.addCookies([{ name, value, url: server.url }])
  const page = await context.newPage()
  page.setDefaultTimeout(15_000)
  collectScriptErrors(page, pageErrors)
  return page
}

const rosterUrl = (room: Room) => `${server.url}/organiser/sessions/${room.sessionId}/attendance`
const closeButton = (page: Page) => page.getByRole('button', { name: 'Uzavřít docházku a rozeslat osvědčení', exact: true })
const heading = (page: Page) => page.getByRole('heading', { level: 1 })

async function expectNoViolations(page: Page, what: string) {
  expect(await accessibilityViolations(page), what).toEqual([])
}

async function sessionClosedAt(room: Room) {
  return (
    await database.db
      .selectFrom('sessions')
      .select('attendance_closed_at')
      .where('id', '=', room.sessionId)
      .executeTakeFirstOrThrow()
  ).attendance_closed_at
}

async function attendanceByName(room: Room) {
  const rows = await database.db
    .selectFrom('registrations')
    .select(['id', 'attendance'])
    .where('session_id', '=', room.sessionId)
    .execute()
  const names = new Map([...room.ids].map(([name, id]) => [id, name]))
  return Object.fromEntries(rows.map((r) => [names.get(r.id)!, r.attendance]))
}

async function mailsTo(room: Room, template: string) {
  const emails = [...room.ids.keys()].map((name) => `ucastnik.${name.split(' ').at(-1)}@skola.example`)
  const rows = await database.db.selectFrom('outbox').select('recipient').where('template', '=', template).execute()
  return rows.map((r) => r.recipient).filter((r) => emails.includes(r))
}

const emailOf = (name: string) => `ucastnik.${name.split(' ').at(-1)}@skola.example`

describe('closing attendance with most of the room unmarked', () => {
  it('without JavaScript: the roster shows the note, the close button asks first, an unanswered question closes nothing', async () => {
    const page = await newPage({ javaScriptEnabled: false })
    await page.goto(rosterUrl(big))
    await heading(page)
      .filter({ hasText: /^Docházka: / })
      .waitFor()
    // The note from the booking form, labelled, in the person's row.
    const note = page.locator(`#r${big.ids.get('Účastník Číslo 1')} .booking-note`)
    expect(await note.innerText()).toBe(`Poznámka k přihlášce:\n${NOTE}`)
    expect(await page.locator('.booking-note').count()).toBe(1)
    await page.getByText('21 osob zatím nemá zapsanou docházku. Před uzavřením se zeptáme, co s nimi.').waitFor()

    await Promise.all([page.waitForURL(`${rosterUrl(big)}/close`), closeButton(page).click()])
    expect(await heading(page).innerText()).toMatch(/^Uzavřít docházku: /)
    await page.getByText('21 osob z 28 nemá zapsanou docházku.', { exact: true }).waitFor()
    await page
      .getByText('Osvědčení dostanou e-mailem jen lidé se zapsanou přítomností nebo pozdním příchodem (nyní 7).')
      .waitFor()
    const group = page.getByRole('group', { name: 'Co udělat s osobami bez zapsané docházky?' })
    expect(await group.getByRole('radio').count()).toBe(2)
    expect(await group.getByRole('radio', { name: 'Nechat bez zápisu' }).isChecked()).toBe(false)
    expect(await group.getByRole('radio', { name: 'Zapsat jim nepřítomnost' }).isChecked()).toBe(false)
    // Each choice says what follows; the workshop mails people marked absent its next dates.
    await page
      .getByText(
        'Osvědčení nedostanou a ve statistikách se počítají jako neúčast. Dostanou také e-mail s dalšími termíny workshopu.',
      )
      .waitFor()
    // Coming here sent and closed nothing.
    expect(await sessionClosedAt(big)).toBeNull()
    expect(await mailsTo(big, 'registration.certificate')).toEqual([])

    // Sent without an answer: the question again, with the error at the top and at the field.
    const refused = page.waitForResponse((r) => r.request().method() === 'POST')
    await closeButton(page).click()
    expect((await refused).status()).toBe(400)
    const summary = page.getByRole('alert')
    await summary.waitFor()
    expect(await summary.getByRole('link').innerText()).toBe('Vyberte, co udělat s osobami bez zapsané docházky.')
    expect(await summary.getByRole('link').getAttribute('href')).toBe('#unmarked')
    expect(await page.locator('#unmarked-error').innerText()).toBe('Vyberte, co udělat s osobami bez zapsané docházky.')
    expect(await sessionClosedAt(big)).toBeNull()
    expect(await mailsTo(big, 'registration.certificate')).toEqual([])
  })

  it('without JavaScript: "mark them absent" closes, marks the 21 absent and mails certificates to the 7 present only', async () => {
    const page = await newPage({ javaScriptEnabled: false })
    await page.goto(`${rosterUrl(big)}/close`)
    await page.getByRole('radio', { name: 'Zapsat jim nepřítomnost' }).check()
    await Promise.all([page.waitForURL(`${rosterUrl(big)}?closed=7&absent=21`), closeButton(page).click()])
    const notice = page.getByRole('status').filter({ hasText: 'Docházka je uzavřená' })
    expect(await notice.innerText()).toBe(
      'Docházka je uzavřená, osvědčení jsme rozeslali (7).\n\nNepřítomnost zapsána: 21\u00a0osob.',
    )
    // Counts keep their number and noun together (no-break spaces), read here as plain ones.
    expect((await page.locator('.roster-counts').innerText()).replace(/\u00a0/g, ' ')).toBe(
      '28 osob: přítomno 7, pozdě 0, omluveno 0, nepřítomno 21, nezapsáno 0',
    )

    expect(await sessionClosedAt(big)).not.toBeNull()
    const attendance = await attendanceByName(big)
    for (const name of big.present) expect(attendance[name], name).toBe('present')
    for (const name of big.unmarked) expect(attendance[name], name).toBe('absent')
    expect((await mailsTo(big, 'registration.certificate')).sort()).toEqual(big.present.map(emailOf).sort())
    expect((await mailsTo(big, 'registration.missed')).sort()).toEqual(big.unmarked.map(emailOf).sort())
    const certificates = await database.db
      .selectFrom('certificates')
      .innerJoin('registrations', 'registrations.id', 'certificates.registration_id')
      .select('registrations.full_name')
      .where('registrations.session_id', '=', big.sessionId)
      .execute()
    expect(certificates.map((c) => c.full_name).sort()).toEqual([...big.present].sort())
  })

  it('with JavaScript: the same question, accessible; "leave them unmarked" closes and keeps them unmarked', async () => {
    const page = await newPage()
    await page.goto(rosterUrl(small))
    await heading(page)
      .filter({ hasText: /^Docházka: / })
      .waitFor()
    await page.waitForFunction(() => document.querySelectorAll('.roster__marks input[name="js"]').length > 0)
    await Promise.all([page.waitForURL(`${rosterUrl(small)}/close`), closeButton(page).click()])
    await page.getByText('7 osob z 10 nemá zapsanou docházku.', { exact: true }).waitFor()
    await expectNoViolations(page, 'close attendance: the question')

    // No answer: the summary takes the focus and links to the first choice.
    await closeButton(page).click()
    const summary = page.getByRole('alert')
    await summary.waitFor()
    await expect.poll(() => page.evaluate(() => document.activeElement?.classList.contains('error-summary'))).toBe(true)
    // The group announces its error with its name.
    const group = page.getByRole('group', { name: 'Co udělat s osobami bez zapsané docházky?' })
    expect(await group.getAttribute('aria-describedby')).toBe('unmarked-error')
    await expectNoViolations(page, 'close attendance: no answer')
    expect(await sessionClosedAt(small)).toBeNull()

    await page.getByRole('radio', { name: 'Nechat bez zápisu' }).check()
    await Promise.all([page.waitForURL(`${rosterUrl(small)}?closed=3&unmarked=7`), closeButton(page).click()])
    const notice = page.getByRole('status').filter({ hasText: 'Docházka je uzavřená' })
    await notice.waitFor()
    expect(await notice.innerText()).toBe(
      'Docházka je uzavřená, osvědčení jsme rozeslali (3).\n\n7\u00a0osob zůstává bez zápisu docházky. Když jim zapíšete přítomnost, osvědčení odejde hned.',
    )
    await expectNoViolations(page, 'roster after closing with people left unmarked')

    const attendance = await attendanceByName(small)
    for (const name of small.unmarked) expect(attendance[name], name).toBeNull()
    expect((await mailsTo(small, 'registration.certificate')).sort()).toEqual(small.present.map(emailOf).sort())
    expect(await mailsTo(small, 'registration.missed')).toEqual([])
  })

  it('the question page in English, and its way back to the roster', async () => {
    const page = await newPage({ locale: 'en-GB' })
    await page.goto(`${rosterUrl(small)}/close`)
    await page.getByText('7 people of 10 have no attendance mark.', { exact: true }).waitFor()
    expect(await page.getByRole('radio', { name: 'Leave them unmarked' }).count()).toBe(1)
    expect(await page.getByRole('radio', { name: 'Mark them absent' }).count()).toBe(1)
    await expectNoViolations(page, 'close attendance in English')
    await Promise.all([page.waitForURL(rosterUrl(small)), page.getByRole('link', { name: 'Back to attendance' }).click()])
  })

  it('the bookings list shows the note in its own labelled row; it and the roster have no accessibility violations', async () => {
    const page = await newPage()
    await page.goto(`${server.url}/organiser/sessions/${big.sessionId}/registrations`)
    const note = page.locator('tr.note-row .booking-note')
    expect(await note.count()).toBe(1)
    expect(await note.innerText()).toBe(`Poznámka k přihlášce:\n${NOTE}`)
    // The note row sits right under the row of the person who wrote it.
    const owner = await page
      .locator('tr.note-row')
      .evaluate((row) => row.previousElementSibling?.querySelector('th')?.textContent)
    expect(owner).toBe('Účastník Číslo 1')
    await expectNoViolations(page, 'bookings list with a note')
    await page.goto(rosterUrl(big))
    await page.locator('.booking-note').waitFor()
    await expectNoViolations(page, 'roster with a note')
  })

  it('logged no script errors on the way', () => {
    expect(pageErrors).toEqual([])
  })
})
