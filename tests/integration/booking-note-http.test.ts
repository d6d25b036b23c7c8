import { parse } from 'csv-parse/sync'
import ExcelJS from 'exceljs'
import { getDocument } from 'pdfjs-dist/legacy/build/pdf.mjs'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { makeUser, signIn } from '../support/auth'
import { createTestDatabase, type TestDatabase } from '../support/database'
import { bookingsOverHttp, createBookableSession, organiserOf } from '../support/fixtures'
import { requestsTo, startServer, type RunningServer } from '../support/server'

/*
 * The note a participant types into the booking form (which asks for accessibility needs
 * there) reaches the organiser: booked over HTTP as the form posts it, then read back from
 * every organiser page and download of that session, over HTTP with the organiser's session.
 * The attendance sheet goes round the room for signatures and must not carry it.
 */

const ORGANISER = 'organizatorka@liberec.example'
/** Typed into the booking form: two lines, Czech letters, a dash. */
const NOTE = 'Přijedu na vozíku – potřebuji bezbariérový vstup.\nProsím o místo u dveří, špatně slyším.'
const JANA = { fullName: 'Jana Řehořová', email: 'jana.rehorova@skola.example', note: NOTE }
const PETR = { fullName: 'Petr Horák', email: 'petr.horak@urad.example' }

let database: TestDatabase
let server: RunningServer
let cookie = ''
const ids = { session: 0, workshop: 0, jana: 0, petr: 0 }

const { get } = requestsTo(() => server)
const book = bookingsOverHttp(() => ({ serverUrl: server.url, db: database.db }))
const asOrganiser = (headers: Record<string, string> = {}) => ({ Cookie: cookie, ...headers })

/** The text of each note block on a page, tags dropped. */
function noteBlocks(html: string): string[] {
  return [...html.matchAll(/<p class="booking-note"[^>]*>([\s\S]*?)<\/p>/g)].map((m) =>
    m[1]!.replace(/<!-- -->/g, '').replace(/<[^>]+>/g, ''),
  )
}

async function page(path: string, headers: Record<string, string> = {}) {
  const response = await get(path, asOrganiser(headers))
  expect(response.status, path).toBe(200)
  return response.text()
}

async function download(path: string) {
  const response = await get(path, asOrganiser())
  expect(response.status, path).toBe(200)
  return Buffer.from(await response.arrayBuffer())
}

beforeAll(async () => {
  database = await createTestDatabase()
  const { db } = database
  const { sessionId, workshopId } = await createBookableSession(db, { capacity: 10 })
  Object.assign(ids, { session: sessionId, workshop: workshopId })
  await makeUser(db, {
    email: ORGANISER,
    name: 'Dagmar Organizátorka',
    role: 'organiser',
    organiserIds: [await organiserOf(db, workshopId)],
  })
  server = await startServer({ DATABASE_URL: database.url })
  ids.jana = (await book(sessionId, 1, JANA)).id
  ids.petr = (await book(sessionId, 2, PETR)).id
  ;({ cookie } = await signIn(server.url, db, ORGANISER))
})

afterAll(async () => {
  await server?.stop()
  await database?.cleanup()
})

describe("the participant's note on the organiser's side", () => {
  it('is stored as typed from the booking form', async () => {
    const row = await database.db.selectFrom('registrations').select('note').where('id', '=', ids.jana).executeTakeFirstOrThrow()
    expect(row.note).toBe(NOTE)
  })

  it('shows on the bookings list, labelled, in its own row tied to the person', async () => {
    const html = await page(`/organiser/sessions/${ids.session}/registrations`)
    expect(noteBlocks(html)).toEqual([`Poznámka k přihlášce: ${NOTE}`])
    // The row under Jana's: its cell names her row header, so a screen reader says whose note it is.
    expect(html).toContain(`<th scope="row" id="reg-${ids.jana}">Jana Řehořová</th>`)
    expect(html).toMatch(new RegExp(`<td colSpan="5" headers="reg-${ids.jana}"><p class="booking-note">`, 'i'))
    expect(html).toContain('1\u00a0přihláška má poznámku, například o potřebách přístupnosti.')
  })

  it('shows on the roster in the room, in the person’s row', async () => {
    const html = await page(`/organiser/sessions/${ids.session}/attendance`)
    expect(noteBlocks(html)).toEqual([`Poznámka k přihlášce: ${NOTE}`])
    const row = new RegExp(`<li class="roster__row[^"]*" id="r${ids.jana}">([\\s\\S]*?)</li>`).exec(html)
    expect(row, 'Jana’s roster row').not.toBeNull()
    expect(row![1]).toContain('booking-note')
    const petr = new RegExp(`<li class="roster__row[^"]*" id="r${ids.petr}">([\\s\\S]*?)</li>`).exec(html)
    expect(petr![1]).not.toContain('booking-note')
  })

  it('is pointed to from the session’s own page', async () => {
    const html = await page(`/organiser/sessions/${ids.session}`)
    expect(html).toContain('1\u00a0přihláška má poznámku, například o potřebách přístupnosti.')
    expect(html).toContain(`href="/organiser/sessions/${ids.session}/registrations">Zobrazit poznámky v přihláškách</a>`)
  })

  it('is in English for an organiser reading in English', async () => {
    const html = await page(`/organiser/sessions/${ids.session}/attendance`, { 'Accept-Language': 'en' })
    expect(noteBlocks(html)).toEqual([`Note with the booking: ${NOTE}`])
  })

  it('is in the CSV exports of the session and of the workshop, line break and all', async () => {
    for (const path of [`/organiser/sessions/${ids.session}/export.csv`, `/organiser/workshops/${ids.workshop}/export.csv`]) {
      const [header, ...records] = parse(await download(path), { delimiter: ';', bom: true }) as string[][]
      const note = header!.indexOf('Poznámka k přihlášce')
      expect(note, path).toBeGreaterThan(-1)
      const name = header!.indexOf('Jméno a příjmení')
      const byName = Object.fromEntries(records.map((r) => [r[name]!, r]))
      expect(byName['Jana Řehořová']![note], path).toBe(NOTE)
      expect(byName['Petr Horák']![note], path).toBe('')
    }
  })

  it('is in the XLSX exports of the session and of the workshop, in a wrapping column', async () => {
    for (const path of [`/organiser/sessions/${ids.session}/export.xlsx`, `/organiser/workshops/${ids.workshop}/export.xlsx`]) {
      const workbook = new ExcelJS.Workbook()
      await workbook.xlsx.load(new Uint8Array(await download(path)).buffer)
      const sheet = workbook.worksheets[0]!
      const header = (sheet.getRow(1).values as unknown[]).slice(1)
      const note = header.indexOf('Poznámka k přihlášce') + 1
      const name = header.indexOf('Jméno a příjmení') + 1
      expect(note, path).toBeGreaterThan(0)
      const rows = Array.from({ length: sheet.rowCount - 1 }, (_, i) => sheet.getRow(i + 2))
      const jana = rows.find((r) => r.getCell(name).value === 'Jana Řehořová')!
      expect(jana.getCell(note).value, path).toBe(NOTE)
      expect(jana.getCell(note).alignment?.wrapText, path).toBe(true)
      expect(rows.find((r) => r.getCell(name).value === 'Petr Horák')!.getCell(note).value ?? '', path).toBe('')
    }
  })

  it('stays off the attendance sheet, which goes round the room', async () => {
    const pdf = await download(`/organiser/sessions/${ids.session}/attendance-sheet.pdf`)
    const doc = await getDocument({ data: new Uint8Array(pdf), useSystemFonts: false }).promise
    try {
      const text = (await (await doc.getPage(1)).getTextContent()).items.map((i) => ('str' in i ? i.str : '')).join(' ')
      expect(text).toContain('Jana Řehořová')
      expect(text).not.toContain('vozíku')
      expect(text).not.toContain('Poznámka')
    } finally {
      await doc.destroy()
    }
  })
})
