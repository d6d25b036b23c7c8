import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { makeUser, signIn, signInLinkFromOutbox } from '../support/auth'
import { createTestDatabase, type TestDatabase } from '../support/database'
import { bookingsOverHttp, createBookableSession, organiserOf } from '../support/fixtures'
import { requestsTo, startServer, type RunningServer } from '../support/server'

/*
 * Who may open which organiser and admin page, over HTTP with real sessions: every route ×
 * {anonymous, participant, organiser of another body, organiser of the right body, admin}.
 * Body A owns the workshop and session in the URLs; body B is "another organising body".
 * One server, five sign-in requests (the per-IP limit is 20 in 15 minutes).
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
/** Registrations: Petra on A and B (her own), Quido on A and B (someone else's). */
const regs = { petraA: 0, petraB: 0, quidoA: 0, quidoB: 0 }
let petraManageUrl = ''
const PETRA_BOOKING_EMAIL = 'Petra.Ucastnice@Skola.example'
const QUIDO_EMAIL = 'quido.jiny@urad.example'
const QUIDO_NAME = 'Quido Jiný'

const { get, post } = requestsTo(() => server)
const book = bookingsOverHttp(() => ({ serverUrl: server.url, db: database.db }))
const as = (actor: Actor): Record<string, string> => (actor === 'anonymous' ? {} : { Cookie: cookies[actor] })

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

  const petraA = await book(ids.sessionA, 1, { email: PETRA_BOOKING_EMAIL, fullName: 'Petra Účastnice' })
  regs.petraA = petraA.id
  petraManageUrl = petraA.manageUrl
  regs.petraB = (await book(ids.sessionB, 2, { email: PETRA_BOOKING_EMAIL, fullName: 'Petra Účastnice' })).id
  regs.quidoA = (await book(ids.sessionA, 3, { email: QUIDO_EMAIL, fullName: QUIDO_NAME })).id
  regs.quidoB = (await book(ids.sessionB, 4, { email: QUIDO_EMAIL, fullName: QUIDO_NAME })).id

  for (const actor of Object.keys(EMAILS) as SignedInActor[]) {
    cookies[actor] = (await signIn(server.url, db, EMAILS[actor])).cookie
  }
})
afterAll(async () => {
  await server?.stop()
  await database?.cleanup()
})

/* ------------------------------------------------------------------------------------------ */

type Scope = 'any organiser' | 'body A' | 'admin'
type RouteSpec = { path: string; scope: Scope; post: boolean }

/** `:workshopA` and `:sessionA` are filled in once the fixtures exist. */
const ROUTES: RouteSpec[] = [
  { path: '/organiser', scope: 'any organiser', post: false },
  { path: '/organiser/workshops/new', scope: 'any organiser', post: true },
  { path: '/organiser/workshops/:workshopA', scope: 'body A', post: true },
  { path: '/organiser/workshops/:workshopA/sessions/new', scope: 'body A', post: true },
  { path: '/organiser/sessions/:sessionA', scope: 'body A', post: true },
  { path: '/organiser/sessions/:sessionA/registrations', scope: 'body A', post: true },
  { path: '/admin/users', scope: 'admin', post: true },
  { path: '/admin/audit', scope: 'admin', post: false },
]

const resolve = (template: string) =>
  template.replace(':workshopA', String(ids.workshopA)).replace(':sessionA', String(ids.sessionA))

type Expected = 'sign-in redirect' | 200 | 400 | 403

function expected(actor: Actor, scope: Scope, method: 'GET' | 'POST'): Expected {
  if (actor === 'anonymous') return 'sign-in redirect'
  if (actor === 'participant') return 403
  const allowed = actor === 'admin' || scope === 'any organiser' || (scope === 'body A' && actor === 'organiser of the body')
  if (!allowed) return 403
  // The POST body is deliberately invalid: allowed people get the form back with a 400.
  return method === 'GET' ? 200 : 400
}

const MATRIX = ROUTES.flatMap((route) =>
  (['GET', 'POST'] as const)
    .filter((method) => method === 'GET' || route.post)
    .flatMap((method) => ACTORS.map((actor) => [method, route.path, actor, expected(actor, route.scope, method)] as const)),
)

describe('organiser and admin routes: who gets in', () => {
  it('covers every route for every actor', () => {
    expect(MATRIX).toHaveLength(ACTORS.length * (ROUTES.length + ROUTES.filter((r) => r.post).length))
  })

  it.each(MATRIX)('%s %s as %s → %s', async (method, template, actor, want) => {
    const path = resolve(template)
    const response =
      method === 'GET' ? await get(path, as(actor)) : await post(path, new URLSearchParams({ intent: 'probe' }), as(actor))
    const body = await response.text()
    if (want === 'sign-in redirect') {
      expect([302, 303]).toContain(response.status)
      expect(response.headers.get('location')).toBe(`/sign-in?redirectTo=${encodeURIComponent(path)}`)
      return
    }
    expect(response.status).toBe(want)
    if (want === 403) {
      // A refusal tells nothing about what is behind it.
      expect(body).not.toContain(TITLE_A)
      expect(body).not.toContain(QUIDO_NAME)
      expect(body).not.toContain(QUIDO_EMAIL)
    }
  })

  it('an organiser sees the workshops of their own body only; an admin sees all', async () => {
    const own = await (await get('/organiser', as('organiser of the body'))).text()
    expect(own).toContain(TITLE_A)
    expect(own).not.toContain(TITLE_B)
    const other = await (await get('/organiser', as('organiser of another body'))).text()
    expect(other).toContain(TITLE_B)
    expect(other).not.toContain(TITLE_A)
    const admin = await (await get('/organiser', as('admin'))).text()
    expect(admin).toContain(TITLE_A)
    expect(admin).toContain(TITLE_B)
  })

  it("the organiser of the body sees the session's participants", async () => {
    const response = await get(`/organiser/sessions/${ids.sessionA}/registrations`, as('organiser of the body'))
    expect(response.status).toBe(200)
    const html = await response.text()
    expect(html).toContain(QUIDO_EMAIL)
    expect(html).toContain(QUIDO_NAME)
  })

  it.each([
    ['routes/organiser.workshops.$id._index', () => `/organiser/workshops/${ids.workshopA}`],
    ['routes/organiser.sessions.$id.registrations', () => `/organiser/sessions/${ids.sessionA}/registrations`],
    ['routes/admin.users', () => '/admin/users'],
  ])('the loader data of %s (?_data=) is refused to an organiser of another body too', async (routeId, path) => {
    const response = await get(`${path()}?_data=${encodeURIComponent(routeId)}`, as('organiser of another body'))
    expect(response.status).toBe(403)
    const body = await response.text()
    expect(body).not.toContain(TITLE_A)
    expect(body).not.toContain(QUIDO_EMAIL)
  })
})

describe('an organiser of another body cannot reach body A through ids in the form', () => {
  const workshopForm = (organiserId: number, title: string) =>
    new URLSearchParams({
      intent: 'save',
      title,
      slug: '',
      summary: 'Krátké shrnutí.',
      descriptionMd: 'Popis.',
      topic: 'cybersecurity',
      audiences: 'official',
      lengthHours: '2',
      language: 'cs',
      organiserId: String(organiserId),
      published: 'yes',
    })
  const statusOf = async (id: number) =>
    await database.db.selectFrom('registrations').select(['status', 'session_id']).where('id', '=', id).executeTakeFirstOrThrow()

  it('cannot cancel a body A booking from their own session page', async () => {
    const response = await post(
      `/organiser/sessions/${ids.sessionB}/registrations`,
      new URLSearchParams({ intent: 'cancel', registrationId: String(regs.quidoA) }),
      as('organiser of another body'),
    )
    expect(response.status).toBe(403)
    expect((await statusOf(regs.quidoA)).status).toBe('confirmed')
  })

  it('cannot move a body A booking into their own session', async () => {
    const response = await post(
      `/organiser/sessions/${ids.sessionB}/registrations`,
      new URLSearchParams({ intent: 'move', registrationId: String(regs.petraA), targetSessionId: String(ids.sessionB) }),
      as('organiser of another body'),
    )
    expect(response.status).toBe(403)
    expect(await statusOf(regs.petraA)).toEqual({ status: 'confirmed', session_id: ids.sessionA })
  })

  it('cannot create a workshop for body A', async () => {
    const title = 'Podvržený workshop pro A'
    const response = await post('/organiser/workshops/new', workshopForm(ids.organiserA, title), as('organiser of another body'))
    expect(response.status).toBe(403)
    expect(await database.db.selectFrom('workshops').select('id').where('title', '=', title).executeTakeFirst()).toBeUndefined()
  })

  it('cannot hand their own workshop over to body A', async () => {
    const response = await post(
      `/organiser/workshops/${ids.workshopB}`,
      workshopForm(ids.organiserA, TITLE_B),
      as('organiser of another body'),
    )
    expect(response.status).toBe(403)
    const workshop = await database.db
      .selectFrom('workshops')
      .select('organiser_id')
      .where('id', '=', ids.workshopB)
      .executeTakeFirstOrThrow()
    expect(workshop.organiser_id).toBe(ids.organiserB)
  })

  it('the organiser of the body can create a workshop for it (the same form is valid)', async () => {
    const title = 'Nový workshop pořadatele A'
    const response = await post('/organiser/workshops/new', workshopForm(ids.organiserA, title), as('organiser of the body'))
    expect(response.status).toBe(303)
    const created = await database.db
      .selectFrom('workshops')
      .select(['id', 'organiser_id'])
      .where('title', '=', title)
      .executeTakeFirstOrThrow()
    expect(created.organiser_id).toBe(ids.organiserA)
    expect(response.headers.get('location')).toBe(`/organiser/workshops/${created.id}?saved=1`)
  })
})

/* ------------------------------------------------------------------------------------------ */

describe("my bookings: nobody reads another person's booking by changing an id", () => {
  it.each([
    ['GET', '/my/bookings'],
    ['POST', '/my/bookings/:petraA'],
    ['GET', '/my/bookings/:petraA/invite.ics'],
  ] as const)('%s %s needs sign-in', async (method, template) => {
    const path = template.replace(':petraA', String(regs.petraA))
    const response = method === 'GET' ? await get(path) : await post(path, new URLSearchParams({ intent: 'manage' }))
    expect([302, 303]).toContain(response.status)
    expect(response.headers.get('location')).toBe(`/sign-in?redirectTo=${encodeURIComponent(path)}`)
  })

  it('lists only the bookings made with my own address (in any letter case)', async () => {
    const response = await get('/my/bookings', as('participant'))
    expect(response.status).toBe(200)
    expect(response.headers.get('cache-control')).toBe('private, no-store')
    const html = await response.text()
    expect(html).toContain(`action="/my/bookings/${regs.petraA}"`)
    expect(html).toContain(`action="/my/bookings/${regs.petraB}"`)
    expect(html).not.toContain(`action="/my/bookings/${regs.quidoA}"`)
    expect(html).not.toContain(`action="/my/bookings/${regs.quidoB}"`)
    expect(html).not.toContain(QUIDO_EMAIL)
    expect(html).not.toContain(QUIDO_NAME)
  })

  it("a signed-in person with no bookings sees none, not anyone else's", async () => {
    const html = await (await get('/my/bookings', as('organiser of another body'))).text()
    for (const id of Object.values(regs)) expect(html).not.toContain(`action="/my/bookings/${id}"`)
  })

  it('opens my own booking with a fresh manage link', async () => {
    const response = await post(`/my/bookings/${regs.petraA}`, new URLSearchParams({ intent: 'manage' }), as('participant'))
    expect(response.status).toBe(303)
    const location = response.headers.get('location')!
    expect(location).toMatch(/^\/registrations\/[A-Za-z0-9_-]{43}$/)
    const page = await (await get(location)).text()
    expect(page).toContain('Petra Účastnice')
    expect(page).not.toContain(QUIDO_NAME)
  })

  it("answers 404 to a POST for someone else's booking id, and mints no link", async () => {
    const tokens = async () =>
      (
        await database.db
          .selectFrom('registration_tokens')
          .select('token_hash')
          .where('registration_id', '=', regs.quidoA)
          .execute()
      ).length
    const before = await tokens()
    for (const actor of ['participant', 'organiser of the body', 'admin'] as const) {
      const response = await post(`/my/bookings/${regs.quidoA}`, new URLSearchParams({ intent: 'manage' }), as(actor))
      expect(response.status, actor).toBe(404)
      expect(response.headers.get('location')).toBeNull()
      expect(await response.text()).not.toContain(QUIDO_NAME)
    }
    expect(await tokens()).toBe(before)
  })

  it("serves my own invitation, and 404 for someone else's", async () => {
    const own = await get(`/my/bookings/${regs.petraA}/invite.ics`, as('participant'))
    expect(own.status).toBe(200)
    expect(own.headers.get('content-type')).toMatch(/^text\/calendar/)
    expect(await own.text()).toContain('BEGIN:VCALENDAR')

    const other = await get(`/my/bookings/${regs.quidoA}/invite.ics`, as('participant'))
    expect(other.status).toBe(404)
    const body = await other.text()
    expect(body).not.toContain('BEGIN:VCALENDAR')
    expect(body).not.toContain(QUIDO_NAME)
  })

  it.each(['999999', '0', 'abc', '-1', '1e3'])('answers 404 to the id %s', async (id) => {
    expect((await post(`/my/bookings/${id}`, new URLSearchParams({ intent: 'manage' }), as('participant'))).status).toBe(404)
    expect((await get(`/my/bookings/${id}/invite.ics`, as('participant'))).status).toBe(404)
  })

  it('a manage link opens its own booking and never another one', async () => {
    const page = await (await get(petraManageUrl)).text()
    expect(page).toContain('Petra Účastnice')
    expect(page).not.toContain(QUIDO_NAME)
    const ics = await (await get(`${petraManageUrl}/invite.ics`)).text()
    const uid = (id: number) =>
      database.db.selectFrom('registrations').select('invite_uid').where('id', '=', id).executeTakeFirstOrThrow()
    expect(ics).toContain((await uid(regs.petraA)).invite_uid!)
    expect(ics).not.toContain((await uid(regs.quidoA)).invite_uid!)
  })
})

/* ------------------------------------------------------------------------------------------ */

describe('cross-site writes are refused', () => {
  const EVIL = { Origin: 'https://evil.example' }
  const auditCount = async () =>
    Number(
      (
        await database.db
          .selectFrom('audit_log')
          .select((eb) => eb.fn.countAll<number>().as('n'))
          .executeTakeFirstOrThrow()
      ).n,
    )

  it.each(ROUTES.filter((r) => r.post).map((r) => r.path))(
    'POST %s with a foreign Origin → 403, even for an admin',
    async (template) => {
      const before = await auditCount()
      const response = await post(resolve(template), new URLSearchParams({ intent: 'probe' }), { ...as('admin'), ...EVIL })
      expect(response.status).toBe(403)
      expect(await response.text()).toBe('Cross-site request refused.')
      expect(await auditCount()).toBe(before)
    },
  )

  it('a forged invitation from another site changes nothing; the same form from this site works', async () => {
    const invite = new URLSearchParams({
      intent: 'invite',
      email: 'novy@organizator.example',
      name: 'Nový',
      organiserId: String(ids.organiserA),
    })
    for (const origin of ['https://evil.example', 'null', `http://127.0.0.1.evil.example`]) {
      const forged = await post('/admin/users', invite, { ...as('admin'), Origin: origin })
      expect(forged.status, origin).toBe(403)
    }
    expect(
      await database.db.selectFrom('users').select('id').where('email', '=', 'novy@organizator.example').executeTakeFirst(),
    ).toBeUndefined()

    const real = await post('/admin/users', invite, { ...as('admin'), Origin: server.url })
    expect(real.status).toBe(303)
    expect(real.headers.get('location')).toBe('/admin/users?done=invited')
    const user = await database.db
      .selectFrom('users')
      .select(['role'])
      .where('email', '=', 'novy@organizator.example')
      .executeTakeFirstOrThrow()
    expect(user.role).toBe('organiser')
  })

  it('a cross-site POST to a booking of mine is refused before it mints a link', async () => {
    const response = await post(`/my/bookings/${regs.petraA}`, new URLSearchParams({ intent: 'manage' }), {
      ...as('participant'),
      ...EVIL,
    })
    expect(response.status).toBe(403)
  })

  it('a cross-site sign-out is refused and the session stays', async () => {
    const response = await post('/sign-out', new URLSearchParams(), { ...as('participant'), ...EVIL })
    expect(response.status).toBe(403)
    expect(response.headers.getSetCookie()).toEqual([])
    expect((await get('/my/bookings', as('participant'))).status).toBe(200)
  })

  it('a cross-site sign-in request mails nothing, and a cross-site POST to a link does not use it', async () => {
    const email = 'login-csrf@skola.example'
    const before = await database.db.selectFrom('outbox').select('id').where('recipient', '=', email).execute()
    expect((await post('/sign-in', new URLSearchParams({ email }), EVIL)).status).toBe(403)
    expect(await database.db.selectFrom('outbox').select('id').where('recipient', '=', email).execute()).toEqual(before)

    // A real link, used from another site (login CSRF): refused and still usable.
    expect((await post('/sign-in', new URLSearchParams({ email }))).status).toBe(303)
    const link = (await signInLinkFromOutbox(database.db, email))!
    const forged = await fetch(link, { method: 'POST', body: new URLSearchParams(), headers: EVIL, redirect: 'manual' })
    expect(forged.status).toBe(403)
    expect(forged.headers.getSetCookie()).toEqual([])
    const used = await database.db
      .selectFrom('login_tokens')
      .select('used_at')
      .where('email', '=', email)
      .executeTakeFirstOrThrow()
    expect(used.used_at).toBeNull()
  })
})

describe('a role change takes effect on the next request', () => {
  it('an organiser demoted by the admin is refused at once, with the same cookie', async () => {
    const userId = (
      await database.db
        .selectFrom('users')
        .select('id')
        .where('email', '=', EMAILS['organiser of the body'])
        .executeTakeFirstOrThrow()
    ).id
    expect((await get('/organiser', as('organiser of the body'))).status).toBe(200)
    const response = await post(
      '/admin/users',
      new URLSearchParams({ intent: 'role', userId: String(userId), role: 'participant' }),
      as('admin'),
    )
    expect(response.status).toBe(303)
    expect((await get('/organiser', as('organiser of the body'))).status).toBe(403)
    expect((await get(`/organiser/workshops/${ids.workshopA}`, as('organiser of the body'))).status).toBe(403)
  })

  it('an admin cannot demote themselves', async () => {
    const userId = (
      await database.db.selectFrom('users').select('id').where('email', '=', EMAILS.admin).executeTakeFirstOrThrow()
    ).id
    const response = await post(
      '/admin/users',
      new URLSearchParams({ intent: 'role', userId: String(userId), role: 'participant' }),
      as('admin'),
    )
    expect(response.status).toBe(400)
    const user = await database.db.selectFrom('users').select('role').where('id', '=', userId).executeTakeFirstOrThrow()
    expect(user.role).toBe('admin')
  })
})
