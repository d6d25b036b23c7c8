import { readFileSync } from 'node:fs'
import Ajv2020 from 'ajv/dist/2020'
import addFormats from 'ajv-formats'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { signIn } from '../support/auth'
import { createTestDatabase, type TestDatabase } from '../support/database'
import { PETRA, personalDataWorld, QUIDO, WANDA, type PersonalDataWorld } from '../support/personal-data-world'
import { requestsTo, startServer, type RunningServer } from '../support/server'

/*
 * The "my data" pages and the erasure over HTTP: what a signed-in person and a manage link's
 * holder see and download, who may erase what, and that nothing answers 500 to a bad link.
 */

const ajv = new Ajv2020({ allErrors: true, strict: true })
addFormats(ajv)
const validateExport = ajv.compile(
  JSON.parse(readFileSync(new URL('../../docs/schemas/personal-data-export.schema.json', import.meta.url), 'utf8')),
)

let database: TestDatabase
let server: RunningServer
let world: PersonalDataWorld
const { get, post } = requestsTo(() => server)
const form = () => new URLSearchParams()

beforeAll(async () => {
  database = await createTestDatabase()
  world = await personalDataWorld(database.db)
  server = await startServer({ DATABASE_URL: database.url })
})

afterAll(async () => {
  await server?.stop()
  await database?.cleanup()
})

describe('my data, signed in', () => {
  it('sends anonymous visitors to sign in', async () => {
    for (const path of ['/my/data', '/my/data.json', '/my/data.html', '/my/data/erase']) {
      const response = await get(path)
      expect(response.status, path).toBe(302)
      expect(response.headers.get('location'), path).toBe(`/sign-in?redirectTo=${encodeURIComponent(path)}`)
    }
  })

  it("shows the person's data and downloads it as JSON (valid against the published schema) and as a page to keep, nothing of anyone else", async () => {
    const { cookie } = await signIn(server.url, database.db, PETRA.email)
    const page = await get('/my/data', { Cookie: cookie })
    expect(page.status).toBe(200)
    expect(page.headers.get('cache-control')).toContain('no-store')
    const html = await page.text()
    for (const shown of [PETRA.fullName, PETRA.organisation, PETRA.note, 'přítomnost', 'Pracovní listy použiji v 7. třídě.']) {
      expect(html).toContain(shown)
    }

    const json = await get('/my/data.json', { Cookie: cookie })
    expect(json.headers.get('content-type')).toBe('application/json; charset=utf-8')
    expect(json.headers.get('content-disposition')).toMatch(/^attachment; filename="osobni-udaje-\d{4}-\d{2}-\d{2}\.json"/)
    const data = await json.json()
    expect(validateExport(data), JSON.stringify(validateExport.errors)).toBe(true)
    expect(data.registrations).toHaveLength(2)

    const download = await get('/my/data.html', { Cookie: cookie, 'Accept-Language': 'en' })
    expect(download.headers.get('content-type')).toBe('text/html; charset=utf-8')
    const text = await download.text()
    expect(text).toMatch(/^<!DOCTYPE html>/)
    expect(text).toContain(PETRA.fullName)
    for (const body of [html, text, JSON.stringify(data)]) {
      for (const other of [QUIDO, WANDA]) {
        expect(body).not.toContain(other.fullName)
        expect(body).not.toContain(other.email)
      }
    }

    const schema = await get('/schemas/personal-data-export.json')
    expect(schema.headers.get('content-type')).toBe('application/schema+json; charset=utf-8')
    expect((await schema.json()).$id).toBe(data.$schema)
  })

  it('explains before erasing (the certificate keeps the name until a date), then erases, signs out and says what happened', async () => {
    const { cookie } = await signIn(server.url, database.db, PETRA.email)
    const explained = await (await get('/my/data/erase', { Cookie: cookie })).text()
    expect(explained).toContain('Zrušíme 1\u00a0přihlášku')
    expect(explained).toContain('Ověřovací stránka osvědčení ukazuje vaše jméno')
    expect(explained).toMatch(/jméno do \p{L}{2}\u00a0\d{1,2}\.\u00a0\d{1,2}\.\u00a0\d{4}/u)
    // Merely opening the page erased nothing.
    expect(await database.db.selectFrom('users').select('id').where('email', '=', PETRA.email).execute()).toHaveLength(1)

    const erased = await post('/my/data/erase', form(), { Cookie: cookie, Origin: server.url })
    expect(erased.status).toBe(303)
    expect(erased.headers.get('location')).toBe('/data-erased?cancelled=1&anonymised=2')
    expect(erased.headers.getSetCookie().some((c) => /^__session=;/.test(c))).toBe(true)
    const landing = await (await get(erased.headers.get('location')!)).text()
    expect(landing).toContain('Vaše údaje jsme smazali.')
    expect(landing).toContain('Zrušili jsme 1\u00a0přihlášku.')

    // The old cookie opens nothing any more.
    expect((await get('/my/data', { Cookie: cookie })).status).toBe(302)
    const left = await database.db
      .selectFrom('registrations')
      .select(['full_name', 'anonymised_at'])
      .where('id', 'in', [world.petraPast.registrationId, world.petraNext.registrationId])
      .execute()
    expect(left.every((r) => r.full_name === '' && r.anonymised_at !== null)).toBe(true)
  })

  it('leaves staff accounts to an admin: the page says so and a POST is refused', async () => {
    const { cookie } = await signIn(server.url, database.db, world.organiser.email)
    expect(await (await get('/my/data/erase', { Cookie: cookie, 'Accept-Language': 'en' })).text()).toContain(
      'Accounts of organisers and administrators are removed by an administrator.',
    )
    const refused = await post('/my/data/erase', form(), { Cookie: cookie, Origin: server.url })
    expect(refused.status).toBe(403)
    expect(await database.db.selectFrom('users').select('id').where('email', '=', world.organiser.email).execute()).toHaveLength(
      1,
    )
  })
})

describe("a booking's data through its manage link", () => {
  it('shows and downloads that booking only, erases it after explaining, and then opens nothing', async () => {
    const base = `/registrations/${world.zuzanaSibling.token}`
    const page = await get(`${base}/data`)
    expect(page.status).toBe(200)
    expect(page.headers.get('x-robots-tag')).toBe('noindex')
    const html = await page.text()
    expect(html).toContain('Gymnázium F. X. Šaldy')
    const data = await (await get(`${base}/data.json`)).json()
    expect(validateExport(data), JSON.stringify(validateExport.errors)).toBe(true)
    // Zuzana also came to the past session as a walk-in: the link shows only its own booking.
    expect(data.registrations.map((r: { id: number }) => r.id)).toEqual([world.zuzanaSibling.registrationId])
    expect(data.account).toBeNull()

    expect(await (await get(`${base}/erase`)).text()).toContain('Zrušíme 1\u00a0přihlášku')
    const erased = await post(`${base}/erase`, form(), { Origin: server.url })
    expect(erased.status).toBe(303)
    expect(erased.headers.get('location')).toBe('/data-erased?cancelled=1&anonymised=1')
    for (const path of [`${base}/data`, `${base}/data.json`, `${base}/erase`, base])
      expect((await get(path)).status, path).toBe(404)
    expect((await post(`${base}/erase`, form(), { Origin: server.url })).status).toBe(404)
  })

  it('answers a malformed or unknown link with 404, never 500', async () => {
    for (const token of ['x', 'a'.repeat(43), '%E0%A4%A', '..%2F..%2Fetc']) {
      for (const path of [`/registrations/${token}/data`, `/registrations/${token}/data.json`, `/registrations/${token}/erase`]) {
        const response = await get(path)
        expect([400, 404], path).toContain(response.status)
      }
      expect([400, 404]).toContain((await post(`/registrations/${token}/erase`, form(), { Origin: server.url })).status)
    }
  })

  it('a certificate verifies with its holder’s name and says until when the name is shown', async () => {
    const certificate = await database.db
      .selectFrom('certificates')
      .select('code')
      .where('registration_id', '=', world.quidoPast.registrationId)
      .executeTakeFirstOrThrow()
    const html = await (await get(`/certificates/${certificate.code}`)).text()
    expect(html).toContain(QUIDO.fullName)
    expect(html).toMatch(/Jméno držitele tu ukazujeme do \p{L}{2}\u00a0\d{1,2}\.\u00a0\d{1,2}\.\u00a0\d{4}/u)
  })
})
