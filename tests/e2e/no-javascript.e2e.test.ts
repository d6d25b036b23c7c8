import type { Browser, BrowserContext, Locator, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { makeUser, awaitSignInLink } from '../support/auth'
import { launchBrowser } from '../support/browser'
import { impossibleDay } from '../support/calendar-edges'
import { day, testStart } from '../support/clock'
import { createTestDatabase, type TestDatabase } from '../support/database'
import { manageLinkFromOutbox } from '../support/manage-link'
import { startServer, type RunningServer } from '../support/server'

/*
 * Every form of the app, submitted in Chromium with JavaScript disabled: a plain HTML form
 * POST or GET, a redirect, a page rendered on the server. Sign-in and the manage link's
 * cancel page are among them: their POSTs must carry an Origin the same-origin check accepts.
 * Each step checks what the form did in the database too, and no page along the way may
 * answer with an error status the step did not ask for.
 *
 * One public booking is made from this browser (the organiser adds the other people), well
 * below any per-IP booking limit.
 */

const PORTAL = 'Datový portál Libereckého kraje'
const ORGANISER = 'lektor.bez-js@kraj-lbc.example'
const ADMIN = 'spravce.bez-js@kraj-lbc.example'
const VISITOR = { name: 'Jana Řehořová', email: 'jana.rehorova@zs-husova.example' }
const TITLE = 'Otevřená data bez JavaScriptu'

let database: TestDatabase
let server: RunningServer
let browser: Browser
const contexts: BrowserContext[] = []
/** Main-frame documents that answered 4xx or 5xx, as "status method url". */
const errorPages: string[] = []
let organiserPage: Page

let workshopId = 0
let firstSessionId = 0
let secondSessionId = 0

beforeAll(async () => {
  database = await createTestDatabase({ seedAt: testStart })
  const { db } = database
  const portal = await db.selectFrom('organisers').select('id').where('name', '=', PORTAL).executeTakeFirstOrThrow()
  await makeUser(db, { email: ORGANISER, role: 'organiser', organiserIds: [portal.id], name: 'Lektor Bez Skriptů' })
  await makeUser(db, { email: ADMIN, role: 'admin' })
  ;[server, browser] = await Promise.all([startServer({ DATABASE_URL: database.url }), launchBrowser()])
})

afterAll(async () => {
  for (const context of contexts) await context.close().catch(() => undefined)
  await browser?.close()
  await server?.stop()
  await database?.cleanup()
})

async function newPage(): Promise<Page> {
  const context = await browser.newContext({ locale: 'cs-CZ', javaScriptEnabled: false, viewport: { width: 1280, height: 900 } })
  contexts.push(context)
  const page = await context.newPage()
  page.on('response', (response) => {
    const request = response.request()
    if (request.frame() === page.mainFrame() && request.isNavigationRequest() && response.status() >= 400) {
      errorPages.push(`${response.status()} ${request.method()} ${response.url()}`)
    }
  })
  return page
}

/** Presses a button and waits for the new document it loads (also when the address stays the same). */
async function pressAndLoad(page: Page, button: Locator) {
  const navigated = page.waitForEvent('framenavigated', { predicate: (frame) => frame === page.mainFrame(), timeout: 15_000 })
  await button.click()
  await navigated
  await page.waitForLoadState('load')
}

/** Presses a submit button and waits for the page the form leads to. */
async function submit(page: Page, button: Locator, arrival: RegExp) {
  try {
    await pressAndLoad(page, button)
    await page.waitForURL(arrival, { timeout: 5_000 })
  } catch (error) {
    const text = (await page.locator('body').textContent())?.trim().slice(0, 200)
    throw new Error(`not at ${arrival} but at ${page.url()} (${errorPages.join(', ') || 'no error status'}): ${text}`, {
      cause: error,
    })
  }
}

/** Submits a form that is answered with errors on the same address: waits for the error summary. */
async function submitWithErrors(page: Page, button: Locator) {
  await pressAndLoad(page, button)
  await page.locator('.error-summary').waitFor({ timeout: 5_000 })
}

/** The form that carries a hidden intent, for forms whose buttons share a label. */
const intentForm = (page: Page, intent: string) =>
  page.locator(`form:has(input[type="hidden"][name="intent"][value="${intent}"])`)

function expectNoErrorPages(...expected: RegExp[]) {
  const unexpected = errorPages.filter((line) => !expected.some((re) => re.test(line)))
  errorPages.length = 0
  expect(unexpected).toEqual([])
}

/** The whole sign-in without JavaScript: the e-mail form, then the button on the link's page. */
async function signIn(page: Page, email: string, landing: RegExp) {
  await page.goto(`${server.url}/sign-in`)
  await page.locator('input[name="email"]').fill(email)
  await submit(page, page.getByRole('button', { name: 'Poslat přihlašovací odkaz' }), /\/sign-in\?sent=1$/)
  const link = await awaitSignInLink(database.db, email)
  await page.goto(link)
  await submitWithoutLeakingToken(page, page.getByRole('button', { name: 'Přihlásit se', exact: true }), landing)
}

/**
 * Submits a form on a page whose address holds a token: the POST carries this site's Origin
 * (so the same-origin check lets it through) and no Referer with the token in it.
 */
async function submitWithoutLeakingToken(page: Page, button: Locator, arrival: RegExp) {
  const token = /\/([A-Za-z0-9_-]{43})(?:\/|$)/.exec(new URL(page.url()).pathname)![1]!
  const posted = page.waitForRequest((r) => r.method() === 'POST' && r.frame() === page.mainFrame())
  await submit(page, button, arrival)
  const headers = await (await posted).allHeaders()
  expect(headers.origin).toBe(server.url)
  expect(headers.referer ?? '').not.toContain(token)
}

async function fillPerson(scope: Locator | Page, person: { name: string; email: string }) {
  await scope.locator('input[name="fullName"]').fill(person.name)
  await scope.locator('input[name="email"]').fill(person.email)
  await scope.locator('input[name="participantType"][value="official"]').check()
  await scope.locator('input[name="organisation"]').fill('Obecní úřad Chrastava')
  const consent = scope.locator('input[name="consent"][type="checkbox"]')
  if ((await consent.count()) > 0) await consent.check()
}

const registrationOf = (email: string, sessionId: number) =>
  database.db
    .selectFrom('registrations')
    .selectAll()
    .where('email', '=', email)
    .where('session_id', '=', sessionId)
    .orderBy('id', 'desc')
    .executeTakeFirstOrThrow()

describe('every form of the app with JavaScript disabled', () => {
  it('signs an organiser in: the e-mail form and the button on the link’s page', async () => {
    organiserPage = await newPage()
    await signIn(organiserPage, ORGANISER, /\/organiser$/)
    expect(await organiserPage.getByRole('button', { name: 'Odhlásit se' }).count()).toBe(1)
    expectNoErrorPages()
  })

  it('creates a workshop: preview first, then save', async () => {
    const page = organiserPage
    await page.goto(`${server.url}/organiser/workshops/new`)
    await page.locator('input[name="title"]').fill(TITLE)
    await page.locator('input[name="summary"]').fill('Jak zveřejnit první datovou sadu obce.')
    await page.locator('textarea[name="descriptionMd"]').fill('Pro **úředníky** obcí.')
    await page.locator('select[name="topic"]').selectOption('open_data')
    await page.locator('input[name="audiences"][value="official"]').check()
    await page.locator('input[name="lengthHours"]').fill('3')
    await page.locator('input[name="published"]').check()
    await submit(page, page.locator('button[name="intent"][value="preview"]'), /\/organiser\/workshops\/new$/)
    expect(await page.locator('strong', { hasText: 'úředníky' }).count()).toBeGreaterThan(0)
    expect(await page.locator('input[name="title"]').inputValue()).toBe(TITLE)
    await submit(page, page.locator('button[name="intent"][value="save"]'), /\/organiser\/workshops\/\d+\?saved=1$/)
    workshopId = Number(/workshops\/(\d+)/.exec(page.url())![1])
    const stored = await database.db.selectFrom('workshops').selectAll().where('id', '=', workshopId).executeTakeFirstOrThrow()
    expect(stored).toMatchObject({ title: TITLE, topic: 'open_data', published: 1 })
    expectNoErrorPages()
  })

  it('edits the workshop, and refuses the same form with an empty title next to the field', async () => {
    const page = organiserPage
    await page.locator('input[name="title"]').fill('')
    await submitWithErrors(page, page.locator('button[name="intent"][value="save"]'))
    expect(await page.locator('input[name="title"]').getAttribute('aria-invalid')).toBe('true')
    await page.locator('input[name="title"]').fill(TITLE)
    await page.locator('input[name="summary"]').fill('Jak zveřejnit první datovou sadu obce, krok za krokem.')
    await submit(
      page,
      page.locator('button[name="intent"][value="save"]'),
      new RegExp(`/organiser/workshops/${workshopId}\\?saved=1$`),
    )
    const stored = await database.db
      .selectFrom('workshops')
      .select('summary')
      .where('id', '=', workshopId)
      .executeTakeFirstOrThrow()
    expect(stored.summary).toBe('Jak zveřejnit první datovou sadu obce, krok za krokem.')
    expectNoErrorPages(/^400 POST .*\/organiser\/workshops\/\d+\?/)
  })

  it('adds two sessions; 30 February is refused next to the date and kept as typed', async () => {
    const page = organiserPage
    const addSession = async (date: string, capacity: string) => {
      await page.goto(`${server.url}/organiser/workshops/${workshopId}/sessions/new`)
      await page.locator('input[name="date"]').fill(date)
      await page.locator('input[name="startTime"]').fill('09:00')
      await page.locator('input[name="endTime"]').fill('12:00')
      await page.locator('input[name="mode"][value="place"]').check()
      await page.locator('input[name="venueName"]').fill('Krajský úřad Libereckého kraje')
      await page.locator('input[name="capacity"]').fill(capacity)
      await submit(
        page,
        intentForm(page, 'save').locator('button[type="submit"]'),
        new RegExp(`/organiser/workshops/${workshopId}\\?sessionAdded=1$`),
      )
      expect(await page.getByRole('status').textContent()).toBe('Termín je uložený.')
    }

    // A browser's date field cannot hold 30 February; a text field (or a hand-made request) can.
    await page.goto(`${server.url}/organiser/workshops/${workshopId}/sessions/new`)
    await page.locator('input[name="date"]').evaluate((el: HTMLInputElement) => (el.type = 'text'))
    await page.locator('input[name="date"]').fill(impossibleDay())
    await page.locator('input[name="startTime"]').fill('09:00')
    await page.locator('input[name="endTime"]').fill('12:00')
    await page.locator('input[name="venueName"]').fill('Krajský úřad Libereckého kraje')
    await page.locator('input[name="capacity"]').fill('5')
    await submitWithErrors(page, intentForm(page, 'save').locator('button[type="submit"]'))
    expect(await page.locator('input[name="date"]').getAttribute('aria-invalid')).toBe('true')
    // The server sends back what was typed; a native date field then shows it empty, as it must.
    expect(await page.locator('input[name="date"]').getAttribute('value')).toBe(impossibleDay())
    expect(await page.getByText('Takový den v kalendáři není.').count()).toBeGreaterThan(0)

    await addSession(day(30), '5')
    await addSession(day(31), '5')
    const sessions = await database.db
      .selectFrom('sessions')
      .select('id')
      .where('workshop_id', '=', workshopId)
      .orderBy('starts_at')
      .execute()
    expect(sessions).toHaveLength(2)
    ;[firstSessionId, secondSessionId] = sessions.map((s) => s.id) as [number, number]
    expectNoErrorPages(/^400 POST .*\/sessions\/new$/)
  })

  it('edits a session', async () => {
    const page = organiserPage
    await page.goto(`${server.url}/organiser/sessions/${firstSessionId}`)
    await page.locator('input[name="capacity"]').fill('6')
    await submit(
      page,
      intentForm(page, 'save').locator('button[type="submit"]'),
      new RegExp(`/organiser/sessions/${firstSessionId}\\?notified=`),
    )
    const stored = await database.db
      .selectFrom('sessions')
      .select('capacity')
      .where('id', '=', firstSessionId)
      .executeTakeFirstOrThrow()
    expect(stored.capacity).toBe(6)
    expectNoErrorPages()
  })

  it('filters the catalogue, switches the language both ways and searches the worksheet library', async () => {
    const page = await newPage()
    await page.goto(`${server.url}/workshops`)
    await page.locator('summary', { hasText: 'Filtry' }).click()
    await page.locator('select[name="topic"]').selectOption('open_data')
    await submit(page, page.getByRole('button', { name: 'Hledat', exact: true }), /\/workshops\?.*topic=open_data/)
    expect(await page.locator('.card__title').allTextContents()).toContain(TITLE)

    await submit(page, page.getByRole('button', { name: 'English' }), /\/workshops\?.*topic=open_data/)
    expect(await page.getAttribute('html', 'lang')).toBe('en')
    await submit(page, page.getByRole('button', { name: 'Čeština' }), /\/workshops\?.*topic=open_data/)
    expect(await page.getAttribute('html', 'lang')).toBe('cs')

    await page.goto(`${server.url}/worksheets`)
    await page.locator('input[name="q"]').fill('počasí')
    await submit(page, page.getByRole('button', { name: 'Hledat', exact: true }), /\/worksheets\?.*q=/)
    expect(await page.locator('input[name="q"]').inputValue()).toBe('počasí')
    expectNoErrorPages()
  })

  it('books a seat, signs the visitor in, opens the booking from “Moje přihlášky” and cancels it on the manage link’s page', async () => {
    const page = await newPage()
    await page.goto(`${server.url}/sessions/${firstSessionId}/book`)
    await submitWithErrors(page, page.getByRole('button', { name: 'Rezervovat místo' }))
    await fillPerson(page, VISITOR)
    // The page answers every booking alike ("check your mailbox"); the manage link is in the e-mail.
    await submit(page, page.getByRole('button', { name: 'Rezervovat místo' }), /\/sessions\/\d+\/book\?sent=1$/)
    expect((await registrationOf(VISITOR.email, firstSessionId)).status).toBe('confirmed')
    await page.goto(`${server.url}${await manageLinkFromOutbox(database.db, VISITOR.email)}`)
    // The language switcher in the header works on the manage link's page as well.
    await submitWithoutLeakingToken(page, page.getByRole('button', { name: 'English' }), /\/registrations\/[A-Za-z0-9_-]{43}$/)
    expect(await page.getAttribute('html', 'lang')).toBe('en')
    await submitWithoutLeakingToken(page, page.getByRole('button', { name: 'Čeština' }), /\/registrations\/[A-Za-z0-9_-]{43}$/)
    expect(await page.getAttribute('html', 'lang')).toBe('cs')

    await signIn(page, VISITOR.email, /\/my\/bookings$/)
    await submit(
      page,
      page.getByRole('button', { name: new RegExp(`^Zrušit.*${TITLE}`) }),
      /\/registrations\/[A-Za-z0-9_-]{43}\/cancel$/,
    )
    // The cancel page of the manage link: its POST must get through and must not leak the token.
    await submitWithoutLeakingToken(
      page,
      page.getByRole('button', { name: 'Ano, zrušit přihlášku' }),
      /\/registrations\/[A-Za-z0-9_-]{43}\?done=cancelled$/,
    )
    expect((await registrationOf(VISITOR.email, firstSessionId)).status).toBe('cancelled')

    // "Spravovat" on "Moje přihlášky" mints a fresh manage link and opens it.
    await page.goto(`${server.url}/my/bookings`)
    await submit(
      page,
      page.getByRole('button', { name: new RegExp(`^Spravovat.*${TITLE}`) }),
      /\/registrations\/[A-Za-z0-9_-]{43}$/,
    )
    await submit(page, page.getByRole('button', { name: 'Odhlásit se' }), /\/workshops$/)
    expect(await page.getByRole('button', { name: 'Odhlásit se' }).count()).toBe(0)
    expectNoErrorPages(/^400 POST .*\/book$/)
  })

  it('manages the bookings of a session: search, add, move, cancel on someone’s behalf, write to everyone', async () => {
    const page = organiserPage
    const bookings = `${server.url}/organiser/sessions/${firstSessionId}/registrations`
    const people = [
      { name: 'Petr Šťastný', email: 'petr.stastny@obec.example' },
      { name: 'Eva Dvořáková', email: 'eva.dvorakova@obec.example' },
      { name: 'Tomáš Král', email: 'tomas.kral@obec.example' },
    ]
    for (const person of people) {
      await page.goto(bookings)
      await fillPerson(intentForm(page, 'add'), person)
      await submit(page, intentForm(page, 'add').locator('button[type="submit"]'), /\/registrations\?done=/)
      expect((await registrationOf(person.email, firstSessionId)).status).toBe('confirmed')
    }

    await page.locator('input[name="q"]').fill('stastny')
    await submit(page, page.getByRole('button', { name: 'Hledat', exact: true }), /\/registrations\?q=stastny$/)
    expect(await page.locator('tbody th').allTextContents()).toEqual(['Petr Šťastný'])

    await page.goto(bookings)
    const kral = await registrationOf('tomas.kral@obec.example', firstSessionId)
    const moveForm = page.locator(
      `form:has(input[name="intent"][value="move"]):has(input[name="registrationId"][value="${kral.id}"])`,
    )
    await moveForm.locator('select[name="targetSessionId"]').selectOption(String(secondSessionId))
    await submit(page, moveForm.locator('button[type="submit"]'), /\/registrations\?done=/)
    expect((await registrationOf('tomas.kral@obec.example', secondSessionId)).status).toBe('confirmed')

    const eva = await registrationOf('eva.dvorakova@obec.example', firstSessionId)
    const cancelForm = page.locator(
      `form:has(input[name="intent"][value="cancel"]):has(input[name="registrationId"][value="${eva.id}"])`,
    )
    // The disclosure asks first; opening it needs no script.
    await page.locator('details.confirm', { has: cancelForm }).locator('summary').click()
    await submit(page, cancelForm.locator('button[type="submit"]'), /\/registrations\?done=/)
    expect((await registrationOf('eva.dvorakova@obec.example', firstSessionId)).status).toBe('cancelled')

    const before = await database.db.selectFrom('outbox').select('id').execute()
    await intentForm(page, 'message').locator('input[name="subject"]').fill('Parkování u úřadu')
    await intentForm(page, 'message').locator('textarea[name="body"]').fill('Parkovat můžete na nádvoří.')
    await submit(page, intentForm(page, 'message').locator('button[type="submit"]'), /\/registrations\?done=/)
    const after = await database.db.selectFrom('outbox').select('id').execute()
    expect(after.length).toBeGreaterThan(before.length)
    expectNoErrorPages()
  })

  it('takes attendance: check-in by code, a walk-in, a mark, search, and closing', async () => {
    const page = organiserPage
    const roster = `${server.url}/organiser/sessions/${firstSessionId}/attendance`
    const petr = await registrationOf('petr.stastny@obec.example', firstSessionId)
    await page.goto(roster)
    await page.locator('input[name="code"]').fill(petr.check_in_code!.toLowerCase())
    await submit(page, intentForm(page, 'checkin').locator('button[type="submit"]'), /\/attendance$/)
    await page.getByRole('status').first().waitFor()
    expect((await registrationOf('petr.stastny@obec.example', firstSessionId)).attendance).toBe('present')

    await intentForm(page, 'walkin').locator('input[name="fullName"]').fill('Marie Nováková')
    await intentForm(page, 'walkin').locator('input[name="email"]').fill('marie.novakova@obec.example')
    await submit(page, intentForm(page, 'walkin').locator('button[type="submit"]'), /\/attendance$/)
    const marie = await registrationOf('marie.novakova@obec.example', firstSessionId)
    expect(marie.attendance).toBe('present')

    await page.goto(roster)
    const marks = page.locator(
      `form:has(input[name="intent"][value="mark"]):has(input[name="registrationId"][value="${marie.id}"])`,
    )
    await submit(page, marks.locator('button[value="late"]'), new RegExp(`/attendance#r${marie.id}$`))
    expect((await registrationOf('marie.novakova@obec.example', firstSessionId)).attendance).toBe('late')

    await page.locator('form[role="search"] input[name="q"]').fill('novakova')
    await submit(page, page.locator('form[role="search"] button[type="submit"]'), /\/attendance\?q=novakova$/)
    expect(await page.getByText('Marie Nováková').count()).toBeGreaterThan(0)

    await submit(page, intentForm(page, 'close').locator('button[type="submit"]'), /\/attendance\?closed=\d+$/)
    const closed = await database.db
      .selectFrom('sessions')
      .select('attendance_closed_at')
      .where('id', '=', firstSessionId)
      .executeTakeFirstOrThrow()
    expect(closed.attendance_closed_at).not.toBeNull()
    expectNoErrorPages()
  })

  it('uploads, replaces, hides and restores a worksheet', async () => {
    const page = organiserPage
    const worksheets = `${server.url}/organiser/workshops/${workshopId}/worksheets`
    const file = (name: string, text: string) => ({ name, mimeType: 'text/plain', buffer: Buffer.from(text) })
    await page.goto(worksheets)
    await page.locator('input#files').setInputFiles([file('Pracovní list – Počasí v kraji.txt', 'Srážky a teploty.\n')])
    await page.locator('input[name="levels"][value="zs"]').check()
    await submit(page, page.getByRole('button', { name: 'Nahrát', exact: true }), /\/worksheets\?done=uploaded-1$/)
    const worksheet = await database.db
      .selectFrom('worksheets')
      .selectAll()
      .where('workshop_id', '=', workshopId)
      .executeTakeFirstOrThrow()
    expect(worksheet.title).toBe('Pracovní list – Počasí v kraji')

    const replace = page.locator(
      `form:has(input[name="intent"][value="replace"]):has(input[name="worksheetId"][value="${worksheet.id}"])`,
    )
    await page.locator('details', { has: replace }).locator('summary').click()
    await replace
      .locator('input[type="file"]')
      .setInputFiles([file('Počasí v kraji – opravené.txt', 'Srážky, teploty a průtoky.\n')])
    await submit(page, replace.locator('button[type="submit"]'), /\/worksheets\?done=replaced$/)
    const versions = await database.db
      .selectFrom('worksheet_versions')
      .select('id')
      .where('worksheet_id', '=', worksheet.id)
      .execute()
    expect(versions).toHaveLength(2)

    await submit(page, page.locator('button[name="intent"][value="remove"]'), /\/worksheets\?done=remove$/)
    expect(
      (await database.db.selectFrom('worksheets').select('removed_at').where('id', '=', worksheet.id).executeTakeFirstOrThrow())
        .removed_at,
    ).not.toBeNull()
    await submit(page, page.locator('button[name="intent"][value="restore"]'), /\/worksheets\?done=restore$/)
    expect(
      (await database.db.selectFrom('worksheets').select('removed_at').where('id', '=', worksheet.id).executeTakeFirstOrThrow())
        .removed_at,
    ).toBeNull()
    expectNoErrorPages()
  })

  it('cancels a session with a message to the people booked', async () => {
    const page = organiserPage
    await page.goto(`${server.url}/organiser/sessions/${secondSessionId}`)
    await intentForm(page, 'cancel').locator('textarea[name="cancelMessage"]').fill('Lektor onemocněl, omlouváme se.')
    await submit(
      page,
      intentForm(page, 'cancel').locator('button[type="submit"]'),
      new RegExp(`/organiser/sessions/${secondSessionId}\\?cancelled=1$`),
    )
    const stored = await database.db
      .selectFrom('sessions')
      .select('status')
      .where('id', '=', secondSessionId)
      .executeTakeFirstOrThrow()
    expect(stored.status).toBe('cancelled')
    expectNoErrorPages()
  })

  it('lets an admin invite an organiser and change a role', async () => {
    const page = await newPage()
    await signIn(page, ADMIN, /\/organiser$/)
    await page.goto(`${server.url}/admin/users`)
    const invite = intentForm(page, 'invite')
    await invite.locator('input[name="email"]').fill('nova.lektorka@kraj-lbc.example')
    await invite.locator('input[name="name"]').fill('Nová Lektorka')
    await invite.locator('select[name="organiserId"]').selectOption({ label: PORTAL })
    await submit(page, invite.locator('button[type="submit"]'), /\/admin\/users\?done=invited$/)
    const invited = await database.db
      .selectFrom('users')
      .select(['id', 'role'])
      .where('email', '=', 'nova.lektorka@kraj-lbc.example')
      .executeTakeFirstOrThrow()
    expect(invited.role).toBe('organiser')

    const roleForm = page.locator(`form:has(input[name="intent"][value="role"]):has(input[name="userId"][value="${invited.id}"])`)
    await roleForm.locator('select[name="role"]').selectOption('participant')
    await submit(page, roleForm.locator('button[type="submit"]'), /\/admin\/users\?done=role$/)
    expect(
      (await database.db.selectFrom('users').select('role').where('id', '=', invited.id).executeTakeFirstOrThrow()).role,
    ).toBe('participant')
    expectNoErrorPages()
  })
})
