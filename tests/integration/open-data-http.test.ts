import Ajv2020 from 'ajv/dist/2020'
import addFormats from 'ajv-formats'
import { parse } from 'csv-parse/sync'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { closeAttendance, markAttendance } from '~/models/attendance.server'
import { saveFeedback } from '~/models/feedback.server'
import { pragueMonthKey } from '~/utils/dates'
import { createTestDatabase, type TestDatabase } from '../support/database'
import { factories, person } from '../support/factories'
import { addBookableSession } from '../support/fixtures'
import { requestsTo, startServer, type RunningServer } from '../support/server'
import { APP_URL, at, ORGANISATIONS, statisticsWorld } from '../support/statistics-world'

/*
 * The open datasets over the statistics fixture (tests/support/statistics-world.ts) plus one
 * session of body B with six teachers of one school, so that some breakdowns pass the
 * threshold of five: exact figures, the published schemas, the DCAT-AP-CZ records, and not one
 * name or address of the fixture's people anywhere.
 */

const PUBLISHER = 'https://rpp-opendata.egon.gov.cz/odrpp/zdroj/orgán-veřejné-moci/70891508'
const SCHOOL_B = 'ZŠ Chrastava'
const SIX = ['Radka Šimková', 'Soňa Tichá', 'Tereza Urbanová', 'Uršula Vávrová', 'Věra Zajícová', 'Xenie Žáková']

let database: TestDatabase
let server: RunningServer
let world: Awaited<ReturnType<typeof statisticsWorld>>
const { get } = requestsTo(() => server)
const people = [
  'Anna Dvořáková',
  'Bára Šťastná',
  'Cyril Řezníček',
  'Dana Malá',
  'Emil Veselý',
  'Filip Kos',
  'Gustav Novák',
  'Hana Horáková',
  'Ivan Beneš',
  'Jana Kučerová',
  'Kamila Svobodová',
  'Lukáš Marek',
  'Marie Pokorná',
  'Nina Králová',
  'Otto Fiala',
  'Pavla Fialová',
  'Quido Řehoř',
  ...SIX,
]

beforeAll(async () => {
  database = await createTestDatabase()
  const db = database.db
  world = await statisticsWorld(db)
  // S8: body B, three days ago, six ZŠ teachers of one school, all present, five of them rate it 4.
  const s8 = await addBookableSession(db, { workshopId: world.workshops.nukib, capacity: 8, now: at(-13), startsInDays: 10 })
  const make = factories(() => ({ db, now: at(-10), staff: world.staff.admin, appUrl: APP_URL }))
  const booked = []
  for (const name of SIX)
    booked.push(await make.book(s8, person(name, { participantType: 'teacher', schoolLevel: 'zs', organisation: SCHOOL_B })))
  for (const b of booked) {
    await markAttendance(db, {
      sessionId: s8,
      registrationId: b.registrationId,
      attendance: 'present',
      user: world.staff.admin,
      now: at(-3, 1),
      appUrl: APP_URL,
    })
  }
  await closeAttendance(db, { sessionId: s8, user: world.staff.admin, now: at(-3, 3), appUrl: APP_URL, unmarked: 'leave' })
  for (const b of booked.slice(0, 5)) {
    await saveFeedback(db, { token: b.token, form: { rating: 4, useInWork: '', improve: '', comment: '' }, now: at(-2) })
  }
  server = await startServer({
    DATABASE_URL: database.url,
    OPEN_DATA_PUBLISHER: PUBLISHER,
    OPEN_DATA_CONTACT_EMAIL: 'opendata@kraj.example',
  })
}, 90_000)

afterAll(async () => {
  await server?.stop()
  await database?.cleanup()
})

async function file(name: string) {
  const response = await get(`/open-data/${name}`)
  expect(response.status, name).toBe(200)
  return response
}

type Row = Record<string, string | number | null>

async function jsonRows(dataset: string): Promise<Row[]> {
  return ((await (await file(`${dataset}.json`)).json()) as { rows: Row[] }).rows
}

const sum = (rows: Row[], column: string) => rows.reduce((total, row) => total + Number(row[column] ?? 0), 0)

/** Checks a CSV against its CSVW metadata as a consumer would: the header, then every cell by datatype and `required`. */
function validateAgainstCsvw(
  csv: string,
  metadata: { tableSchema: { columns: { name: string; datatype: string; required: boolean }[] } },
) {
  const patterns: Record<string, RegExp> = {
    integer: /^-?\d+$/,
    decimal: /^-?\d+(\.\d+)?$/,
    string: /^[\s\S]*$/,
    gYearMonth: /^\d{4}-(0[1-9]|1[0-2])$/,
    gYear: /^\d{4}$/,
  }
  const records = parse(csv, { bom: false, relax_column_count: false }) as string[][]
  const columns = metadata.tableSchema.columns
  expect(records[0]).toEqual(columns.map((c) => c.name))
  const problems: string[] = []
  for (const [r, record] of records.slice(1).entries()) {
    columns.forEach((c, i) => {
      const cell = record[i] ?? ''
      if (cell === '') {
        if (c.required) problems.push(`row ${r + 1} ${c.name}: empty`)
      } else if (!patterns[c.datatype]!.test(cell)) problems.push(`row ${r + 1} ${c.name}: ${cell} is not ${c.datatype}`)
    })
  }
  return problems
}

describe('the open datasets', () => {
  it.each(['workshops-monthly', 'participants-by-type', 'participants-by-organisation'])(
    '%s: the CSV (RFC 4180, UTF-8) follows its CSVW metadata and the JSON its JSON Schema',
    async (dataset) => {
      const csvResponse = await file(`${dataset}.csv`)
      expect(csvResponse.headers.get('content-type')).toBe('text/csv; charset=utf-8; header=present')
      expect(csvResponse.headers.get('access-control-allow-origin')).toBe('*')
      const csv = await csvResponse.text()
      expect(csv.endsWith('\r\n')).toBe(true)
      const metadata = await (await file(`${dataset}.csv-metadata.json`)).json()
      expect(metadata.url).toMatch(new RegExp(`^https?://[^/]+/open-data/${dataset}\\.csv$`))
      expect(metadata['dc:license']).toEqual({ '@id': 'https://creativecommons.org/licenses/by/4.0/' })
      expect(validateAgainstCsvw(csv, metadata)).toEqual([])

      const schema = await (await file(`${dataset}.schema.json`)).json()
      const ajv = new Ajv2020({ allErrors: true, strict: true })
      addFormats(ajv)
      const validate = ajv.compile(schema)
      const json = await (await file(`${dataset}.json`)).json()
      expect(validate(json), JSON.stringify(validate.errors)).toBe(true)
      // The same rows in both files.
      expect(parse(csv, { columns: true }).length).toBe(json.rows.length)
    },
  )

  it('monthly figures add up to exactly what the fixture holds, per organising body', async () => {
    const rows = await jsonRows('workshops-monthly')
    const bodyA = rows.filter((r) => r.organiser_id === world.staff.bodyAId)
    const bodyB = rows.filter((r) => r.organiser_id === world.staff.bodyBId)
    const totals = (list: Row[]) =>
      Object.fromEntries(
        [
          'sessions_held',
          'sessions_cancelled',
          'seats_offered',
          'bookings',
          'walk_ins',
          'cancelled_bookings',
          'waiting_list_demand',
          'expected',
          'attended',
          'excused',
          'absent',
          'certificates_issued',
          'feedback_responses',
        ].map((c) => [c, sum(list, c)]),
      )
    // Body A: S1, S2, S3 and S7 held, S4 cancelled (S5 is still to come).
    expect(totals(bodyA)).toEqual({
      sessions_held: 4,
      sessions_cancelled: 1,
      seats_offered: 29,
      bookings: 11,
      walk_ins: 1,
      cancelled_bookings: 1,
      waiting_list_demand: 1,
      expected: 9,
      attended: 5,
      excused: 1,
      absent: 2,
      certificates_issued: 5,
      feedback_responses: 3,
    })
    // Body B: S6 and S8.
    expect(totals(bodyB)).toEqual({
      sessions_held: 2,
      sessions_cancelled: 0,
      seats_offered: 20,
      bookings: 8,
      walk_ins: 0,
      cancelled_bookings: 0,
      waiting_list_demand: 0,
      expected: 8,
      attended: 7,
      excused: 0,
      absent: 1,
      certificates_issued: 7,
      feedback_responses: 6,
    })
    // An average is published only from five answers: body A never has five in a month.
    expect(bodyA.every((r) => r.feedback_average === null)).toBe(true)
    const s8Month = pragueMonthKey(at(-3).toISOString())
    const sameMonthAsS6 = pragueMonthKey(at(-8).toISOString()) === s8Month
    const s8Row = bodyB.find((r) => r.month === s8Month)!
    expect(s8Row).toMatchObject(
      sameMonthAsS6
        ? { feedback_responses: 6, feedback_average: Math.round((22 / 6) * 100) / 100 }
        : { feedback_responses: 5, feedback_average: 4 },
    )
    expect(s8Row.attendance_rate).toBe(sameMonthAsS6 ? 0.875 : 1)
  })

  it('withholds counts from 1 to 4 in the breakdowns, and whole schools or offices under five', async () => {
    const byType = await jsonRows('participants-by-type')
    const s8Year = pragueMonthKey(at(-3).toISOString()).slice(0, 4)
    expect(
      byType.filter((r) => r.organiser_id === world.staff.bodyBId && r.year === s8Year && r.participant_type === 'teacher_zs'),
    ).toEqual([
      {
        year: s8Year,
        organiser_id: world.staff.bodyBId,
        organiser: expect.any(String),
        participant_type: 'teacher_zs',
        bookings: 6,
        attended: 6,
      },
    ])
    // Everything else in the fixture is a group of fewer than five: withheld, never shown as a number.
    const others = byType.filter((r) => !(r.organiser_id === world.staff.bodyBId && r.participant_type === 'teacher_zs'))
    expect(others.length).toBeGreaterThan(0)
    expect(others.every((r) => r.bookings === null && r.attended === null)).toBe(true)

    const byOrganisation = await jsonRows('participants-by-organisation')
    expect(byOrganisation).toEqual([
      {
        year: s8Year,
        organiser_id: world.staff.bodyBId,
        organiser: expect.any(String),
        organisation: SCHOOL_B,
        bookings: 6,
        attended: 6,
      },
    ])
  })

  it('holds no name or address of anyone who booked, in any file', async () => {
    const names = ['catalog.jsonld']
    for (const dataset of ['workshops-monthly', 'participants-by-type', 'participants-by-organisation']) {
      for (const ext of ['csv', 'json', 'csv-metadata.json', 'schema.json', 'jsonld']) names.push(`${dataset}.${ext}`)
    }
    const everything = (await Promise.all(names.map(async (name) => (await file(name)).text()))).join('\n')
    for (const name of people) {
      expect(everything).not.toContain(name)
      expect(everything).not.toContain(person(name).email)
      expect(everything).not.toContain(name.split(' ')[1]!)
    }
    for (const organisation of Object.values(ORGANISATIONS)) expect(everything).not.toContain(organisation)
    expect(everything).not.toMatch(/@example\.cz/)
  })

  it('describes itself in DCAT-AP-CZ: a catalogue of three datasets, each with a CSV and a JSON distribution under CC BY 4.0', async () => {
    const catalog = await (await file('catalog.jsonld')).json()
    expect(catalog).toMatchObject({
      '@context':
        'https://ofn.gov.cz/rozhraní-katalogů-otevřených-dat/2021-01-11/kontexty/rozhraní-katalogů-otevřených-dat.jsonld',
      typ: 'Katalog',
      poskytovatel: PUBLISHER,
    })
    expect(catalog.datová_sada).toHaveLength(3)
    for (const iri of catalog.datová_sada as string[]) {
      const record = await (await file(new URL(iri).pathname.replace('/open-data/', ''))).json()
      expect(record).toMatchObject({ typ: 'Datová sada', poskytovatel: PUBLISHER, iri })
      expect(record.název.cs).toBeTruthy()
      expect(record.téma).toContain('http://publications.europa.eu/resource/authority/data-theme/EDUC')
      expect(record.kontaktní_bod).toEqual({ typ: 'Organizace', email: 'mailto:opendata@kraj.example' })
      expect(record.distribuce.map((d: { formát: string }) => d.formát)).toEqual([
        'http://publications.europa.eu/resource/authority/file-type/CSV',
        'http://publications.europa.eu/resource/authority/file-type/JSON',
      ])
      for (const distribution of record.distribuce) {
        expect(distribution.podmínky_užití).toMatchObject({
          databáze_jako_autorské_dílo: 'https://creativecommons.org/licenses/by/4.0/',
          osobní_údaje: 'https://data.gov.cz/podmínky-užití/neobsahuje-osobní-údaje/',
        })
        // Every file a record names is there.
        await file(new URL(distribution.soubor_ke_stažení).pathname.replace('/open-data/', ''))
        await file(new URL(distribution.schéma).pathname.replace('/open-data/', ''))
      }
    }
  })

  it('answers a harvester that asks again with 304, and an unknown file with 404', async () => {
    const first = await file('workshops-monthly.json')
    const tag = first.headers.get('etag')!
    expect(first.headers.get('cache-control')).toBe('public, max-age=3600')
    const again = await get('/open-data/workshops-monthly.json', { 'If-None-Match': tag })
    expect(again.status).toBe(304)
    for (const name of ['nothing.csv', 'workshops-monthly.xml', '..%2Fsecret', 'catalog.json']) {
      expect((await get(`/open-data/${name}`)).status, name).toBe(404)
    }
  })

  it('explains the datasets on a page in both languages', async () => {
    const cs = await (await get('/open-data')).text()
    expect(cs).toContain('Otevřená data')
    expect(cs).toContain('Workshopy o datech a kybernetické bezpečnosti: souhrn po měsících')
    expect(cs).toContain('CC BY 4.0')
    const en = await (await get('/open-data', { 'Accept-Language': 'en' })).text()
    expect(en).toContain('Workshops on data and cybersecurity: monthly summary')
    expect(en).toContain('so that no one can be singled out')
  })
})
