import type { Browser, BrowserContext, Locator, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { registerForSession } from '~/models/registrations.server'
import { formatCode } from '~/utils/codes'
import { makeUser, signIn } from '../support/auth'
import { accessibilityViolations, collectScriptErrors, launchBrowser } from '../support/browser'
import { testStart } from '../support/clock'
import { createTestDatabase, type TestDatabase } from '../support/database'
import { createBookableSession, organiserOf, parsedBookingForm } from '../support/fixtures'
import { startServer, type RunningServer } from '../support/server'

/*
 * The organiser's pages in Chromium: date, time, URL and file fields look like the other
 * fields; "excused" has a colour of its own; forms done in place start empty for the next
 * person (check-in code, walk-in) and the worksheet form is empty after an upload, while a
 * refused entry keeps what was typed.
 */

const ORGANISER = 'dagmar.organizatorka@kraj-lbc.example'
const PEOPLE = ['Jana Řehořová', 'Tomáš Dvořák', 'Kateřina Šťastná'] as const

let database: TestDatabase
let server: RunningServer
let browser: Browser
const contexts: BrowserContext[] = []
const pageErrors: string[] = []
let sessionId = 0
let workshopId = 0
const people = new Map<string, { id: number; code: string }>()

beforeAll(async () => {
  database = await createTestDatabase()
  const { db } = database
  const created = await createBookableSession(db, { capacity: 10 })
  sessionId = created.sessionId
  workshopId = created.workshopId
  await makeUser(db, { email: ORGANISER, role: 'organiser', organiserIds: [await organiserOf(db, workshopId)] })
  ;[server, browser] = await Promise.all([startServer({ DATABASE_URL: database.url }), launchBrowser()])
  for (const [i, fullName] of PEOPLE.entries()) {
    const result = await registerForSession(db, {
      sessionId,
      form: parsedBookingForm(i + 1, { fullName, email: `ucastnik.${i + 1}@skola.example` }),
      locale: 'cs',
      now: testStart,
      appUrl: server.url,
    })
    if (result.kind !== 'registered') throw new Error(`${fullName}: ${JSON.stringify(result)}`)
    const row = await db
      .selectFrom('registrations')
      .select('check_in_code')
      .where('id', '=', result.registrationId)
      .executeTakeFirstOrThrow()
    people.set(fullName, { id: result.registrationId, code: row.check_in_code! })
  }
})

afterAll(async () => {
  for (const context of contexts) await context.close().catch(() => undefined)
  await browser?.close()
  await server?.stop()
  await database?.cleanup()
  expect(pageErrors).toEqual([])
})

let cookie: string | undefined

/** A signed-in organiser's page (the session cookie from the real sign-in flow). */
async function organiserPage({ javaScriptEnabled = true } = {}): Promise<Page> {
  const context = await browser.newContext({ locale: 'cs-CZ', javaScriptEnabled, viewport: { width: 1280, height: 900 } })
  contexts.push(context)
  // One sign-in for the file: links per address are limited (five in 15 minutes).
  cookie ??= (await signIn(server.url, database.db, ORGANISER)).cookie
  const [name, value] = cookie.split(/=(.*)/s) as [string, string]
  await context.addCookies([{ name, value, url: server.url }])
  const page = await context.newPage()
  page.setDefaultTimeout(15_000)
  collectScriptErrors(page, pageErrors)
  return page
}

/** Waits until React has taken over the page (the roster's rows carry js=1 then). */
const hydrated = (page: Page) =>
  page.waitForFunction(() => document.querySelectorAll('.roster__marks input[name="js"]').length > 0)

type Box = {
  border: string
  borderColor: string
  radius: string
  height: number
  font: string
  paddingLeft: string
  width: number
}
const boxOf = (field: Locator): Promise<Box> =>
  field.evaluate((el) => {
    const s = getComputedStyle(el)
    return {
      border: `${s.borderTopWidth} ${s.borderTopStyle}`,
      borderColor: s.borderTopColor,
      radius: s.borderTopLeftRadius,
      height: el.getBoundingClientRect().height,
      font: `${s.fontSize} ${s.fontFamily}`,
      paddingLeft: s.paddingLeft,
      width: el.getBoundingClientRect().width,
    }
  })

/** WCAG contrast of two rgb() colours. */
function contrast(a: string, b: string): number {
  const luminance = (rgb: string) => {
    const [r, g, bl] = (rgb.match(/\d+(\.\d+)?/g) ?? [])
      .slice(0, 3)
      .map(Number)
      .map((c) => {
        const v = c / 255
        return v <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4
      }) as [number, number, number]
    return 0.2126 * r + 0.7152 * g + 0.0722 * bl
  }
  const [hi, lo] = [luminance(a), luminance(b)].sort((x, y) => y - x) as [number, number]
  return (hi + 0.05) / (lo + 0.05)
}

describe('fields', () => {
  it('date, time and URL fields are framed and sized like text fields', async () => {
    const page = await organiserPage()
    await page.goto(`${server.url}/organiser/workshops/${workshopId}/sessions/new`)
    const text = await boxOf(page.locator('input[name="venueName"]'))
    expect(text.height).toBeGreaterThanOrEqual(44)
    for (const name of ['date', 'startTime', 'endTime', 'onlineUrl', 'opensDate', 'closesTime']) {
      const box = await boxOf(page.locator(`input[name="${name}"]`))
      expect({ ...box, width: undefined, height: undefined }, name).toEqual({ ...text, width: undefined, height: undefined })
      // A browser's own date controls may add a pixel; never a field of another size.
      expect(Math.abs(box.height - text.height), name).toBeLessThanOrEqual(1.5)
    }
    // The date takes the whole width of its column, as every field of the form does.
    expect((await boxOf(page.locator('input[name="date"]'))).width).toBe(text.width)
  })

  it('the file fields are framed like the others, with a button that reads as one', async () => {
    const page = await organiserPage()
    await page.goto(`${server.url}/organiser/workshops/${workshopId}/worksheets`)
    const text = await boxOf(page.locator('input[name="title"]'))
    const file = await boxOf(page.locator('#files'))
    expect(file.border).toBe(text.border)
    expect(file.borderColor).toBe(text.borderColor)
    expect(file.radius).toBe(text.radius)
    expect(file.height).toBeGreaterThanOrEqual(44)
    expect(file.width).toBe(text.width)
    const button = await page.locator('#files').evaluate((el) => getComputedStyle(el, '::file-selector-button').borderTopWidth)
    expect(button).toBe('2px')
    expect(await accessibilityViolations(page)).toEqual([])
  })
})

describe('the roster', () => {
  it('shows "excused" in a colour of its own, not the colour of "absent", with AA contrast', async () => {
    const page = await organiserPage()
    await page.goto(`${server.url}/organiser/sessions/${sessionId}/attendance`)
    await hydrated(page)
    const excused = page.locator(`#r${people.get('Jana Řehořová')!.id} .mark--excused`)
    const absent = page.locator(`#r${people.get('Tomáš Dvořák')!.id} .mark--absent`)
    await excused.click()
    await absent.click()
    await expect.poll(() => excused.getAttribute('aria-pressed')).toBe('true')
    await expect.poll(() => absent.getAttribute('aria-pressed')).toBe('true')

    const colours = async (button: Locator) =>
      button.evaluate((el) => {
        const row = el.closest('li')!
        return {
          background: getComputedStyle(el).backgroundColor,
          text: getComputedStyle(el).color,
          stripe: getComputedStyle(row).borderLeftColor,
        }
      })
    const e = await colours(excused)
    const a = await colours(absent)
    expect(e.background).not.toBe(a.background)
    expect(e.stripe).not.toBe(a.stripe)
    // Text on the pressed button 4.5:1; the row's stripe, a graphic, 3:1 against the page.
    expect(contrast(e.text, e.background)).toBeGreaterThanOrEqual(4.5)
    expect(contrast(e.stripe, 'rgb(255, 255, 255)')).toBeGreaterThanOrEqual(3)
    expect(await accessibilityViolations(page)).toEqual([])
  })

  it('empties the code field after a check-in and keeps a refused code to correct (with JavaScript)', async () => {
    const page = await organiserPage()
    await page.goto(`${server.url}/organiser/sessions/${sessionId}/attendance`)
    await hydrated(page)
    const field = page.locator('#checkin-form input[name="code"]')
    const send = page.locator('#checkin-form button[type="submit"]')
    await field.fill(formatCode(people.get('Kateřina Šťastná')!.code).toLowerCase())
    await send.click()
    await page.locator('.notice--success').filter({ hasText: 'Kateřina Šťastná' }).waitFor()
    await expect.poll(() => field.inputValue()).toBe('')
    // Ready for the next person at the door.
    expect(await field.evaluate((el) => el === document.activeElement)).toBe(true)

    await field.fill('zzzz-zzzz')
    await send.click()
    await page.getByRole('alert').waitFor()
    expect(await field.inputValue()).toBe('zzzz-zzzz')
  })

  it('without JavaScript: the page comes back with the field empty after a check-in, and a refused code kept', async () => {
    const page = await organiserPage({ javaScriptEnabled: false })
    await page.goto(`${server.url}/organiser/sessions/${sessionId}/attendance`)
    const field = page.locator('#checkin-form input[name="code"]')
    await field.fill(formatCode(people.get('Tomáš Dvořák')!.code))
    await Promise.all([page.waitForLoadState('load'), page.locator('#checkin-form button[type="submit"]').click()])
    await page.locator('.notice--success').filter({ hasText: 'Tomáš Dvořák' }).waitFor()
    expect(await field.inputValue()).toBe('')
    await field.fill('zzzz-zzzz')
    await Promise.all([page.waitForLoadState('load'), page.locator('#checkin-form button[type="submit"]').click()])
    await page.getByRole('alert').waitFor()
    expect(await field.inputValue()).toBe('zzzz-zzzz')
  })

  it('empties the walk-in form once the walk-in is added', async () => {
    const page = await organiserPage()
    await page.goto(`${server.url}/organiser/sessions/${sessionId}/attendance`)
    await hydrated(page)
    const form = page.locator('form:has(input[name="intent"][value="walkin"])')
    await form.locator('input[name="fullName"]').fill('Eva Žáková')
    await form.locator('input[name="email"]').fill('eva.zakova@obec.example')
    await form.locator('button[type="submit"]').click()
    await expect
      .poll(() => database.db.selectFrom('registrations').select('id').where('full_name', '=', 'Eva Žáková').execute())
      .toHaveLength(1)
    await expect.poll(() => form.locator('input[name="fullName"]').inputValue()).toBe('')
    expect(await form.locator('input[name="email"]').inputValue()).toBe('')
  })
})

describe('uploading a worksheet', () => {
  it('empties the form after an upload, so the same file is not sent twice; a refused file keeps the title', async () => {
    const page = await organiserPage()
    await page.goto(`${server.url}/organiser/workshops/${workshopId}/worksheets`)
    // With JavaScript the upload is sent by fetch and the page stays: a mark on the window
    // survives, so what empties the form is the page itself, not a reload.
    await page.waitForFunction(() => (window as unknown as { __remixRouter?: unknown }).__remixRouter !== undefined)
    await page.evaluate(() => Object.assign(window, { stayed: true }))
    const stayed = () => page.evaluate(() => (window as unknown as { stayed?: boolean }).stayed === true)
    const title = page.locator('input[name="title"]')
    const files = page.locator('#files')
    const upload = page.locator('form:has(#files) button[type="submit"]')
    const chosen = () => files.evaluate((el: HTMLInputElement) => el.files?.length ?? 0)

    // Refused: a file type not on the list. What was typed stays; the browser keeps the file too.
    await title.fill('Srážky v Jizerských horách')
    await files.setInputFiles({
      name: 'program.exe',
      mimeType: 'application/octet-stream',
      buffer: Buffer.from('MZ\x90\x00binary'),
    })
    await upload.click()
    await page.getByRole('alert').waitFor()
    expect(await title.inputValue()).toBe('Srážky v Jizerských horách')

    await files.setInputFiles({
      name: 'srazky.csv',
      mimeType: 'text/csv',
      buffer: Buffer.from('stanice;srazky\nBedřichov;1450\n'),
    })
    await upload.click()
    await page.waitForURL(/\?done=uploaded-1$/)
    await page.locator('.notice--success').waitFor()
    await expect.poll(() => title.inputValue()).toBe('')
    expect(await chosen()).toBe(0)
    const stored = await database.db.selectFrom('worksheets').select('title').where('workshop_id', '=', workshopId).execute()
    expect(stored.map((w) => w.title)).toEqual(['Srážky v Jizerských horách'])
    expect(await stayed()).toBe(true)

    // A second upload empties the form again (the address is the same as after the first).
    await title.fill('Srážky 2')
    await files.setInputFiles({
      name: 'srazky2.csv',
      mimeType: 'text/csv',
      buffer: Buffer.from('stanice;srazky\nHejnice;1200\n'),
    })
    await upload.click()
    await expect
      .poll(() => database.db.selectFrom('worksheets').select('id').where('workshop_id', '=', workshopId).execute())
      .toHaveLength(2)
    await expect.poll(() => title.inputValue()).toBe('')
    expect(await chosen()).toBe(0)
    expect(await stayed()).toBe(true)
  })
})
