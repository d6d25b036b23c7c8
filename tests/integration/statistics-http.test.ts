import { parse } from 'csv-parse/sync'
import ExcelJS from 'exceljs'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { makeUser, signIn } from '../support/auth'
import { createTestDatabase, type TestDatabase } from '../support/database'
import { startServer, type RunningServer } from '../support/server'
import { ORGANISATIONS, PERIOD, statisticsWorld } from '../support/statistics-world'

/*
 * The dashboard and its downloads over HTTP, over the statistics fixture (known numbers):
 * who gets in, what each of them sees, bad filters, and files that parse.
 */
let database: TestDatabase
let server: RunningServer
let world: Awaited<ReturnType<typeof statisticsWorld>>
const cookies: Record<string, string> = {}
const PARTICIPANT = 'petra.ucastnice@skola.example'
const query = `?period=custom&from=${PERIOD.from}&to=${PERIOD.to}`

beforeAll(async () => {
  database = await createTestDatabase()
  world = await statisticsWorld(database.db)
  await makeUser(database.db, { email: PARTICIPANT, role: 'participant' })
  server = await startServer({ DATABASE_URL: database.url })
  for (const email of [PARTICIPANT, world.staff.organiserA.email, world.staff.organiserB.email, world.staff.admin.email]) {
    cookies[email] = (await signIn(server.url, database.db, email)).cookie
  }
}, 120_000)

afterAll(async () => {
  await server?.stop()
  await database?.cleanup()
})

const get = (path: string, email?: string, language = 'cs') =>
  fetch(`${server.url}${path}`, {
    redirect: 'manual',
    headers: { ...(email ? { cookie: cookies[email]! } : {}), 'accept-language': language },
  })
const figure = (label: string, value: string) => `<dt>${label}</dt><dd>${value}</dd>`

describe('who sees the dashboard', () => {
  it('sends anonymous visitors to sign in and refuses participants', async () => {
    for (const path of ['/organiser/stats', `/organiser/stats/summary.csv${query}`]) {
      const anonymous = await get(path)
      expect([302, 303]).toContain(anonymous.status)
      expect(anonymous.headers.get('location')).toBe(`/sign-in?redirectTo=${encodeURIComponent(path)}`)
      const participant = await get(path, PARTICIPANT)
      expect(participant.status).toBe(403)
      await participant.body?.cancel()
    }
  })

  it('shows an organiser the figures of their bodies only, and an admin all of them', async () => {
    const a = await (await get(`/organiser/stats${query}`, world.staff.organiserA.email)).text()
    expect(a).toContain(figure('Konané termíny', '3'))
    expect(a).toContain(figure('Obsazená místa (přihlášky)', '10'))
    expect(a).not.toContain(ORGANISATIONS.village)
    expect(a).not.toContain('Kybernetická hygiena')
    const b = await (await get(`/organiser/stats${query}`, world.staff.organiserB.email)).text()
    expect(b).toContain(figure('Konané termíny', '1'))
    expect(b).toContain(ORGANISATIONS.village)
    const admin = await get(`/organiser/stats${query}`, world.staff.admin.email)
    expect(admin.status).toBe(200)
    const html = await admin.text()
    expect(html).toContain(figure('Konané termíny', '4'))
    expect(html).toContain(figure('Zrušené termíny', '1'))
    expect(html).toContain(figure('Nabízená místa', '31'))
    expect(html).toContain(figure('Účast', '50\u00a0%'))
    expect(html).toContain(figure('Neúčast bez omluvy', '30\u00a0%'))
    expect(html).toContain(figure('Čekali na místo ještě při začátku', '1'))
    expect(html).toContain(figure('Průměrné hodnocení (1–5)', '3,5'))
    expect(html).toMatch(/<svg role="img" aria-labelledby="chart-trend-title chart-trend-desc"/)
    expect(html).toContain('<title id="chart-types-title">Účastníci podle typu</title>')
  })

  it('speaks English to an English browser', async () => {
    const html = await (await get(`/organiser/stats${query}`, world.staff.admin.email, 'en')).text()
    expect(html).toContain(figure('Sessions held', '4'))
    expect(html).toContain(figure('Attendance rate', '50%'))
  })

  it('answers bad filters with 400, their messages next to the fields, and the figures of the current school year', async () => {
    const cases: [string, string][] = [
      ['?period=week', 'Vyberte období ze seznamu.'],
      ['?period=month&value=2026-13', 'Zadejte měsíc jako rok-měsíc, například 2026-03.'],
      ['?period=custom&from=2026-02-30&to=2026-03-01', 'Zadejte existující den jako rok-měsíc-den'],
      ['?period=custom&from=2026-03-01&to=2026-02-01', 'Konec rozmezí nesmí být před jeho začátkem.'],
      ['?period=custom&from=2020-01-01&to=2026-01-01', 'Rozmezí může být nejvýše pět let dlouhé.'],
      ['?topic=cooking', 'Vyberte téma ze seznamu.'],
      [`?body=${world.staff.bodyBId}`, 'Vyberte pořadatele ze seznamu.'],
      [`?workshop=${world.workshops.nukib}`, 'Vyberte workshop ze seznamu.'],
      ['?workshop=abc', 'Vyberte workshop ze seznamu.'],
    ]
    for (const [search, message] of cases) {
      const response = await get(`/organiser/stats${search}`, world.staff.organiserA.email)
      expect([search, response.status]).toEqual([search, 400])
      const html = await response.text()
      expect(html).toContain(message)
      expect(html).toContain('class="field-error"')
    }
  })
})

describe('downloads', () => {
  it('writes every table as CSV for Czech Excel, with the dashboard’s figures', async () => {
    const response = await get(`/organiser/stats/summary.csv${query}`, world.staff.admin.email)
    expect(response.status).toBe(200)
    expect(response.headers.get('content-type')).toBe('text/csv; charset=utf-8')
    const body = Buffer.from(await response.arrayBuffer())
    expect([...body.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf])
    const rows: string[][] = parse(body.subarray(3).toString('utf8'), { delimiter: ';' })
    const value = (label: string) => rows.find((r) => r[0] === label)?.[1]
    expect(rows[0]).toEqual(['Ukazatel', 'Hodnota'])
    expect(value('Konané termíny')).toBe('4')
    expect(value('Nabízená místa')).toBe('31')
    expect(value('Obsazenost (%)')).toBe('38,7')
    expect(value('Vydaná osvědčení')).toBe('5')
    expect(value('Průměrné hodnocení (1–5)')).toBe('3,5')
    for (const table of ['months', 'types', 'organisations']) {
      const file = await get(`/organiser/stats/${table}.csv${query}`, world.staff.organiserA.email)
      expect([table, file.status]).toEqual([table, 200])
      const parsed: string[][] = parse((await file.text()).replace(/^\uFEFF/, ''), { delimiter: ';' })
      expect(parsed.length).toBeGreaterThan(1)
    }
  })

  it('writes XLSX with numbers as numbers, and audits the organisations download', async () => {
    const response = await get(`/organiser/stats/types.xlsx${query}`, world.staff.admin.email)
    expect(response.status).toBe(200)
    const workbook = new ExcelJS.Workbook()
    await workbook.xlsx.load(Buffer.from(await response.arrayBuffer()) as unknown as ArrayBuffer)
    const sheet = workbook.worksheets[0]!
    const rows = sheet.getSheetValues().slice(1) as unknown[][]
    expect(rows[0]?.slice(1)).toEqual(['Typ účastníka', 'Přihlášky', 'Přítomní'])
    expect(rows.find((r) => r[1] === 'Úředníci')?.slice(1)).toEqual(['Úředníci', 5, 2])

    const before = await database.db.selectFrom('audit_log').select('id').orderBy('id', 'desc').executeTakeFirstOrThrow()
    const organisations = await get(`/organiser/stats/organisations.xlsx${query}`, world.staff.organiserA.email)
    expect(organisations.status).toBe(200)
    await organisations.body?.cancel()
    const audit = await database.db
      .selectFrom('audit_log')
      .select(['action', 'actor_email', 'entity_type', 'details'])
      .where('id', '>', before.id)
      .execute()
    expect(audit).toEqual([
      {
        action: 'export.xlsx',
        actor_email: world.staff.organiserA.email,
        entity_type: 'statistics',
        details: JSON.stringify({ table: 'organisations', rows: 6 }),
      },
    ])
  })

  it('answers an unknown table with 404 and bad filters with 400', async () => {
    const unknown = await get(`/organiser/stats/people.csv${query}`, world.staff.admin.email)
    expect(unknown.status).toBe(404)
    await unknown.body?.cancel()
    const bad = await get('/organiser/stats/summary.csv?period=custom&from=2026-03-01', world.staff.admin.email)
    expect(bad.status).toBe(400)
    await bad.body?.cancel()
  })
})
