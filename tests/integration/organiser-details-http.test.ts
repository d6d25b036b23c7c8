import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { SignedInUser } from '~/models/auth.server'
import { recordAudit } from '~/models/audit.server'
import { signIn } from '../support/auth'
import { testStart } from '../support/clock'
import { createTestDatabase, type TestDatabase } from '../support/database'
import { createUser, sessionFormFields, uploadWorksheet } from '../support/factories'
import { addBookableSession, createBookableSession, organiserOf } from '../support/fixtures'
import { requestsTo, startServer, type RunningServer } from '../support/server'

/*
 * Small things organisers and the public read, over HTTP from the built app, in Czech and in
 * English: the notice after adding a session, the add-participant form in the third person, the
 * lecturer on the public page, file sizes in people's units, and the audit log in words.
 */

const NBSP = '\u00a0'
const WORKSHOP = 'Data o vodě v Jizerských horách'
const LECTURER = 'Mgr. Jana Horáková'

let database: TestDatabase
let server: RunningServer
let organiser: SignedInUser
let ids: { workshop: number; session: number; slug: string; worksheet: number }
const cookies = { organiser: '', admin: '' }

const { get, post } = requestsTo(() => server)
const as = (who: keyof typeof cookies, language: 'cs' | 'en' = 'cs') => ({ Cookie: `${cookies[who]}; lang=${language}` })
const page = async (path: string, headers: Record<string, string> = {}) => {
  const response = await get(path, headers)
  expect(response.status, path).toBe(200)
  return response.text()
}
/** The text of a page without its tags, entities read as characters. */
const textOf = (html: string) =>
  html
    .replace(/<script[\s\S]*?<\/script>/g, '')
    .replace(/<!-- -->/g, '')
    .replace(/<[^>]+>/g, ' ')
    .replace(/&quot;/g, '"')
    .replace(/&amp;/g, '&')
    .replace(/&nbsp;/g, NBSP)
    .replace(/[ \t\n]+/g, ' ')

beforeAll(async () => {
  database = await createTestDatabase()
  const db = database.db
  const created = await createBookableSession(db, { capacity: 10, workshop: { title: WORKSHOP } })
  const session = await addBookableSession(db, {
    workshopId: created.workshopId,
    capacity: 12,
    startsInDays: 9,
    fields: { lecturer: LECTURER },
  })
  organiser = await createUser(db, {
    email: 'organizator@kraj-lbc.example',
    name: 'Markéta Holubová',
    role: 'organiser',
    organiserIds: [await organiserOf(db, created.workshopId)],
  })
  await createUser(db, { email: 'spravce@workshopy.example', name: 'Správce', role: 'admin' })
  // A public worksheet of 15 kB, the size the library called "0 MB", and one of 9,5 kB.
  const worksheet = await uploadWorksheet(db, {
    workshopId: created.workshopId,
    title: 'Průtoky Jizery',
    visibility: 'public',
    user: organiser,
    now: testStart,
    name: 'prutoky.txt',
    content: 'a'.repeat(15 * 1024),
  })
  await uploadWorksheet(db, {
    workshopId: created.workshopId,
    title: 'Srážky',
    visibility: 'public',
    user: organiser,
    now: testStart,
    name: 'srazky.txt',
    content: 'b'.repeat(9.5 * 1024),
  })
  ids = { workshop: created.workshopId, session, slug: created.slug, worksheet }

  server = await startServer({ DATABASE_URL: database.url })
  cookies.organiser = (await signIn(server.url, db, organiser.email)).cookie
  cookies.admin = (await signIn(server.url, db, 'spravce@workshopy.example')).cookie
})

afterAll(async () => {
  await server?.stop()
  await database?.cleanup()
})

describe('after adding a session', () => {
  it.each([
    ['cs', 'Termín je uložený.', 'Workshop je uložený.'],
    ['en', 'The session is saved.', 'The workshop is saved.'],
  ] as const)('the notice (%s) says the session is saved, not the workshop', async (language, says, not) => {
    const response = await post(
      `/organiser/workshops/${ids.workshop}/sessions/new`,
      new URLSearchParams({ intent: 'save', ...sessionFormFields() }),
      { ...as('organiser', language), Origin: server.url },
    )
    expect(response.status).toBe(303)
    const location = response.headers.get('location')!
    expect(location).toBe(`/organiser/workshops/${ids.workshop}?sessionAdded=1`)
    const text = textOf(await page(location, as('organiser', language)))
    expect(text).toContain(says)
    expect(text).not.toContain(not)
  })
})

describe('the organiser’s form to add someone', () => {
  it.each([
    ['cs', 'Účastní se jako', 'Přihlašuji se jako', 'Vyplňte, pokud dotyčná osoba učí.', 'Vyplňte, pokud učíte.'],
    ['en', 'Taking part as', 'I am booking as', 'If the person teaches.', 'If you teach.'],
  ] as const)('speaks of the participant, not as them (%s)', async (language, staff, firstPerson, hint, ownHint) => {
    const html = await page(`/organiser/sessions/${ids.session}/registrations`, as('organiser', language))
    const form = /<form[^>]*>(?:(?!<\/form>)[\s\S])*name="intent" value="add"[\s\S]*?<\/form>/.exec(html)?.[0] ?? ''
    expect(textOf(form)).toContain(staff)
    expect(textOf(form)).toContain(hint)
    expect(textOf(form)).not.toContain(firstPerson)
    expect(textOf(form)).not.toContain(ownHint)
    // The browser must not fill in the organiser's own name and address.
    for (const field of ['fullName', 'email', 'organisation']) {
      expect(
        new RegExp(
          `<input[^>]*name="${field}"[^>]*autoComplete="off"|<input[^>]*autocomplete="off"[^>]*name="${field}"`,
          'i',
        ).test(form),
        field,
      ).toBe(true)
    }
    // The participant's own booking form still speaks for them.
    const booking = textOf(await page(`/sessions/${ids.session}/book`, { Cookie: `lang=${language}` }))
    expect(booking).toContain(firstPerson)
    expect(booking).not.toContain(staff)
  })
})

describe('the public workshop page', () => {
  it.each([
    ['cs', `Vede ${LECTURER}`],
    ['en', `Led by ${LECTURER}`],
  ] as const)('names the lecturer of a session that has one (%s)', async (language, says) => {
    const text = textOf(await page(`/workshops/${ids.slug}`, { Cookie: `lang=${language}` }))
    expect(text).toContain(says)
    // Only that session has a lecturer.
    expect(text.split(LECTURER)).toHaveLength(2)
  })
})

describe('file sizes', () => {
  it.each([
    ['cs', `15${NBSP}kB`, `9,5${NBSP}kB`],
    ['en', `15${NBSP}kB`, `9.5${NBSP}kB`],
  ] as const)(
    'read in kB with the language’s decimal mark, in the library and the organiser’s list (%s)',
    async (language, whole, decimal) => {
      for (const [path, headers] of [
        ['/worksheets', { Cookie: `lang=${language}` }],
        [`/organiser/workshops/${ids.workshop}/worksheets`, as('organiser', language)],
      ] as const) {
        const text = textOf(await page(path, headers))
        expect(text, path).toContain(whole)
        expect(text, path).toContain(decimal)
        expect(text, path).not.toMatch(/\b0[ \u00a0]MB/)
      }
    },
  )
})

describe('the audit log', () => {
  it.each([
    [
      'cs',
      `Nahrán pracovní list „Průtoky Jizery“ k workshopu „${WORKSHOP}“ – soubor prutoky.txt (15${NBSP}kB)`,
      'Technický záznam',
    ],
    ['en', `Worksheet “Průtoky Jizery” uploaded to workshop “${WORKSHOP}” – file prutoky.txt (15${NBSP}kB)`, 'Technical record'],
  ] as const)('says each entry in words (%s); the stored codes wait in a disclosure', async (language, words, raw) => {
    const html = await page(`/admin/audit?entityType=worksheet&entityId=${ids.worksheet}`, as('admin', language))
    const row = /<tbody>([\s\S]*?)<\/tbody>/.exec(html)![1]!
    const cells = [...row.matchAll(/<td>([\s\S]*?)<\/td>/g)].map((m) => m[1]!)
    expect(textOf(cells[2]!).trim()).toBe(words)
    expect(cells[4]).toMatch(new RegExp(`^<details class="audit-raw"><summary>${raw}</summary><code>worksheet.upload</code>`))
  })

  it('reads an action it has no words for as its code and its record, in both languages', async () => {
    await recordAudit(database.db, {
      actor: null,
      action: 'session.archive',
      entityType: 'session',
      entityId: ids.session,
      details: { rows: 5, unknown: true },
      now: new Date(),
    })
    const words = async (language: 'cs' | 'en') => {
      const html = await page(`/admin/audit?action=session.archive`, as('admin', language))
      return textOf(/<tbody>[\s\S]*?<td>[\s\S]*?<\/td>[\s\S]*?<td>[\s\S]*?<\/td>\s*<td>([\s\S]*?)<\/td>/.exec(html)![1]!).trim()
    }
    expect(await words('cs')).toMatch(new RegExp(`^Akce session\\.archive: termín „${WORKSHOP}“, .+ – 5 řádků$`))
    expect(await words('en')).toMatch(new RegExp(`^Action session\\.archive: session “${WORKSHOP}”, .+ – 5 rows$`))
  })
})
