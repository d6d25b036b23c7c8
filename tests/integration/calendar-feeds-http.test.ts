import ICAL from 'ical.js'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { SignedInUser } from '~/models/auth.server'
import { erase } from '~/models/erasure.server'
import { cancelSession, updateSession } from '~/models/organiser-sessions.server'
import { pragueMonthKey } from '~/utils/dates'
import { signIn } from '../support/auth'
import { pragueDay, testStart } from '../support/clock'
import { createTestDatabase, type TestDatabase } from '../support/database'
import { createUser, emailOf, factories, person } from '../support/factories'
import { addBookableSession, createBookableSession, rowsOf } from '../support/fixtures'
import { requestsTo, startServer, type RunningServer } from '../support/server'

/*
 * Calendar subscription feeds, fetched over HTTP from the built server and read back with
 * ical.js as a calendar reads them: the catalogue's (filtered as the page), each workshop's,
 * and a person's private feed of confirmed seats.
 */

let database: TestDatabase
let server: RunningServer
let admin: SignedInUser
const now = testStart

/** Workshop A: cyber-security for officials, three sessions ahead (one online), one past, one cancelled later. */
let a: { slug: string; workshopId: number; first: number; later: number; online: number; past: number }
/** Workshop B: open data for primary-school teachers, one session with one seat. */
let b: { slug: string; workshopId: number; session: number }
/** An unpublished workshop's session never shows. */
let hiddenSession: number

const db = () => database.db
const { get, post } = requestsTo(() => server)
const { sessionRow } = rowsOf(db)
const make = () => factories(() => ({ db: db(), now, staff: admin, appUrl: server.url }))

const PETRA = person('Petra Malá')
const QUIDO = person('Quido Rychlý')

beforeAll(async () => {
  database = await createTestDatabase()
  admin = await createUser(db(), { email: 'spravce.testu@workshopy.invalid', name: 'Správce testů', role: 'admin' })
  const created = await createBookableSession(db(), { capacity: 5, startsInDays: 7 })
  a = {
    slug: created.slug,
    workshopId: created.workshopId,
    first: created.sessionId,
    later: await addBookableSession(db(), { workshopId: created.workshopId, capacity: 5, startsInDays: 45 }),
    online: await addBookableSession(db(), { workshopId: created.workshopId, capacity: 5, startsInDays: 10, online: true }),
    past: await addBookableSession(db(), { workshopId: created.workshopId, capacity: 5, startsInDays: -3 }),
  }
  const other = await createBookableSession(db(), {
    capacity: 1,
    startsInDays: 14,
    workshop: { title: 'Otevřená data ve výuce', topic: 'open_data', audiences: ['teacher_zs'] },
  })
  b = { slug: other.slug, workshopId: other.workshopId, session: other.sessionId }
  hiddenSession = (await createBookableSession(db(), { capacity: 5, workshop: { published: false } })).sessionId
  server = await startServer({ DATABASE_URL: database.url })
})
afterAll(async () => {
  await server?.stop()
  await database?.cleanup()
})

type FeedEvent = {
  uid: string
  sequence: number
  status: string
  start: string
  end: string
  description: string
  location: string
}

function readFeed(ics: string): { name: string; events: FeedEvent[] } {
  const calendar = new ICAL.Component(ICAL.parse(ics))
  return {
    name: String(calendar.getFirstPropertyValue('x-wr-calname')),
    events: calendar.getAllSubcomponents('vevent').map((vevent) => {
      const event = new ICAL.Event(vevent)
      return {
        uid: event.uid,
        sequence: event.sequence,
        status: String(vevent.getFirstPropertyValue('status')),
        start: event.startDate.toJSDate().toISOString(),
        end: event.endDate.toJSDate().toISOString(),
        description: event.description,
        location: event.location,
      }
    }),
  }
}

async function feed(path: string) {
  const response = await get(path)
  expect(response.status, path).toBe(200)
  return { response, ...readFeed(await response.text()) }
}

const host = () => new URL(server.url).hostname
const uidOf = (sessionId: number) => `session-${sessionId}@${host()}`
const idsIn = (events: FeedEvent[]) => events.map((e) => Number(/^session-(\d+)@/.exec(e.uid)![1])).sort((x, y) => x - y)
const sorted = (...ids: number[]) => [...ids].sort((x, y) => x - y)

describe('the catalogue feed', () => {
  it('lists the upcoming sessions of published workshops in UTC, with stable UIDs', async () => {
    const { response, name, events } = await feed('/workshops/calendar.ics')
    expect(response.headers.get('content-type')).toBe('text/calendar; charset=utf-8')
    expect(response.headers.get('cache-control')).toBe('public, max-age=300')
    expect(response.headers.get('etag')).toMatch(/^"[A-Za-z0-9_-]+"$/)
    expect(name).toBe('Workshopy a školení')
    expect(idsIn(events)).toEqual(sorted(a.first, a.later, a.online, b.session))
    for (const id of [a.first, b.session]) {
      const row = await sessionRow(id)
      const event = events.find((e) => e.uid === uidOf(id))!
      expect(event).toMatchObject({ start: row.starts_at, end: row.ends_at, status: 'CONFIRMED', sequence: 0 })
      expect(event.description).toContain('Volná místa')
      expect(event.description).toContain(`/workshops/`)
    }
    expect(events.find((e) => e.uid === uidOf(a.online))!.location).toBe('Online')
    expect(events.find((e) => e.uid === uidOf(a.first))!.location).toContain('Krajský úřad Libereckého kraje')
    expect(idsIn(events)).not.toContain(hiddenSession)
    expect(idsIn(events)).not.toContain(a.past)
  })

  it('takes the catalogue page’s filters', async () => {
    const ids = async (query: string) => idsIn((await feed(`/workshops/calendar.ics?${query}`)).events)
    expect(await ids('topic=open_data')).toEqual([b.session])
    expect(await ids('q=otevrena')).toEqual([b.session])
    expect(await ids('audience=teacher')).toEqual([b.session])
    expect(await ids('audience=official')).toEqual(sorted(a.first, a.later, a.online))
    const laterMonth = pragueMonthKey((await sessionRow(a.later)).starts_at)
    const inLaterMonth = []
    for (const id of [a.first, a.later, a.online, b.session])
      if (pragueMonthKey((await sessionRow(id)).starts_at) === laterMonth) inLaterMonth.push(id)
    expect(await ids(`month=${laterMonth}`)).toEqual(sorted(...inLaterMonth))
    // The English feed's texts follow the address, as the page links it.
    expect((await feed('/workshops/calendar.ics?lang=en')).name).toBe('Workshops and training')
    // A value the catalogue would drop cannot make a feed a calendar would mistake for the one asked for.
    expect((await get('/workshops/calendar.ics?topic=astrology')).status).toBe(400)
  })

  it('answers 304 while nothing changed, and a new ETag after a booking', async () => {
    const first = await get('/workshops/calendar.ics')
    const etag = first.headers.get('etag')!
    await first.body?.cancel()
    const again = await get('/workshops/calendar.ics')
    expect(again.headers.get('etag')).toBe(etag)
    expect(await again.text()).toContain('BEGIN:VCALENDAR')

    const revalidated = await get('/workshops/calendar.ics', { 'If-None-Match': etag })
    expect(revalidated.status).toBe(304)
    expect(revalidated.headers.get('etag')).toBe(etag)
    expect(await revalidated.text()).toBe('')

    // B's one seat goes: its free-seat count changes, and with "free seats only" it drops out.
    await make().book(b.session, QUIDO)
    const after = await get('/workshops/calendar.ics', { 'If-None-Match': etag })
    expect(after.status).toBe(200)
    expect(after.headers.get('etag')).not.toBe(etag)
    const freeOnly = await feed('/workshops/calendar.ics?free=1')
    expect(idsIn(freeOnly.events)).toEqual(sorted(a.first, a.later, a.online))
  })
})

describe('a workshop’s feed', () => {
  it('lists that workshop’s sessions only, and 404 for a workshop nobody may see', async () => {
    const { name, events } = await feed(`/workshops/${a.slug}/calendar.ics`)
    expect(name).toContain('Kybernetická bezpečnost na obecním úřadě')
    expect(idsIn(events)).toEqual(sorted(a.first, a.later, a.online))
    expect((await get('/workshops/no-such-workshop/calendar.ics')).status).toBe(404)
    expect((await get('/workshops/Not_A_Slug/calendar.ics')).status).toBe(404)
  })

  it('keeps a rescheduled session’s UID, with a higher SEQUENCE and the new times', async () => {
    const before = (await feed(`/workshops/${a.slug}/calendar.ics`)).events.find((e) => e.uid === uidOf(a.later))!
    // Two days later, at a time of day of its own: the fixture's time of day is the test clock's,
    // and an hour after 23:00 would be the next day, which the form refuses.
    const movedDay = pragueDay(new Date(Date.parse(before.start) + 2 * 86_400_000))
    const result = await updateSession(db(), {
      sessionId: a.later,
      input: make().sessionForm({ date: movedDay, startTime: '10:00', endTime: '11:00', capacity: 5 }),
      user: admin,
      now,
      appUrl: server.url,
    })
    expect(result.kind).toBe('updated')
    const after = (await feed(`/workshops/${a.slug}/calendar.ics`)).events.find((e) => e.uid === uidOf(a.later))!
    const row = await sessionRow(a.later)
    expect(after.sequence).toBeGreaterThan(before.sequence)
    expect(after).toMatchObject({ start: row.starts_at, end: row.ends_at, status: 'CONFIRMED' })
    expect(after.start).not.toBe(before.start)
  })

  it('shows a cancelled session as CANCELLED, with the same UID and a higher SEQUENCE', async () => {
    const before = (await feed(`/workshops/${a.slug}/calendar.ics`)).events.find((e) => e.uid === uidOf(a.online))!
    const result = await cancelSession(db(), { sessionId: a.online, message: '', user: admin, now, appUrl: server.url })
    expect(result.kind).toBe('cancelled')
    for (const path of [`/workshops/${a.slug}/calendar.ics`, '/workshops/calendar.ics']) {
      const after = (await feed(path)).events.find((e) => e.uid === uidOf(a.online))!
      expect(after.status).toBe('CANCELLED')
      expect(after.sequence).toBeGreaterThan(before.sequence)
      expect(after.description).toContain('zrušen')
    }
  })
})

describe('the links on the pages', () => {
  it('offer webcal and https addresses reflecting the catalogue’s filters, and each workshop’s', async () => {
    const base = server.url.replace(/^http:/, '')
    const catalogue = await (await get('/workshops?topic=open_data&free=1')).text()
    expect(catalogue).toContain(`href="webcal:${base}/workshops/calendar.ics?topic=open_data&amp;free=1"`)
    expect(catalogue).toContain(`href="${server.url}/workshops/calendar.ics?topic=open_data&amp;free=1"`)
    const english = await (await get('/workshops', { 'Accept-Language': 'en' })).text()
    expect(english).toContain(`href="webcal:${base}/workshops/calendar.ics?lang=en"`)
    const workshop = await (await get(`/workshops/${a.slug}`)).text()
    expect(workshop).toContain(`href="webcal:${base}/workshops/${a.slug}/calendar.ics"`)
    expect(workshop).toContain('Odebírat v kalendáři')
  })
})

describe('a person’s private feed', () => {
  let petraCookie: string
  let quidoCookie: string

  async function newFeedLink(cookie: string): Promise<string> {
    const response = await post('/my/bookings', new URLSearchParams({ intent: 'renew-feed' }), { Cookie: cookie })
    expect(response.status).toBe(200)
    const html = await response.text()
    const match = new RegExp(`href="(${server.url}/feeds/[A-Za-z0-9_-]{43}\\.ics)"`).exec(html)
    expect(match, 'the new link on the page').not.toBeNull()
    return new URL(match![1]!).pathname
  }

  beforeAll(async () => {
    const book = make().book
    await book(a.first, PETRA) // confirmed
    await book(b.session, PETRA) // waiting list: Quido has the one seat
    const cancelledLater = await book(a.later, PETRA)
    await db().updateTable('registrations').set({ status: 'cancelled' }).where('id', '=', cancelledLater.registrationId).execute()
    petraCookie = (await signIn(server.url, db(), PETRA.email)).cookie
    quidoCookie = (await signIn(server.url, db(), QUIDO.email)).cookie
  })

  it('lists only the person’s confirmed sessions, privately', async () => {
    const path = await newFeedLink(petraCookie)
    const response = await get(path)
    expect(response.status).toBe(200)
    expect(response.headers.get('cache-control')).toBe('private, no-store')
    const { events, name } = readFeed(await response.text())
    expect(name).toBe('Moje přihlášky na workshopy')
    expect(idsIn(events)).toEqual([a.first])
    expect(events[0]!.description).toContain('/my/bookings')

    const quido = readFeed(await (await get(await newFeedLink(quidoCookie))).text())
    expect(idsIn(quido.events)).toEqual([b.session])
  })

  it('stops working when a new link is made, or when the link is turned off', async () => {
    const old = await newFeedLink(petraCookie)
    const renewed = await newFeedLink(petraCookie)
    expect((await get(old)).status).toBe(404)
    expect((await get(renewed)).status).toBe(200)
    const page = await (await get('/my/bookings', { Cookie: petraCookie })).text()
    expect(page).not.toContain(renewed)

    const stopped = await post('/my/bookings', new URLSearchParams({ intent: 'stop-feed' }), { Cookie: petraCookie })
    expect(stopped.status).toBe(303)
    expect((await get(renewed)).status).toBe(404)
  })

  it('answers 404, never 500, to tokens that open no feed', async () => {
    for (const path of [
      '/feeds/abc.ics',
      `/feeds/${'A'.repeat(43)}.ics`,
      `/feeds/${'A'.repeat(43)}`,
      '/feeds/%00.ics',
      '/feeds/..%2F..%2Fetc.ics',
      `/feeds/${'A'.repeat(5000)}.ics`,
    ]) {
      const response = await get(path)
      expect(response.status, path).toBe(404)
      await response.body?.cancel()
    }
  })

  it('goes with the person when they erase their data', async () => {
    const path = await newFeedLink(petraCookie)
    const userId = (
      await db().selectFrom('users').select('id').where('email', '=', emailOf('Petra Malá')).executeTakeFirstOrThrow()
    ).id
    const result = await erase(db(), {
      subject: { email: PETRA.email },
      role: 'participant',
      certificateMonths: 24,
      now,
      appUrl: server.url,
    })
    expect(result.kind).toBe('erased')
    expect(await db().selectFrom('calendar_feeds').selectAll().where('user_id', '=', userId).execute()).toEqual([])
    expect((await get(path)).status).toBe(404)
    // Quido's feed is untouched.
    expect(await db().selectFrom('calendar_feeds').selectAll().execute()).toHaveLength(1)
  })
})
