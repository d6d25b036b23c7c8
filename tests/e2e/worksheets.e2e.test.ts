import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import type { Browser, BrowserContext } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { registerForSession } from '~/models/registrations.server'
import { renderAttendanceSheet } from '~/utils/pdf/attendance-sheet.server'
import { makeUser, signIn } from '../support/auth'
import { accessibilityViolations, launchBrowser } from '../support/browser'
import { inDays } from '../support/clock'
import { createTestDatabase, type TestDatabase } from '../support/database'
import { createBookableSession } from '../support/fixtures'
import { startServer, type RunningServer } from '../support/server'

const FILE_NAME = 'Pracovní list – Počasí v kraji.pdf'

let database: TestDatabase
let server: RunningServer
let browser: Browser
let organiser: BrowserContext
let workshopId: number
let sessionId: number
let dir: string

beforeAll(async () => {
  dir = mkdtempSync(path.join(tmpdir(), 'worksheets-e2e-'))
  database = await createTestDatabase()
  ;({ workshopId, sessionId } = await createBookableSession(database.db, { capacity: 10 }))
  const organiserId = (await database.db.selectFrom('organisers').select('id').executeTakeFirstOrThrow()).id
  await makeUser(database.db, { email: 'lektorka@kraj.example', role: 'organiser', organiserIds: [organiserId] })
  ;[server, browser] = await Promise.all([startServer({ DATABASE_URL: database.url }), launchBrowser()])
  const { cookie } = await signIn(server.url, database.db, 'lektorka@kraj.example')
  organiser = await browser.newContext({ locale: 'cs-CZ' })
  const [name, value] = cookie.split('=') as [string, string]
  await organiser.addCookies([{ name, value, url: server.url }])
  const pdf = await renderAttendanceSheet({
    workshopTitle: 'Počasí v kraji',
    // A week from today, 14:00–17:00 in Prague.
    startsAt: inDays(7, '14:00'),
    endsAt: inDays(7, '17:00'),
    place: 'Liberec',
    lecturer: null,
    organiserName: 'Datový portál Libereckého kraje',
    lengthHours: 3,
    accreditationRef: null,
    people: [{ fullName: 'Jana Řehořová', organisation: 'ZŠ Husova' }],
  })
  writeFileSync(path.join(dir, FILE_NAME), pdf)
})
afterAll(async () => {
  await browser?.close()
  await server?.stop()
  await database?.cleanup()
  rmSync(dir, { recursive: true, force: true })
})

describe('worksheets in the browser', () => {
  it('an organiser uploads a worksheet; it is in the public library under its Czech name, byte for byte', async () => {
    const page = await organiser.newPage()
    await page.goto(`${server.url}/organiser/workshops/${workshopId}/worksheets`)
    expect(await accessibilityViolations(page)).toEqual([])
    await page.getByLabel('Soubory', { exact: true }).setInputFiles(path.join(dir, FILE_NAME))
    await page.getByLabel('kdokoli (veřejná knihovna)').check()
    await page.getByLabel('základní škola (ZŠ)').check()
    await page.getByRole('button', { name: 'Nahrát', exact: true }).click()
    await page.getByRole('status').filter({ hasText: 'Nahráno: 1 soubor.' }).waitFor()
    expect(await page.getByText('Pracovní list – Počasí v kraji', { exact: true }).count()).toBe(1)
    expect(await accessibilityViolations(page)).toEqual([])

    const visitorContext = await browser.newContext({ locale: 'cs-CZ' })
    const visitor = await visitorContext.newPage()
    await visitor.goto(`${server.url}/worksheets?q=pocasi`)
    await visitor.getByRole('heading', { name: 'Pracovní list – Počasí v kraji' }).waitFor()
    expect(await accessibilityViolations(visitor)).toEqual([])
    const [download] = await Promise.all([
      visitor.waitForEvent('download'),
      visitor.getByRole('link', { name: /^Stáhnout/ }).click(),
    ])
    expect(download.suggestedFilename()).toBe(FILE_NAME)
    const saved = path.join(dir, 'downloaded.pdf')
    await download.saveAs(saved)
    expect(readFileSync(saved).equals(readFileSync(path.join(dir, FILE_NAME)))).toBe(true)
    await visitorContext.close()
    await page.close()
  })

  it('shows a refused file with a clear message and keeps nothing', async () => {
    const page = await organiser.newPage()
    await page.goto(`${server.url}/organiser/workshops/${workshopId}/worksheets`)
    const fake = path.join(dir, 'Program.pdf')
    writeFileSync(fake, Buffer.concat([Buffer.from('MZ\x90\x00'), Buffer.alloc(2000, 1)]))
    await page.getByLabel('Soubory', { exact: true }).setInputFiles(fake)
    await page.getByRole('button', { name: 'Nahrát', exact: true }).click()
    await page.getByRole('alert').filter({ hasText: 'Program.pdf' }).waitFor()
    expect(await page.getByRole('alert').textContent()).toContain('není v povoleném formátu')
    expect(await accessibilityViolations(page)).toEqual([])
    const count = await database.db
      .selectFrom('worksheets')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow()
    expect(Number(count.n)).toBe(1)
    await page.close()
  })

  it('lists a participant’s worksheets on their manage page, in English too', async () => {
    const booked = await registerForSession(database.db, {
      sessionId,
      form: {
        fullName: 'Petr Šťastný',
        email: 'petr@obec.example',
        organisation: 'Obec',
        participantType: 'official',
        schoolLevel: '',
        note: '',
        consent: 'yes',
      },
      locale: 'en',
      now: new Date(),
      appUrl: server.url,
    })
    if (booked.kind !== 'registered') throw new Error(booked.kind)
    const context = await browser.newContext({ locale: 'en-GB' })
    const page = await context.newPage()
    await page.goto(`${server.url}/registrations/${booked.token}`)
    await page.getByRole('heading', { name: 'Worksheets' }).waitFor()
    expect(await page.getByRole('link', { name: 'Pracovní list – Počasí v kraji' }).count()).toBe(1)
    expect(await accessibilityViolations(page)).toEqual([])
    await page.goto(`${server.url}/worksheets`)
    expect(await accessibilityViolations(page)).toEqual([])
    await context.close()
  })
})
