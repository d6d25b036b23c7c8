import { readFileSync } from 'node:fs'
import Ajv2020 from 'ajv/dist/2020'
import addFormats from 'ajv-formats'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { cancelSession } from '~/models/organiser-sessions.server'
import { registerForSession } from '~/models/registrations.server'
import type { CatalogueFeed, FeedWorkshop } from '~/models/catalogue-feed.server'
import { hoursAfter, pragueDay, testStart } from '../support/clock'
import { createTestDatabase, type TestDatabase } from '../support/database'
import { createOrganiser, createUser, factories, uniqueSlug } from '../support/factories'
import { addBookableSession, createBookableSession, parsedBookingForm } from '../support/fixtures'
import { requestsTo, startServer, type RunningServer } from '../support/server'

/*
 * The catalogue for machines: /workshops.json lists what the page lists for the same filters,
 * refuses a bad filter with 400 and says which, and every workshop page describes its upcoming
 * sessions as schema.org Events for search engines, without the online link and without a way
 * for a title to end the script element.
 */

const ajv = new Ajv2020({ allErrors: true, strict: true })
addFormats(ajv)
const validateFeed = ajv.compile(
  JSON.parse(readFileSync(new URL('../../docs/schemas/catalogue.schema.json', import.meta.url), 'utf8')),
)

const TITLE = 'Strojově čitelný katalog </script><script>alert(1)</script>'
const WEBSITE = 'https://portal.kraj.example/'
const MEETING = 'https://meet.example/abc'
const ids = { workshop: 0, free: 0, full: 0, cancelled: 0, online: 0 }
let slug = ''
const slugWithoutSessions = uniqueSlug()
let database: TestDatabase
let server: RunningServer
const { get } = requestsTo(() => server)

beforeAll(async () => {
  database = await createTestDatabase({ seedAt: testStart })
  const { db } = database
  const organiserId = await createOrganiser(
    db,
    { name: 'Datový portál Libereckého kraje', email: 'portal@kraj.example', website: WEBSITE },
    testStart,
  )
  const created = await createBookableSession(db, {
    capacity: 10,
    startsInDays: 5,
    organiserId,
    workshop: { title: TITLE, summary: 'Katalog pro stroje.', accreditationRef: 'MSMT-12345/2026', language: 'cs' },
  })
  slug = created.slug
  Object.assign(ids, { workshop: created.workshopId, free: created.sessionId })
  ids.full = await addBookableSession(db, { workshopId: ids.workshop, capacity: 1, startsInDays: 6 })
  ids.cancelled = await addBookableSession(db, { workshopId: ids.workshop, capacity: 10, startsInDays: 8 })
  ids.online = await addBookableSession(db, { workshopId: ids.workshop, capacity: 3, startsInDays: 9, online: true })
  const appUrl = 'http://localhost:3000'
  const booked = await registerForSession(db, {
    sessionId: ids.full,
    form: parsedBookingForm(1),
    locale: 'cs',
    now: testStart,
    appUrl,
  })
  expect(booked.kind).toBe('registered')
  const admin = await createUser(db, { email: 'spravce.katalogu@workshopy.invalid', name: 'Správce', role: 'admin' })
  const called = await cancelSession(db, { sessionId: ids.cancelled, message: '', user: admin, now: testStart, appUrl })
  expect(called.kind).toBe('cancelled')
  await factories(() => ({ db, now: testStart, staff: admin })).newWorkshop(organiserId, { slug: slugWithoutSessions })
  server = await startServer({ DATABASE_URL: database.url })
})
afterAll(async () => {
  await server?.stop()
  await database?.cleanup()
})

async function feed(query = '', headers: Record<string, string> = {}) {
  const response = await get(`/workshops.json${query}`, headers)
  expect(response.status).toBe(200)
  const body = (await response.json()) as CatalogueFeed
  expect(validateFeed(body), JSON.stringify(validateFeed.errors)).toBe(true)
  return { response, body }
}

/** The workshops the catalogue page lists, in its order, following its pages to the last. */
async function pageSlugs(query = '') {
  const slugs: (string | undefined)[] = []
  for (let page = 1; ; page++) {
    const params = new URLSearchParams(query)
    if (page > 1) params.set('page', String(page))
    const html = await (await get(`/workshops?${params}`)).text()
    slugs.push(...[...html.matchAll(/class="card__title"><a[^>]*href="\/workshops\/([a-z0-9-]+)"/g)].map((m) => m[1]))
    if (!html.includes('rel="next"')) return slugs
  }
}

const ours = (body: CatalogueFeed) => body.workshops.find((w) => w.slug === slug)
const sessionOf = (workshop: FeedWorkshop | undefined, id: number) => workshop?.sessions.find((s) => s.id === id)

describe('the catalogue as JSON', () => {
  it('lists what the page lists, in its order, with public caching and any origin allowed', async () => {
    const { response, body } = await feed()
    expect(response.headers.get('content-type')).toBe('application/json; charset=utf-8')
    expect(response.headers.get('cache-control')).toBe('public, max-age=60')
    expect(response.headers.get('access-control-allow-origin')).toBe('*')
    expect(body.count).toBe(body.workshops.length)
    expect(body.workshops.length).toBeGreaterThanOrEqual(10)
    expect(body.workshops.map((w) => w.slug)).toEqual(await pageSlugs())
  })

  it('applies the same filters as the page', async () => {
    const month = pragueDay(hoursAfter(testStart, 24 * 30)).slice(0, 7)
    for (const query of [
      '?topic=cybersecurity',
      '?audience=teacher',
      '?q=bezpecnost&free=1',
      `?month=${month}`,
      '?free=on',
      // Places (issue 17.9): a town in the search box, the place filter, and both.
      '?q=turnov',
      '?q=CESKA%20LIPA',
      '?place=Turnov',
      '?place=Liberec&q=kyberneticka',
      '?place=online',
    ]) {
      const { body } = await feed(query)
      expect(
        body.workshops.map((w) => w.slug),
        query,
      ).toEqual(await pageSlugs(query))
    }
    const { body: free } = await feed('?free=1')
    for (const w of free.workshops) {
      expect(w.sessions.length).toBeGreaterThan(0)
      for (const s of w.sessions) expect(s.booking.state).toBe('open')
    }
  })

  it('describes a workshop and each of its upcoming sessions: free, full, cancelled and online', async () => {
    const { body } = await feed()
    const workshop = ours(body)
    expect(workshop).toMatchObject({
      id: ids.workshop,
      url: `${server.url}/workshops/${slug}`,
      title: TITLE,
      summary: 'Katalog pro stroje.',
      topic: 'cybersecurity',
      audiences: ['official'],
      language: 'cs',
      lengthHours: 2,
      organiser: { name: 'Datový portál Libereckého kraje', website: WEBSITE },
      accreditationRef: 'MSMT-12345/2026',
    })
    expect(workshop!.sessions.map((s) => s.id)).toEqual([ids.free, ids.full, ids.cancelled, ids.online])
    expect(sessionOf(workshop, ids.free)).toMatchObject({
      status: 'scheduled',
      online: false,
      place: {
        venueName: 'Krajský úřad Libereckého kraje',
        room: 'zasedací místnost 1.15',
        address: 'U Jezu 642/2a, 461 80 Liberec',
      },
      capacity: 10,
      freeSeats: 10,
      booking: { open: true, state: 'open', url: `${server.url}/sessions/${ids.free}/book`, opensAt: null, closesAt: null },
    })
    expect(sessionOf(workshop, ids.full)).toMatchObject({ freeSeats: 0, booking: { open: true, state: 'full' } })
    expect(sessionOf(workshop, ids.cancelled)).toMatchObject({
      status: 'cancelled',
      freeSeats: 0,
      booking: { open: false, state: 'cancelled' },
    })
    expect(sessionOf(workshop, ids.online)).toMatchObject({ online: true, place: null, freeSeats: 3 })
    // The instants the organiser's form stored: two hours, or until midnight when the test
    // runs late in the evening (the form keeps a session within one day).
    const free = sessionOf(workshop, ids.free)!
    const stored = await database.db
      .selectFrom('sessions')
      .select(['starts_at', 'ends_at'])
      .where('id', '=', ids.free)
      .executeTakeFirstOrThrow()
    expect([Date.parse(free.startsAt), Date.parse(free.endsAt)]).toEqual([
      Date.parse(stored.starts_at),
      Date.parse(stored.ends_at),
    ])
    expect(Date.parse(free.endsAt)).toBeGreaterThan(Date.parse(free.startsAt))
  })

  it('never shows the online link, and leaves cancelled sessions out of "free seats only"', async () => {
    expect(JSON.stringify((await feed()).body)).not.toContain(MEETING)
    const { body } = await feed('?free=1')
    expect(ours(body)!.sessions.map((s) => s.id)).toEqual([ids.free, ids.online])
  })

  it('answers 400 naming each bad parameter, in the language asked for, and never 500', async () => {
    const response = await get('/workshops.json?topic=nope&month=2026-13&audience=teacher_zs')
    expect(response.status).toBe(400)
    expect(response.headers.get('content-type')).toMatch(/^application\/json/)
    expect(response.headers.get('cache-control')).toBe('no-store')
    expect(await response.json()).toEqual({
      errors: { topic: 'Vyberte téma ze seznamu.', month: expect.stringContaining('2026-03') },
    })
    const english = await get(`/workshops.json?q=${'x'.repeat(201)}`, { 'Accept-Language': 'en' })
    expect(english.status).toBe(400)
    expect(await english.json()).toEqual({ errors: { q: 'The search text can be at most 200\u00a0characters long.' } })
    for (const query of ['?month=%E0', '?audience=%00', '?topic[]=x', '?month=', '?free=maybe', '?q=%25_']) {
      expect((await get(`/workshops.json${query}`)).status, query).toBeLessThan(500)
    }
  })

  it('answers 304 to a matching If-None-Match, and a new ETag once a seat is taken', async () => {
    const { response } = await feed()
    const etag = response.headers.get('etag')!
    expect(etag).toMatch(/^W\/".+"$/)
    const again = await get('/workshops.json', { 'If-None-Match': etag })
    expect(again.status).toBe(304)
    expect(again.headers.get('etag')).toBe(etag)
    expect(again.headers.get('cache-control')).toBe('public, max-age=60')
    expect(await again.text()).toBe('')
    expect((await get('/workshops.json', { 'If-None-Match': `"other", ${etag.slice(2)}` })).status).toBe(304)
    expect((await get('/workshops.json?topic=cybersecurity', { 'If-None-Match': etag })).status).toBe(200)

    await registerForSession(database.db, {
      sessionId: ids.online,
      form: parsedBookingForm(2),
      locale: 'cs',
      now: new Date(),
      appUrl: server.url,
    })
    const changed = await get('/workshops.json', { 'If-None-Match': etag })
    expect(changed.status).toBe(200)
    expect(changed.headers.get('etag')).not.toBe(etag)
    expect(sessionOf(ours((await changed.json()) as CatalogueFeed), ids.online)?.freeSeats).toBe(2)
  })

  it('publishes its JSON Schema', async () => {
    const response = await get('/schemas/catalogue.json')
    expect(response.status).toBe(200)
    expect(((await response.json()) as { $id: string }).$id).toBe('https://workshopy.example/schemas/catalogue/v1')
  })
})

type LdEvent = Record<string, unknown> & { offers?: Record<string, unknown>; location: unknown }

/** The page, its JSON-LD script elements, and the CSP nonce it was sent with. */
async function workshopPage(path: string) {
  const response = await get(path)
  expect(response.status).toBe(200)
  const html = await response.text()
  const scripts = [...html.matchAll(/<script type="application\/ld\+json"([^>]*)>([\s\S]*?)<\/script>/g)]
  const nonce = /'nonce-([^']+)'/.exec(response.headers.get('content-security-policy') ?? '')?.[1]
  return { html, scripts, nonce }
}

describe('schema.org events on a workshop page', () => {
  it('describes each upcoming session as an Event: free, full, cancelled and online', async () => {
    const { scripts, html } = await workshopPage(`/workshops/${slug}`)
    expect(scripts).toHaveLength(1)
    expect(html).not.toContain('<script>alert(1)')
    const events = JSON.parse(scripts[0]![2]!) as LdEvent[]
    expect(events.map((e) => e['@id'])).toEqual(
      [ids.free, ids.full, ids.cancelled, ids.online].map((id) => `${server.url}/workshops/${slug}#session-${id}`),
    )
    const [free, full, cancelled, online] = events as [LdEvent, LdEvent, LdEvent, LdEvent]
    expect(free).toMatchObject({
      '@context': 'https://schema.org',
      '@type': 'Event',
      name: TITLE,
      description: 'Katalog pro stroje.',
      url: `${server.url}/workshops/${slug}`,
      eventStatus: 'https://schema.org/EventScheduled',
      eventAttendanceMode: 'https://schema.org/OfflineEventAttendanceMode',
      location: {
        '@type': 'Place',
        name: 'Krajský úřad Libereckého kraje, zasedací místnost 1.15',
        address: {
          '@type': 'PostalAddress',
          streetAddress: 'U Jezu 642/2a',
          postalCode: '461 80',
          addressLocality: 'Liberec',
          addressCountry: 'CZ',
        },
      },
      organizer: { '@type': 'Organization', name: 'Datový portál Libereckého kraje', url: WEBSITE },
      inLanguage: 'cs',
      isAccessibleForFree: true,
      offers: {
        '@type': 'Offer',
        price: 0,
        priceCurrency: 'CZK',
        availability: 'https://schema.org/InStock',
        url: `${server.url}/sessions/${ids.free}/book`,
      },
    })
    // Prague time with its offset, the same instant as the catalogue's UTC one.
    for (const key of ['startDate', 'endDate']) expect(free[key]).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}\+0[12]:00$/)
    const { body } = await feed()
    expect(Date.parse(free.startDate as string)).toBe(Date.parse(sessionOf(ours(body), ids.free)!.startsAt))

    expect(full.offers).toMatchObject({ availability: 'https://schema.org/SoldOut' })
    expect(cancelled.eventStatus).toBe('https://schema.org/EventCancelled')
    expect(cancelled.offers).toBeUndefined()
    expect(online).toMatchObject({
      eventAttendanceMode: 'https://schema.org/OnlineEventAttendanceMode',
      location: { '@type': 'VirtualLocation', url: `${server.url}/workshops/${slug}` },
      offers: { availability: 'https://schema.org/LimitedAvailability' },
    })
    expect(scripts[0]![2]).not.toContain(MEETING)
  })

  it('keeps a title with </script> inside the JSON, and carries each response its own CSP nonce', async () => {
    for (let i = 0; i < 2; i++) {
      // The second answer comes from the page cache, with the nonce swapped.
      const { scripts, nonce } = await workshopPage(`/workshops/${slug}`)
      expect(scripts[0]![1]).toBe(` nonce="${nonce}"`)
      expect(scripts[0]![2]).toContain('\\u003c/script\\u003e\\u003cscript\\u003ealert(1)\\u003c/script\\u003e')
      expect((JSON.parse(scripts[0]![2]!) as LdEvent[])[0]!.name).toBe(TITLE)
    }
  })

  it('has no events on a page without upcoming sessions', async () => {
    const { body } = await feed()
    expect(body.workshops.find((w) => w.slug === slugWithoutSessions)?.sessions).toEqual([])
    expect((await workshopPage(`/workshops/${slugWithoutSessions}`)).scripts).toHaveLength(0)
  })
})
