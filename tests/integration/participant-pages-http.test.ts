import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { CatalogueFeed } from '~/models/catalogue-feed.server'
import { cancelRegistration } from '~/models/registrations.server'
import { signIn } from '../support/auth'
import { day, testStart } from '../support/clock'
import { createTestDatabase, type TestDatabase } from '../support/database'
import { createUser, factories, person } from '../support/factories'
import { createBookableSession } from '../support/fixtures'
import { requestsTo, startServer, type RunningServer } from '../support/server'

/*
 * The participants' pages over HTTP, as a browser without JavaScript gets them (issue 17.9,
 * 17.10): the place filter is a plain GET form folded in a <details> that is open while a
 * filter is set; venues link to Mapy.cz and online sessions say what joining needs; a full
 * session points to the nearest one with seats; a signed-in person's booking form is filled
 * in; the manage page adds the booking to Google Calendar or Outlook.com in UTC; a cancelled
 * booking does not look active in My bookings.
 */

const TEAMS = 'https://teams.microsoft.com/l/meetup-join/tajny-odkaz'
const JANA = person('Jana Řehořová', { organisation: 'ZŠ Turnov, Skálova 600', participantType: 'teacher', schoolLevel: 'zs' })
const ids = { workshop: 0, full: 0, turnov: 0, online: 0, cancelledBooking: 0 }
let slug = ''
let database: TestDatabase
let server: RunningServer
let janaToken = ''
const { get } = requestsTo(() => server)

beforeAll(async () => {
  database = await createTestDatabase({ seedAt: testStart })
  const { db } = database
  const created = await createBookableSession(db, {
    capacity: 1,
    startsInDays: 4,
    workshop: { title: 'Mapové služby pro obce', summary: 'Jak pracovat s mapami.', language: 'cs' },
  })
  slug = created.slug
  ids.workshop = created.workshopId
  ids.full = created.sessionId
  const staff = await createUser(db, { email: 'spravce.mist@workshopy.invalid', name: 'Správce', role: 'admin' })
  const make = factories(() => ({ db, now: testStart, staff }))
  ids.turnov = await make.newSession(ids.workshop, {
    date: day(11),
    venueName: 'Městská knihovna Antonína Marka',
    address: 'Markova 1, 511 01 Turnov',
    room: 'sál',
  })
  ids.online = await make.newSession(ids.workshop, {
    date: day(13),
    mode: 'online',
    venueName: '',
    address: '',
    onlineUrl: TEAMS,
  })
  // Jana holds the last seat of the first session, and cancelled a booking of the online one.
  const held = await make.book(ids.full, JANA)
  janaToken = held.token
  const dropped = await make.book(ids.online, JANA)
  ids.cancelledBooking = dropped.registrationId
  const cancelled = await cancelRegistration(db, { token: dropped.token, now: testStart, appUrl: 'http://localhost:3000' })
  expect(cancelled.kind).toBe('cancelled')
  server = await startServer({ DATABASE_URL: database.url })
})
afterAll(async () => {
  await server?.stop()
  await database?.cleanup()
})

const page = async (path: string, headers: Record<string, string> = {}) => {
  const response = await get(path, headers)
  return { status: response.status, html: await response.text() }
}
const cardSlugs = (html: string) =>
  [...html.matchAll(/class="card__title"><a[^>]*href="\/workshops\/([a-z0-9-]+)"/g)].map((m) => m[1])
const detailsTag = (html: string) => /<details class="filters__more"[^>]*>/.exec(html)?.[0] ?? ''
const decode = (text: string) =>
  text
    .replace(/&amp;/g, '&')
    .replace(/&quot;/g, '"')
    .replace(/&#x27;/g, "'")
const links = (html: string, origin: string) =>
  [...html.matchAll(/href="([^"]+)"/g)].map((m) => decode(m[1]!)).filter((href) => href.startsWith(origin))

describe('finding a workshop by place without JavaScript', () => {
  it('keeps the filters folded until one is set, and opens them with the town chosen', async () => {
    const plain = await page('/workshops')
    expect(detailsTag(plain.html)).not.toContain('open')
    expect(plain.html).toContain('<option value="Turnov">Turnov</option>')
    expect(plain.html).toContain('<option value="online">')

    const { status, html } = await page('/workshops?place=Turnov')
    expect(status).toBe(200)
    expect(detailsTag(html)).toContain('open')
    expect(html).toMatch(/<option value="Turnov" selected="">Turnov<\/option>/)
    expect(cardSlugs(html)).toContain(slug)
    const json = (await (await get('/workshops.json?place=Turnov')).json()) as CatalogueFeed
    expect(cardSlugs(html)).toEqual(json.workshops.map((w) => w.slug))
    expect(json.workshops.find((w) => w.slug === slug)?.sessions.map((s) => s.id)).toEqual([ids.turnov])
  })

  it('finds a town typed into the search box, in any case and without accents', async () => {
    for (const q of ['turnov', 'TURNOV', 'antonina marka']) {
      const { html } = await page(`/workshops?q=${encodeURIComponent(q)}`)
      expect(cardSlugs(html), q).toContain(slug)
    }
    // The card names the session found there.
    const { html } = await page('/workshops?q=turnov')
    const card = html.slice(html.indexOf(`/workshops/${slug}"`))
    expect(card.slice(0, 2000)).toContain('Městská knihovna Antonína Marka, Turnov')
  })

  it('answers a place no list offers with 400 and a message next to the field, filters open', async () => {
    const { status, html } = await page(`/workshops?place=${'x'.repeat(101)}`)
    expect(status).toBe(400)
    expect(html).toContain('id="place-error"')
    expect(html).toContain('Vyberte místo konání ze seznamu.')
    expect(detailsTag(html)).toContain('open')
    const json = await get(`/workshops.json?place=${'x'.repeat(101)}`)
    expect(json.status).toBe(400)
    expect(await json.json()).toEqual({ errors: { place: 'Vyberte místo konání ze seznamu.' } })
  })

  it('offers the same filter in the calendar feed address', async () => {
    const { html } = await page('/workshops?place=Turnov')
    expect(decode(html)).toContain('/workshops/calendar.ics?place=Turnov')
  })
})

describe('a workshop page', () => {
  it('links each venue to Mapy.cz and tells what an online session needs, without its link', async () => {
    const { html } = await page(`/workshops/${slug}`)
    const maps = links(html, 'https://mapy.cz/').map((href) => new URL(href))
    expect(maps.map((u) => u.pathname)).toContain('/fnc/v1/search')
    expect(maps.map((u) => u.searchParams.get('query'))).toEqual(
      expect.arrayContaining(['Markova 1, 511 01 Turnov', 'U Jezu 642/2a, 461 80 Liberec']),
    )
    expect(html).toMatch(/Online(<!-- -->)? přes Microsoft Teams/)
    expect(html).toContain('webovým prohlížečem')
    expect(html).not.toContain(TEAMS)
  })
})

describe('the catalogue in English', () => {
  it('labels seats "Seats", so a full session reads "Seats: Full"', async () => {
    const { html } = await page(`/workshops?q=${encodeURIComponent('Mapové služby')}`, { 'Accept-Language': 'en' })
    expect(cardSlugs(html)).toEqual([slug])
    expect(html).toMatch(/<dt>Seats<\/dt><dd data-seats-of="\d+"><span class="seats seats--full">Full/)
    expect(html).not.toContain('Free seats')
  })
})

describe('booking', () => {
  it('points a full session to the nearest session of the workshop with free seats', async () => {
    const { html } = await page(`/sessions/${ids.full}/book`)
    expect(html).toContain('Volné místo na jiném termínu')
    const alternative = html.slice(html.indexOf('id="alternative-heading"'))
    expect(alternative).toContain(`href="/sessions/${ids.turnov}/book"`)
    expect(alternative).toContain('Městská knihovna Antonína Marka, Turnov')
    // A session with seats has no pointer.
    expect((await page(`/sessions/${ids.turnov}/book`)).html).not.toContain('alternative-heading')
  })

  it('fills the form in for someone signed in, from the account and the last booking, still editable', async () => {
    const anonymous = await page(`/sessions/${ids.turnov}/book`)
    expect(anonymous.html).not.toContain(JANA.email)
    const { cookie } = await signIn(server.url, database.db, JANA.email)
    const { html } = await page(`/sessions/${ids.turnov}/book`, { Cookie: cookie })
    const input = (name: string) => new RegExp(`<input[^>]*name="${name}"[^>]*>`).exec(html)?.[0] ?? ''
    expect(input('fullName')).toContain('value="Jana Řehořová"')
    expect(input('email')).toContain(`value="${JANA.email}"`)
    expect(input('organisation')).toContain('value="ZŠ Turnov, Skálova 600"')
    expect(input('fullName')).not.toMatch(/readonly|disabled/)
    expect(html).toMatch(/<input[^>]*id="participantType-teacher"[^>]*checked=""/)
    expect(html).toContain('Jméno a e-mail jsme doplnili z vašeho účtu.')

    // A new account has an address and no name yet: only the address is filled in.
    const newcomer = await signIn(server.url, database.db, 'novy.ucet@skola.example')
    const fresh = (await page(`/sessions/${ids.turnov}/book`, { Cookie: newcomer.cookie })).html
    expect(/<input[^>]*name="email"[^>]*>/.exec(fresh)?.[0]).toContain('value="novy.ucet@skola.example"')
    expect(/<input[^>]*name="fullName"[^>]*>/.exec(fresh)?.[0]).not.toMatch(/value="[^"]+"/)
    expect(fresh).toContain('E-mail jsme doplnili z vašeho účtu.')
  })
})

describe('a booking', () => {
  it('is added to Google Calendar or Outlook.com from the manage page, in UTC, without the manage link', async () => {
    const { html } = await page(`/registrations/${janaToken}`)
    const session = await database.db.selectFrom('sessions').selectAll().where('id', '=', ids.full).executeTakeFirstOrThrow()
    const utc = (iso: string) => new Date(iso).toISOString().replace(/\.\d{3}/, '')

    const [google] = links(html, 'https://calendar.google.com/').map((href) => new URL(href))
    expect(google?.pathname).toBe('/calendar/render')
    expect(google?.searchParams.get('action')).toBe('TEMPLATE')
    expect(google?.searchParams.get('text')).toBe('Mapové služby pro obce')
    expect(google?.searchParams.get('dates')).toBe(`${utc(session.starts_at)}/${utc(session.ends_at)}`.replace(/[-:]/g, ''))
    expect(google?.searchParams.get('location')).toBe(
      'Krajský úřad Libereckého kraje, zasedací místnost 1.15, U Jezu 642/2a, 461 80 Liberec',
    )
    expect(google?.searchParams.get('details')).toBe(`Workshop: ${server.url}/workshops/${slug}`)

    const [outlook] = links(html, 'https://outlook.live.com/').map((href) => new URL(href))
    expect(outlook?.pathname).toBe('/calendar/deeplink/compose')
    expect(outlook?.searchParams.get('rru')).toBe('addevent')
    expect(outlook?.searchParams.get('subject')).toBe('Mapové služby pro obce')
    expect(outlook?.searchParams.get('startdt')).toBe(utc(session.starts_at))
    expect(outlook?.searchParams.get('enddt')).toBe(utc(session.ends_at))
    expect(html).toContain(`href="/registrations/${janaToken}/invite.ics"`)
    expect(html).not.toMatch(new RegExp(`(calendar\\.google|outlook\\.live)[^"]*${janaToken}`))
  })

  it('looks cancelled in My bookings once cancelled, and only a seat ahead looks active', async () => {
    const { cookie } = await signIn(server.url, database.db, JANA.email)
    const { html } = await page('/my/bookings', { Cookie: cookie })
    const items = [...html.matchAll(/<li class="session booking booking--([a-z]+)">([\s\S]*?)<\/li>/g)]
    const look = (status: string) => items.find((m) => m[2]!.includes(`class="booking__status">${status}<`))?.[1]
    expect(items.map((m) => m[1]).sort()).toEqual(['cancelled', 'confirmed'])
    expect(look('zrušeno')).toBe('cancelled')
    expect(look('místo rezervováno')).toBe('confirmed')
    // Times stay together on narrow cards.
    expect(html).toMatch(/<span class="nowrap">\d{2}:\d{2}–\d{2}:\d{2}<\/span>/)
  })
})
