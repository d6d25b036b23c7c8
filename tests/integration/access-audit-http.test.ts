import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { recordAudit } from '~/models/audit.server'
import { makeUser, signIn } from '../support/auth'
import { day, writtenRange } from '../support/clock'
import { createTestDatabase, type TestDatabase } from '../support/database'
import { bookingsOverHttp, createBookableSession, organiserOf, rowsOf } from '../support/fixtures'
import { requestsTo, startServer, type RunningServer } from '../support/server'

/*
 * Access to personal data is recorded (GDPR accountability): every staff page and download
 * that shows participants' data writes one audit entry naming who opened what, with counts
 * and never the data itself; and the admins' audit page filters, pages and validates what it
 * reads, over HTTP with real sessions.
 */

let database: TestDatabase
let server: RunningServer

const EMAILS = {
  organiser: 'organizator@liberec.example',
  otherOrganiser: 'organizator@telc.example',
  participant: 'petra.ucastnice@skola.example',
  admin: 'spravce@workshopy.example',
} as const
type Who = keyof typeof EMAILS
const cookies = {} as Record<Who, string>
const userIds = {} as Record<Who, number>
const ids = { session: 0, workshop: 0, otherSession: 0 }

const PEOPLE = [
  { email: 'Quido.Jiny@urad.example', fullName: 'Quido Jiný' },
  { email: 'ludmila.vlckova@obec.example', fullName: 'Ludmila Vlčková' },
  { email: 'petra.ucastnice@skola.example', fullName: 'Petra Účastnice' },
]
/** Pieces of personal data that must never reach an audit entry's details. */
const PERSONAL = [...PEOPLE.flatMap((p) => [p.email.toLowerCase(), p.fullName, p.fullName.split(' ')[0]!]), '@']

const { get } = requestsTo(() => server)
const book = bookingsOverHttp(() => ({ serverUrl: server.url, db: database.db }))
const { auditSince } = rowsOf(() => database.db)
const as = (who: Who) => ({ Cookie: cookies[who] })

async function lastAuditId(): Promise<number> {
  const row = await database.db.selectFrom('audit_log').select('id').orderBy('id', 'desc').executeTakeFirst()
  return row?.id ?? 0
}

async function auditRowsSince(id: number) {
  return database.db
    .selectFrom('audit_log')
    .select(['action', 'actor_user_id', 'actor_email', 'entity_type', 'entity_id', 'details'])
    .where('id', '>', id)
    .orderBy('id')
    .execute()
}

beforeAll(async () => {
  database = await createTestDatabase()
  const db = database.db
  const a = await createBookableSession(db, { capacity: 10, workshop: { title: 'Otevřená data pro obce' } })
  const b = await createBookableSession(db, { capacity: 10, organiserName: 'Pořadatel B, Telč' })
  Object.assign(ids, { session: a.sessionId, workshop: a.workshopId, otherSession: b.sessionId })
  userIds.organiser = await makeUser(db, {
    email: EMAILS.organiser,
    role: 'organiser',
    organiserIds: [await organiserOf(db, a.workshopId)],
  })
  userIds.otherOrganiser = await makeUser(db, {
    email: EMAILS.otherOrganiser,
    role: 'organiser',
    organiserIds: [await organiserOf(db, b.workshopId)],
  })
  userIds.participant = await makeUser(db, { email: EMAILS.participant, role: 'participant' })
  userIds.admin = await makeUser(db, { email: EMAILS.admin, role: 'admin' })

  server = await startServer({ DATABASE_URL: database.url })
  for (const [n, person] of PEOPLE.entries()) await book(ids.session, n + 1, person)
  for (const who of Object.keys(EMAILS) as Who[]) cookies[who] = (await signIn(server.url, db, EMAILS[who])).cookie
})
afterAll(async () => {
  await server?.stop()
  await database?.cleanup()
})

/* ------------------------------------------------------------------------------------------ */

type Recorded = { path: () => string; action: string; entity: 'session' | 'workshop'; rows?: number }

/** Every staff page and download of a session's or a workshop's people. */
const RECORDED: Recorded[] = [
  { path: () => `/organiser/sessions/${ids.session}/registrations`, action: 'access.registrations', entity: 'session', rows: 3 },
  // A search narrows the list; the entry counts what was shown and never says what was searched for.
  {
    path: () => `/organiser/sessions/${ids.session}/registrations?q=Quido`,
    action: 'access.registrations',
    entity: 'session',
    rows: 1,
  },
  { path: () => `/organiser/sessions/${ids.session}/attendance`, action: 'access.roster', entity: 'session', rows: 3 },
  { path: () => `/organiser/sessions/${ids.session}/feedback`, action: 'access.feedback', entity: 'session', rows: 0 },
  { path: () => `/organiser/workshops/${ids.workshop}/feedback`, action: 'access.feedback', entity: 'workshop', rows: 0 },
  { path: () => `/organiser/sessions/${ids.session}/export.csv`, action: 'export.csv', entity: 'session', rows: 3 },
  { path: () => `/organiser/sessions/${ids.session}/export.xlsx`, action: 'export.xlsx', entity: 'session', rows: 3 },
  { path: () => `/organiser/workshops/${ids.workshop}/export.csv`, action: 'export.csv', entity: 'workshop', rows: 3 },
  { path: () => `/organiser/workshops/${ids.workshop}/export.xlsx`, action: 'export.xlsx', entity: 'workshop', rows: 3 },
  {
    path: () => `/organiser/sessions/${ids.session}/attendance-sheet.pdf`,
    action: 'export.attendance-sheet',
    entity: 'session',
    rows: 3,
  },
  // Nobody has attended yet, so there is no certificate to print.
  {
    path: () => `/organiser/sessions/${ids.session}/certificates.pdf`,
    action: 'export.certificates',
    entity: 'session',
    rows: 0,
  },
  { path: () => `/organiser/sessions/${ids.session}/feedback.csv`, action: 'feedback.export', entity: 'session' },
  { path: () => `/organiser/workshops/${ids.workshop}/feedback.xlsx`, action: 'feedback.export', entity: 'workshop' },
]

describe('opening people’s data is recorded', () => {
  it.each(RECORDED.map((r) => [r.action, r] as const))(
    '%s: one entry naming the organiser and the record, with counts only',
    async (_action, r) => {
      const before = await lastAuditId()
      const response = await get(r.path(), as('organiser'))
      expect(response.status).toBe(200)
      await response.arrayBuffer()

      const rows = await auditRowsSince(before)
      expect(rows).toEqual([
        {
          action: r.action,
          actor_user_id: userIds.organiser,
          actor_email: EMAILS.organiser,
          entity_type: r.entity,
          entity_id: r.entity === 'session' ? ids.session : ids.workshop,
          details: expect.anything(),
        },
      ])
      const details = rows[0]!.details
      // Ids and counts only: no name, no address, not even the search.
      for (const piece of [...PERSONAL, 'Quido', 'quido']) expect(details ?? '').not.toContain(piece)
      if (r.rows !== undefined) expect(JSON.parse(details!)).toEqual({ rows: r.rows })
    },
  )

  it('records the admin opening the users page, which lists everyone’s e-mail', async () => {
    const before = await lastAuditId()
    const response = await get('/admin/users', as('admin'))
    expect(response.status).toBe(200)
    expect(await response.text()).toContain(EMAILS.organiser)
    const rows = await auditRowsSince(before)
    expect(rows).toEqual([
      expect.objectContaining({ action: 'access.users', actor_user_id: userIds.admin, entity_type: 'user', entity_id: null }),
    ])
    const users = await database.db.selectFrom('users').select('id').execute()
    expect(JSON.parse(rows[0]!.details!)).toEqual({ rows: users.length })
  })

  it('records nothing for those refused: another body’s organiser, a participant, anyone signed out', async () => {
    const before = await lastAuditId()
    for (const r of RECORDED) {
      expect((await get(r.path(), as('otherOrganiser'))).status).toBe(403)
      expect((await get(r.path(), as('participant'))).status).toBe(403)
      expect([302, 303]).toContain((await get(r.path())).status)
    }
    expect((await get('/admin/users', as('organiser'))).status).toBe(403)
    expect(await auditSince(before)).toEqual([])
  })

  it('the session’s edit page, which lists nobody, records nothing', async () => {
    const before = await lastAuditId()
    expect((await get(`/organiser/sessions/${ids.session}`, as('organiser'))).status).toBe(200)
    expect(await auditSince(before)).toEqual([])
  })
})

/* ------------------------------------------------------------------------------------------ */

/** The audit page's table as text: one object per row. */
function tableRows(html: string) {
  const body = /<tbody>([\s\S]*?)<\/tbody>/.exec(html)?.[1] ?? ''
  const text = (cell: string) =>
    cell
      .replace(/<!-- -->/g, '')
      .replace(/<br\/?>/g, ' ')
      .replace(/<[^>]+>/g, '')
      .replace(/&quot;/g, '"')
      .replace(/&amp;/g, '&')
      .replace(/\u00a0/g, ' ')
      .trim()
  return body
    .split('</tr>')
    .filter((row) => row.includes('<td'))
    .map((row) => {
      const cells = [...row.matchAll(/<td>([\s\S]*?)<\/td>/g)].map((m) => m[1]!)
      return {
        who: text(cells[1] ?? ''),
        // The entry as stored sits in a disclosure beside the words.
        action: /<summary>[^<]*<\/summary><code>([^<]*)<\/code>/.exec(cells[4] ?? '')?.[1] ?? '',
        what: text(cells[2] ?? ''),
        entity: text(cells[3] ?? ''),
      }
    })
}

const auditPage = async (search: string, headers: Record<string, string> = {}) => {
  const response = await get(`/admin/audit${search}`, { ...as('admin'), ...headers })
  return { status: response.status, html: await response.text() }
}
const escapeRegExp = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')
const isAccess = (action: string) => action.startsWith('access.') || action.startsWith('export.') || action === 'feedback.export'
/** The value attribute of the input with this id, as the page sends it back. */
const inputValue = (html: string, id: string) =>
  new RegExp(`<input[^>]*id="${id}"[^>]*>`).exec(html)?.[0].match(/value="([^"]*)"/)?.[1]

describe('the admins’ audit page', () => {
  it('is for admins only: organisers and participants are refused, anyone signed out is sent to sign in', async () => {
    const before = await lastAuditId()
    for (const who of ['organiser', 'participant'] as const) {
      const response = await get('/admin/audit?kind=access', as(who))
      expect(response.status).toBe(403)
      expect(await response.text()).not.toContain(EMAILS.admin)
    }
    const anonymous = await get('/admin/audit')
    expect([302, 303]).toContain(anonymous.status)
    expect(anonymous.headers.get('location')).toBe(`/sign-in?redirectTo=${encodeURIComponent('/admin/audit')}`)
    expect(await auditSince(before)).toEqual([])
  })

  it('shows actions in words, in Czech and in English, and records that it was read (counts only)', async () => {
    const before = await lastAuditId()
    const { status, html } = await auditPage('?actor=organizator%40liberec')
    expect(status).toBe(200)
    expect(html).toMatch(/<caption[ >]/)
    const rows = tableRows(html)
    const session = await database.db
      .selectFrom('sessions')
      .select(['starts_at', 'ends_at'])
      .where('id', '=', ids.session)
      .executeTakeFirstOrThrow()
    // Read as the rows are, with no-break spaces as plain ones.
    const when = (locale: 'cs' | 'en') => writtenRange(session.starts_at, session.ends_at, locale).replace(/\u00a0/g, ' ')
    const roster = rows.find((r) => r.action === 'access.roster')!
    expect(roster.what).toBe(`Zobrazena docházka termínu „Otevřená data pro obce“, ${when('cs')} – 3 řádky`)
    expect(roster.entity).toBe(`termín č. ${ids.session}`)
    // No raw JSON where the words are.
    expect(rows.every((r) => !/[{}]/.test(r.what))).toBe(true)
    const english = tableRows((await auditPage('?kind=access', { 'Accept-Language': 'en' })).html)
    expect(english.find((r) => r.action === 'export.csv' && r.entity === `session no. ${ids.session}`)!.what).toBe(
      `CSV export downloaded: session “Otevřená data pro obce”, ${when('en')} – 3 rows`,
    )
    expect(english.find((r) => r.action === 'export.csv' && r.entity === `workshop no. ${ids.workshop}`)!.what).toBe(
      'CSV export downloaded: workshop “Otevřená data pro obce” – 3 rows',
    )

    const read = await auditRowsSince(before)
    expect(read.map((r) => [r.action, r.actor_user_id, r.entity_type])).toEqual([
      ['access.audit', userIds.admin, 'audit'],
      ['access.audit', userIds.admin, 'audit'],
    ])
    // The filter named an e-mail address; the entry does not.
    expect(JSON.parse(read[0]!.details!)).toEqual({ rows: rows.length })
  })

  it('filters by kind: changes or access to personal data', async () => {
    const access = tableRows((await auditPage('?kind=access')).html)
    expect(access.length).toBeGreaterThan(0)
    expect(access.every((r) => isAccess(r.action))).toBe(true)
    const changes = tableRows((await auditPage('?kind=changes')).html)
    expect(changes.map((r) => r.action)).toEqual(expect.arrayContaining(['workshop.create', 'session.create']))
    expect(changes.some((r) => isAccess(r.action))).toBe(false)
  })

  it('filters by action prefix, by who did it, and by the record', async () => {
    const exports = tableRows((await auditPage('?action=export.')).html)
    expect(new Set(exports.map((r) => r.action))).toEqual(
      new Set(['export.csv', 'export.xlsx', 'export.attendance-sheet', 'export.certificates']),
    )

    const byOrganiser = tableRows((await auditPage('?actor=LIBEREC.example')).html)
    expect(byOrganiser.length).toBeGreaterThanOrEqual(RECORDED.length)
    expect(new Set(byOrganiser.map((r) => r.who))).toEqual(new Set([EMAILS.organiser]))

    const workshop = tableRows((await auditPage(`?entityType=workshop&entityId=${ids.workshop}&kind=access`)).html)
    expect(workshop.map((r) => r.action).sort()).toEqual(
      ['access.feedback', 'export.csv', 'export.xlsx', 'feedback.export'].sort(),
    )
    expect(new Set(workshop.map((r) => r.entity))).toEqual(new Set([`workshop č. ${ids.workshop}`]))
  })

  it('filters by Prague calendar days, both included', async () => {
    expect(tableRows((await auditPage(`?from=${day(0)}&to=${day(0)}&kind=access`)).html).length).toBeGreaterThan(0)
    const tomorrow = await auditPage(`?from=${day(1)}`)
    expect(tomorrow.status).toBe(200)
    expect(tableRows(tomorrow.html)).toEqual([])
    expect(tomorrow.html).toContain('Filtrům neodpovídá žádný záznam.')
    expect(tableRows((await auditPage(`?to=${day(-1)}`)).html)).toEqual([])
  })

  it('keeps the values it was sent in the form', async () => {
    const { html } = await auditPage(`?kind=access&action=access.&actor=liberec&entityType=session&entityId=${ids.session}`)
    expect(inputValue(html, 'action')).toBe('access.')
    expect(inputValue(html, 'actor')).toBe('liberec')
    expect(inputValue(html, 'entityId')).toBe(String(ids.session))
    expect(html).toMatch(/<option value="access" selected="">/)
    expect(html).toMatch(/<option value="session" selected="">/)
  })

  it('pages through older entries, keeping the filters', async () => {
    const db = database.db
    const actor = { id: userIds.admin, email: EMAILS.admin }
    for (let i = 0; i < 60; i++) {
      await recordAudit(db, { actor, action: 'session.update', entityType: 'session', entityId: 999_999, now: new Date() })
    }
    const first = await auditPage('?entityType=session&entityId=999999')
    expect(tableRows(first.html)).toHaveLength(50)
    const older = /<a[^>]*href="([^"]*)"[^>]*>Starší záznamy<\/a>/.exec(first.html)?.[1]?.replace(/&amp;/g, '&')
    expect(older).toMatch(/^\/admin\/audit\?entityType=session&entityId=999999&before=\d+$/)
    expect(first.html).not.toMatch(/>Nejnovější záznamy<\/a>/)

    const second = await auditPage(older!.slice('/admin/audit'.length))
    expect(tableRows(second.html)).toHaveLength(10)
    expect(second.html).not.toMatch(/>Starší záznamy<\/a>/)
    expect(second.html).toMatch(
      /<a[^>]*href="\/admin\/audit\?entityType=session&amp;entityId=999999"[^>]*>Nejnovější záznamy<\/a>/,
    )
    const ids999 = await db.selectFrom('audit_log').select('id').where('entity_id', '=', 999_999).orderBy('id', 'desc').execute()
    expect(Number(new URL(older!, server.url).searchParams.get('before'))).toBe(ids999[49]!.id)
  })

  it.each([
    ['?entityId=abc&entityType=session', 'entityId', 'Číslo záznamu musí být kladné celé číslo, například 12.'],
    ['?entityId=12', 'entityId', 'K číslu záznamu vyberte také, čeho se týká (například termín).'],
    ['?entityType=planet', 'entityType', 'Vyberte ze seznamu, čeho se záznam týká.'],
    ['?kind=everything', 'kind', 'Vyberte druh záznamu ze seznamu.'],
    ['?action=DROP%20TABLE%20audit_log', 'action', 'Název akce smí obsahovat jen písmena bez diakritiky'],
    ['?action=%25', 'action', 'Název akce smí obsahovat jen písmena bez diakritiky'],
    ['?actor=a%00b', 'actor', 'Text obsahuje nepovolené znaky.'],
    [`?actor=${'x'.repeat(255)}`, 'actor', 'E-mailová adresa může mít nejvýše 254\u00a0znaků.'],
    ['?from=2026-13-01', 'from', 'Zadejte datum jako rok-měsíc-den, například 2026-12-15.'],
    ['?from=2027-02-30', 'from', 'Takový den v kalendáři není. Zkontrolujte den a měsíc.'],
    ['?from=2026-12-10&to=2026-12-01', 'to', 'Datum „do“ nesmí být dřívější než datum „od“.'],
    ['?before=-1', 'before', 'Odkaz na starší záznamy je neplatný. Zobrazujeme ty nejnovější.'],
  ])('answers %s with 400 and the message by the field, never a 500', async (search, field, message) => {
    const { status, html } = await auditPage(search)
    expect(status).toBe(400)
    expect(html).toContain(message)
    // The summary links to the field; the field carries its message.
    if (field !== 'before') {
      expect(html).toContain(`<a href="#${field}">`)
      expect(html).toMatch(new RegExp(`<p id="${field}-error" class="field-error">${escapeRegExp(message)}`))
      expect(html).toMatch(new RegExp(`id="${field}"[^>]*aria-invalid="true"|aria-invalid="true"[^>]*id="${field}"`))
    }
    // A bad filter is dropped, the rest still apply: the page lists entries.
    if (field !== 'to') expect(tableRows(html).length).toBeGreaterThan(0)
  })

  it('says what is wrong in English too', async () => {
    const { status, html } = await auditPage('?entityType=session&entityId=x', { 'Accept-Language': 'en' })
    expect(status).toBe(400)
    expect(html).toContain('A record number is a positive whole number, for example 12.')
  })
})
