import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { makeUser, signIn } from '../support/auth'
import { createTestDatabase, type TestDatabase } from '../support/database'
import { bookingsOverHttp, createBookableSession, organiserOf, rowsOf } from '../support/fixtures'
import { requestsTo, startServer, type RunningServer } from '../support/server'
import { formatCode } from '~/utils/codes'

/*
 * Attendance, attendance sheet, certificates and exports over HTTP with real sessions: every
 * new organiser route × {anonymous, participant, organiser of another body, organiser of the
 * body, admin}, what the downloads look like, what the audit log keeps, and the public and
 * personal certificate links, which must answer 404 (never 500) to anything that is not theirs.
 * Body A owns the workshop and session in the URLs; body B is "another organising body".
 */

let database: TestDatabase
let server: RunningServer

const ACTORS = ['anonymous', 'participant', 'organiser of another body', 'organiser of the body', 'admin'] as const
type Actor = (typeof ACTORS)[number]
type SignedInActor = Exclude<Actor, 'anonymous'>

const EMAILS: Record<SignedInActor, string> = {
  participant: 'petra.ucastnice@skola.example',
  'organiser of another body': 'organizator@telc.example',
  'organiser of the body': 'organizator@liberec.example',
  admin: 'spravce@workshopy.example',
}
const cookies = {} as Record<SignedInActor, string>

const ids = { organiserA: 0, organiserB: 0, workshopA: 0, sessionA: 0, workshopB: 0, sessionB: 0 }
const TITLE_A = 'Otevřená data pro obce (pořadatel A)'
const TITLE_B = 'Bezpečné heslo (pořadatel B)'
const PETRA_BOOKING_EMAIL = 'Petra.Ucastnice@Skola.example'
const PETRA_NAME = 'Petra Účastnice'
const QUIDO_EMAIL = 'quido.jiny@urad.example'
const QUIDO_NAME = 'Quido Jiný'
const LUDMILA_NAME = 'Ludmila Vlčková'
/** Petra on A and B (her own bookings), Quido on A (someone else's), Ludmila on A (marked by the matrix). */
const regs = { petraA: 0, petraB: 0, quidoA: 0, ludmilaA: 0 }
const manage = { petraA: '', petraB: '', quidoA: '' }

const { get, post } = requestsTo(() => server)
const book = bookingsOverHttp(() => ({ serverUrl: server.url, db: database.db }))
const { auditSince } = rowsOf(() => database.db)
const as = (actor: Actor): Record<string, string> => (actor === 'anonymous' ? {} : { Cookie: cookies[actor] })

async function registration(id: number) {
  return database.db
    .selectFrom('registrations')
    .select(['attendance', 'attendance_marked_at', 'check_in_code', 'email'])
    .where('id', '=', id)
    .executeTakeFirstOrThrow()
}

async function lastAuditId(): Promise<number> {
  const row = await database.db.selectFrom('audit_log').select('id').orderBy('id', 'desc').executeTakeFirst()
  return row?.id ?? 0
}

async function certificateCode(registrationId: number) {
  const row = await database.db
    .selectFrom('certificates')
    .select(['code', 'revoked_at'])
    .where('registration_id', '=', registrationId)
    .executeTakeFirst()
  return row
}

beforeAll(async () => {
  database = await createTestDatabase()
  const db = database.db
  const a = await createBookableSession(db, { capacity: 10, workshop: { title: TITLE_A } })
  const b = await createBookableSession(db, { capacity: 10, organiserName: 'Pořadatel B, Telč', workshop: { title: TITLE_B } })
  Object.assign(ids, {
    organiserA: await organiserOf(db, a.workshopId),
    organiserB: await organiserOf(db, b.workshopId),
    workshopA: a.workshopId,
    sessionA: a.sessionId,
    workshopB: b.workshopId,
    sessionB: b.sessionId,
  })
  expect(ids.organiserA).not.toBe(ids.organiserB)

  await makeUser(db, { email: EMAILS.participant, role: 'participant' })
  await makeUser(db, { email: EMAILS['organiser of another body'], role: 'organiser', organiserIds: [ids.organiserB] })
  await makeUser(db, { email: EMAILS['organiser of the body'], role: 'organiser', organiserIds: [ids.organiserA] })
  await makeUser(db, { email: EMAILS.admin, role: 'admin' })

  server = await startServer({ DATABASE_URL: database.url })

  const petraA = await book(ids.sessionA, 1, { email: PETRA_BOOKING_EMAIL, fullName: PETRA_NAME })
  const petraB = await book(ids.sessionB, 2, { email: PETRA_BOOKING_EMAIL, fullName: PETRA_NAME })
  const quidoA = await book(ids.sessionA, 3, { email: QUIDO_EMAIL, fullName: QUIDO_NAME })
  const ludmilaA = await book(ids.sessionA, 4, { email: 'ludmila.vlckova@obec.example', fullName: LUDMILA_NAME })
  Object.assign(regs, { petraA: petraA.id, petraB: petraB.id, quidoA: quidoA.id, ludmilaA: ludmilaA.id })
  Object.assign(manage, { petraA: petraA.manageUrl, petraB: petraB.manageUrl, quidoA: quidoA.manageUrl })

  for (const actor of Object.keys(EMAILS) as SignedInActor[]) {
    cookies[actor] = (await signIn(server.url, db, EMAILS[actor])).cookie
  }
})
afterAll(async () => {
  await server?.stop()
  await database?.cleanup()
})

/* ------------------------------------------------------------------------------------------ */

type Download = {
  type: string
  /** How the first bytes of the body start. */
  magic: string
  disposition: 'inline' | 'attachment'
  /** The UTF-8 file name, as a pattern. */
  fileName: RegExp
  audit: { action: string; entity: 'session' | 'workshop' }
}
type RouteSpec = { path: string; method: 'GET' | 'POST'; download?: Download }

const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet'
const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')
const A = escape(TITLE_A)

/** `:workshopA` and `:sessionA` are filled in once the fixtures exist. */
const ROUTES: RouteSpec[] = [
  { path: '/organiser/sessions/:sessionA/attendance', method: 'GET' },
  { path: '/organiser/sessions/:sessionA/attendance', method: 'POST' },
  {
    path: '/organiser/sessions/:sessionA/attendance-sheet.pdf',
    method: 'GET',
    download: {
      type: 'application/pdf',
      magic: '%PDF-',
      disposition: 'inline',
      fileName: new RegExp(`^Prezenční listina – ${A}\\.pdf$`),
      audit: { action: 'export.attendance-sheet', entity: 'session' },
    },
  },
  {
    path: '/organiser/sessions/:sessionA/certificates.pdf',
    method: 'GET',
    download: {
      type: 'application/pdf',
      magic: '%PDF-',
      disposition: 'inline',
      fileName: new RegExp(`^Osvědčení – ${A}\\.pdf$`),
      audit: { action: 'export.certificates', entity: 'session' },
    },
  },
  {
    path: '/organiser/sessions/:sessionA/export.csv',
    method: 'GET',
    download: {
      type: 'text/csv; charset=utf-8',
      magic: '',
      disposition: 'attachment',
      fileName: new RegExp(`^${A} – .+\\.csv$`),
      audit: { action: 'export.csv', entity: 'session' },
    },
  },
  {
    path: '/organiser/sessions/:sessionA/export.xlsx',
    method: 'GET',
    download: {
      type: XLSX,
      magic: 'PK',
      disposition: 'attachment',
      fileName: new RegExp(`^${A} – .+\\.xlsx$`),
      audit: { action: 'export.xlsx', entity: 'session' },
    },
  },
  {
    path: '/organiser/workshops/:workshopA/export.csv',
    method: 'GET',
    download: {
      type: 'text/csv; charset=utf-8',
      magic: '',
      disposition: 'attachment',
      fileName: new RegExp(`^${A}\\.csv$`),
      audit: { action: 'export.csv', entity: 'workshop' },
    },
  },
  {
    path: '/organiser/workshops/:workshopA/export.xlsx',
    method: 'GET',
    download: {
      type: XLSX,
      magic: 'PK',
      disposition: 'attachment',
      fileName: new RegExp(`^${A}\\.xlsx$`),
      audit: { action: 'export.xlsx', entity: 'workshop' },
    },
  },
]

const resolve = (template: string) =>
  template.replace(':workshopA', String(ids.workshopA)).replace(':sessionA', String(ids.sessionA))

type Expected = 'sign-in redirect' | 200 | 403

function expected(actor: Actor): Expected {
  if (actor === 'anonymous') return 'sign-in redirect'
  if (actor === 'organiser of the body' || actor === 'admin') return 200
  return 403
}

const MATRIX = ROUTES.flatMap((route) => ACTORS.map((actor) => [route.method, route.path, actor, expected(actor)] as const))

/** What each actor tries to set Ludmila's attendance to with the POST. */
const POSTED: Record<Actor, string> = {
  anonymous: 'present',
  participant: 'present',
  'organiser of another body': 'late',
  'organiser of the body': 'excused',
  admin: 'absent',
}

/** `filename*=UTF-8''…` decoded, after checking the header's shape. */
function dispositionFileName(header: string | null, disposition: 'inline' | 'attachment'): string {
  expect(header).toMatch(new RegExp(`^${disposition}; filename="[\\x20-\\x7E]+"; filename\\*=UTF-8''[A-Za-z0-9%!'()*._~-]+$`))
  return decodeURIComponent(/filename\*=UTF-8''(.+)$/.exec(header!)![1]!)
}

describe('the attendance and export routes: who gets in', () => {
  it('covers every route for every actor', () => {
    expect(MATRIX).toHaveLength(ACTORS.length * ROUTES.length)
  })

  it.each(MATRIX)('%s %s as %s → %s', async (method, template, actor, want) => {
    const path = resolve(template)
    const route = ROUTES.find((r) => r.path === template && r.method === method)!
    const auditBefore = await lastAuditId()
    const ludmilaBefore = await registration(regs.ludmilaA)
    const response =
      method === 'GET'
        ? await get(path, as(actor))
        : await post(
            path,
            new URLSearchParams({ intent: 'mark', registrationId: String(regs.ludmilaA), attendance: POSTED[actor], js: '1' }),
            as(actor),
          )
    const body = Buffer.from(await response.arrayBuffer())

    if (want === 'sign-in redirect') {
      expect([302, 303]).toContain(response.status)
      expect(response.headers.get('location')).toBe(`/sign-in?redirectTo=${encodeURIComponent(path)}`)
    } else if (want === 403) {
      expect(response.status).toBe(403)
      // A refusal tells nothing about what is behind it.
      const text = body.toString('utf8')
      expect(text).not.toContain(TITLE_A)
      expect(text).not.toContain(QUIDO_NAME)
      expect(text).not.toContain(QUIDO_EMAIL)
      expect(response.headers.get('content-disposition')).toBeNull()
    } else {
      expect(response.status).toBe(200)
      if (route.download) {
        const d = route.download
        expect(response.headers.get('content-type')).toBe(d.type)
        expect(dispositionFileName(response.headers.get('content-disposition'), d.disposition)).toMatch(d.fileName)
        expect(response.headers.get('cache-control')).toBe('private, no-store')
        // (Helmet and the download both set it; a repeated value means the same to browsers.)
        expect(response.headers.get('x-content-type-options')?.split(',')[0]?.trim()).toBe('nosniff')
        expect(body.subarray(0, d.magic.length).toString('latin1')).toBe(d.magic)
        if (d.type.startsWith('text/csv')) {
          // Czech Excel needs the byte-order mark to read the diacritics.
          expect([...body.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf])
          const csv = body.toString('utf8')
          expect(csv).toContain(QUIDO_NAME)
          expect(csv).toContain(PETRA_NAME)
        }
      } else {
        expect(response.headers.get('content-type')).toBe('text/html; charset=utf-8')
        const html = body.toString('utf8')
        expect(html).toContain(QUIDO_NAME)
        expect(html).toContain(LUDMILA_NAME)
      }
    }

    // Downloads and the roster page are in the audit log, with who and what; refusals leave no trace there.
    const audit = await auditSince(auditBefore)
    if (want === 200 && method === 'GET' && !route.download) {
      expect(audit).toEqual([
        {
          action: 'access.roster',
          actor_email: EMAILS[actor as SignedInActor],
          entity_type: 'session',
          entity_id: ids.sessionA,
          details: JSON.stringify({ rows: 3 }),
        },
      ])
    } else if (want === 200 && route.download) {
      const d = route.download
      expect(audit).toEqual([
        expect.objectContaining({
          action: d.audit.action,
          actor_email: EMAILS[actor as SignedInActor],
          entity_type: d.audit.entity,
          entity_id: d.audit.entity === 'session' ? ids.sessionA : ids.workshopA,
        }),
      ])
    } else if (want !== 200) {
      expect(audit).toEqual([])
    }

    // The POST marks Ludmila only for those allowed to.
    if (method === 'POST') {
      const ludmila = await registration(regs.ludmilaA)
      if (want === 200) expect(ludmila.attendance).toBe(POSTED[actor])
      else expect(ludmila).toEqual(ludmilaBefore)
    }
  })

  it('the audit log kept one row per allowed download, none for anyone refused', async () => {
    const rows = await database.db
      .selectFrom('audit_log')
      .select(['action', 'actor_email', 'entity_type', 'entity_id', 'details'])
      .where('action', 'like', 'export.%')
      .execute()
    const downloads = ROUTES.filter((r) => r.download)
    expect(rows).toHaveLength(downloads.length * 2)
    for (const row of rows) expect([EMAILS['organiser of the body'], EMAILS.admin]).toContain(row.actor_email)
    for (const action of ['export.csv', 'export.xlsx', 'export.attendance-sheet']) {
      expect(rows.filter((r) => r.action === action).length, action).toBeGreaterThan(0)
    }
    // The exports say how many rows left the system.
    const csv = rows.find((r) => r.action === 'export.csv' && r.entity_type === 'session')!
    expect(JSON.parse(csv.details!)).toEqual({ rows: 3 })
  })

  it("an organiser of another body cannot mark body A's people from their own session", async () => {
    const before = await registration(regs.quidoA)
    const response = await post(
      `/organiser/sessions/${ids.sessionB}/attendance`,
      new URLSearchParams({ intent: 'mark', registrationId: String(regs.quidoA), attendance: 'present', js: '1' }),
      as('organiser of another body'),
    )
    expect(response.status).toBe(404)
    await response.body?.cancel()
    expect(await registration(regs.quidoA)).toEqual(before)
  })

  it("the exports of another body's workshop are refused to the organiser, by id in the URL", async () => {
    for (const path of [
      `/organiser/workshops/${ids.workshopB}/export.csv`,
      `/organiser/sessions/${ids.sessionB}/export.xlsx`,
      `/organiser/sessions/${ids.sessionB}/attendance-sheet.pdf`,
    ]) {
      const response = await get(path, as('organiser of the body'))
      expect(response.status, path).toBe(403)
      expect(await response.text()).not.toContain(TITLE_B)
    }
  })

  it.each(['999999', '0', 'abc', '-1', '1e3'])('answers 404 to the session or workshop id %s', async (id) => {
    for (const path of [
      `/organiser/sessions/${id}/attendance`,
      `/organiser/sessions/${id}/attendance-sheet.pdf`,
      `/organiser/sessions/${id}/export.csv`,
      `/organiser/workshops/${id}/export.xlsx`,
    ]) {
      const response = await get(path, as('admin'))
      expect(response.status, path).toBe(404)
      await response.body?.cancel()
    }
  })
})

/* ------------------------------------------------------------------------------------------ */

describe('check-in by code over HTTP', () => {
  const checkIn = (sessionId: number, code: string) =>
    post(
      `/organiser/sessions/${sessionId}/attendance`,
      new URLSearchParams({ intent: 'checkin', code }),
      as('organiser of the body'),
    )

  it('a code typed in lower case with a dash checks the person in', async () => {
    const { check_in_code } = await registration(regs.petraA)
    const response = await checkIn(ids.sessionA, formatCode(check_in_code!).toLowerCase())
    expect(response.status).toBe(200)
    expect(await response.text()).toContain(`Přítomnost zapsána: ${PETRA_NAME}.`)
    expect((await registration(regs.petraA)).attendance).toBe('present')
  })

  it("a code of another session's booking is refused and changes nothing", async () => {
    const { check_in_code } = await registration(regs.petraB)
    const response = await checkIn(ids.sessionA, check_in_code!)
    expect(response.status).toBe(409)
    expect(await response.text()).toContain('Tento kód patří přihlášce na jiný termín.')
    expect((await registration(regs.petraB)).attendance).toBeNull()
  })

  it.each(['', 'ZZZZ', '0000-0000-0000', 'x'.repeat(5000), "' OR 1=1 --"])(
    'an unknown code %#: 404 with the message',
    async (code) => {
      const response = await checkIn(ids.sessionA, code)
      expect(response.status).toBe(404)
      expect(await response.text()).toContain('Tento kód neznáme.')
    },
  )
})

/* ------------------------------------------------------------------------------------------ */

describe('certificates', () => {
  beforeAll(async () => {
    // Petra is present (checked in above); Quido is marked present; then attendance closes.
    const mark = await post(
      `/organiser/sessions/${ids.sessionA}/attendance`,
      new URLSearchParams({ intent: 'mark', registrationId: String(regs.quidoA), attendance: 'present' }),
      as('organiser of the body'),
    )
    expect(mark.status).toBe(303)
    expect(mark.headers.get('location')).toBe(`/organiser/sessions/${ids.sessionA}/attendance#r${regs.quidoA}`)
    const close = await post(
      `/organiser/sessions/${ids.sessionA}/attendance`,
      new URLSearchParams({ intent: 'close' }),
      as('organiser of the body'),
    )
    expect(close.status).toBe(303)
    expect(close.headers.get('location')).toBe(`/organiser/sessions/${ids.sessionA}/attendance?closed=2`)
    expect((await certificateCode(regs.petraA))?.code).toMatch(/^[0-9A-Z]{12}$/)
    expect((await certificateCode(regs.quidoA))?.code).toMatch(/^[0-9A-Z]{12}$/)
    expect(await certificateCode(regs.ludmilaA)).toBeUndefined()
  })

  it('my own certificate from my bookings is a PDF download', async () => {
    const response = await get(`/my/bookings/${regs.petraA}/certificate.pdf`, as('participant'))
    expect(response.status).toBe(200)
    expect(response.headers.get('content-type')).toBe('application/pdf')
    expect(dispositionFileName(response.headers.get('content-disposition'), 'attachment')).toBe(
      `Osvědčení – ${PETRA_NAME} – ${TITLE_A}.pdf`,
    )
    expect(
      Buffer.from(await response.arrayBuffer())
        .subarray(0, 5)
        .toString('latin1'),
    ).toBe('%PDF-')
  })

  it("someone else's certificate from /my/bookings is 404 for everyone, organisers and admins too", async () => {
    for (const actor of ['participant', 'organiser of another body', 'organiser of the body', 'admin'] as const) {
      const response = await get(`/my/bookings/${regs.quidoA}/certificate.pdf`, as(actor))
      expect(response.status, actor).toBe(404)
      expect(response.headers.get('content-type'), actor).not.toBe('application/pdf')
      expect(await response.text(), actor).not.toContain(QUIDO_NAME)
    }
  })

  it('/my/bookings/:id/certificate.pdf needs sign-in, and odd ids are 404', async () => {
    const path = `/my/bookings/${regs.petraA}/certificate.pdf`
    const anonymous = await get(path)
    expect([302, 303]).toContain(anonymous.status)
    expect(anonymous.headers.get('location')).toBe(`/sign-in?redirectTo=${encodeURIComponent(path)}`)
    for (const id of ['999999', '0', 'abc', '-1', '1e3']) {
      const response = await get(`/my/bookings/${id}/certificate.pdf`, as('participant'))
      expect(response.status, id).toBe(404)
      await response.body?.cancel()
    }
  })

  it('the manage links are paths on this site', () => {
    for (const path of Object.values(manage)) expect(path).toMatch(/^\/registrations\/[A-Za-z0-9_-]{43}$/)
  })

  it('a booking without a certificate has none to download', async () => {
    const response = await get(`/my/bookings/${regs.petraB}/certificate.pdf`, as('participant'))
    expect(response.status).toBe(404)
    await response.body?.cancel()
    const byLink = await get(`${manage.petraB}/certificate.pdf`)
    expect(byLink.status).toBe(404)
    await byLink.body?.cancel()
  })

  it('the manage link downloads the certificate; a bad token is 404', async () => {
    const own = await get(`${manage.petraA}/certificate.pdf`)
    expect(own.status).toBe(200)
    expect(own.headers.get('content-type')).toBe('application/pdf')
    expect(
      Buffer.from(await own.arrayBuffer())
        .subarray(0, 5)
        .toString('latin1'),
    ).toBe('%PDF-')

    const token = manage.petraA.split('/').pop()!
    const altered = token.slice(0, -1) + (token.endsWith('A') ? 'B' : 'A')
    for (const bad of ['x', 'A'.repeat(43), altered, `${token}x`, `${token}%00`, 'A'.repeat(5000), '..%2F..%2Fetc']) {
      const response = await get(`/registrations/${bad}/certificate.pdf`)
      expect(response.status, bad.slice(0, 50)).toBe(404)
      expect(response.headers.get('content-type'), bad.slice(0, 50)).not.toBe('application/pdf')
      expect(await response.text()).not.toContain(PETRA_NAME)
    }
  })

  it('the public page verifies a certificate with the name and no e-mail address', async () => {
    const { code } = (await certificateCode(regs.petraA))!
    for (const typed of [code, formatCode(code), formatCode(code).toLowerCase()]) {
      const response = await get(`/certificates/${typed}`)
      expect(response.status, typed).toBe(200)
      expect(response.headers.get('x-robots-tag')).toBe('noindex')
      const html = await response.text()
      expect(html).toContain('Osvědčení je platné.')
      expect(html).toContain(PETRA_NAME)
      expect(html).toContain(TITLE_A)
      expect(html).toContain(formatCode(code))
      expect(html.toLowerCase()).not.toContain(PETRA_BOOKING_EMAIL.toLowerCase())
      expect(html).not.toMatch(/[\w.+-]+@skola\.example/i)
    }
  })

  it.each([
    ['an unknown code', 'ABCD-EFGH-JKMN'],
    ['a 5,000-character code', 'A'.repeat(5000)],
    ['%00', '%00'],
    ['a NUL inside a code', 'ABCD%00EFGH%00JKMN'],
    ['lower-case garbage', 'abcdefghjkmn'],
    ['a check-in code', 'CHECKIN'],
    ['punctuation', "'%20OR%201=1%20--"],
    ['diacritics', encodeURIComponent('ŘŽČŠĚÝÁÍÉ')],
  ])('/certificates/ with %s → 404, never 500', async (_label, code) => {
    const path = code === 'CHECKIN' ? `/certificates/${(await registration(regs.quidoA)).check_in_code}` : `/certificates/${code}`
    const response = await get(path)
    const html = await response.text()
    expect(response.status).toBe(404)
    expect(html).toContain('neexistuje nebo není platné')
    expect(html).not.toContain('Osvědčení je platné.')
    expect(html).not.toContain(PETRA_NAME)
  })

  it.each([
    ['a malformed escape', '%E0%A4%A'],
    ['a lone percent', '%'],
    ['a broken UTF-8 escape', '%C3%28'],
  ])('/certificates/ with %s is refused as a bad request, never 500', async (_label, code) => {
    const response = await get(`/certificates/${code}`)
    const body = await response.text()
    expect(response.status).not.toBe(500)
    expect([400, 404]).toContain(response.status)
    expect(body).not.toContain('Internal server error')
  })

  it('a certificate stops verifying when its holder is corrected to absent', async () => {
    const { code } = (await certificateCode(regs.quidoA))!
    expect((await get(`/certificates/${code}`)).status).toBe(200)
    const response = await post(
      `/organiser/sessions/${ids.sessionA}/attendance`,
      new URLSearchParams({ intent: 'mark', registrationId: String(regs.quidoA), attendance: 'absent' }),
      as('organiser of the body'),
    )
    expect(response.status).toBe(303)
    expect((await certificateCode(regs.quidoA))?.revoked_at).not.toBeNull()
    const verify = await get(`/certificates/${code}`)
    expect(verify.status).toBe(404)
    expect(await verify.text()).not.toContain(QUIDO_NAME)
    const download = await get(`${manage.quidoA}/certificate.pdf`)
    expect(download.status).toBe(404)
    await download.body?.cancel()
  })

  it('the server logged no crash of its own code', () => {
    expect(server.output()).not.toMatch(/\b(TypeError|RangeError|ReferenceError|SqliteError)\b/)
  })
})
