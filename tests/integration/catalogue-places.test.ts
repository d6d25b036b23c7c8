import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { SignedInUser } from '~/models/auth.server'
import { listCatalogueFeed } from '~/models/calendar-feeds.server'
import { catalogueFeed } from '~/models/catalogue-feed.server'
import { parseCatalogueFilters } from '~/models/catalogue-filters.server'
import { listCatalogue, listCataloguePlaces, type CatalogueEntry } from '~/models/catalogue.server'
import { getSessionFormValues, updateSession } from '~/models/organiser-sessions.server'
import { getBookingPage } from '~/models/sessions.server'
import { day, testStart } from '../support/clock'
import { createTestDatabase, type TestDatabase } from '../support/database'
import { createOrganiser, createUser, factories } from '../support/factories'

/*
 * Finding a session by where it is (issue 17.9): the search covers the venue, the address and
 * the town, without caring for case or accents, on SQLite and PostgreSQL alike; the place
 * filter takes a town or "online"; the town comes from the address when the organiser leaves
 * it out. Against the demo catalogue plus one workshop of this file's own.
 */

const now = testStart
let test: TestDatabase
let staff: SignedInUser
const ids = { workshop: 0, turnov: 0, lipa: 0, online: 0, past: 0, cancelled: 0, full: 0, later: 0 }
const SLUG = 'geodata-pro-obce-mista'

beforeAll(async () => {
  test = await createTestDatabase({ seedAt: now })
  staff = await createUser(test.db, { email: 'mista@workshopy.invalid', name: 'Správce míst', role: 'admin' })
  const make = factories(() => ({ db: test.db, now, staff }))
  const body = await createOrganiser(test.db, { name: 'Geoportál kraje', email: 'geoportal@kraj.example' }, now)
  ids.workshop = await make.newWorkshop(body, {
    title: 'Geodata pro obce',
    slug: SLUG,
    summary: 'Mapy a prostorová data v praxi obecního úřadu.',
    descriptionMd: 'Katastr, územní plán a mapové služby.',
    topic: 'open_data',
    audiences: ['official'],
  })
  ids.lipa = await make.newSession(ids.workshop, {
    date: day(9),
    venueName: 'Kulturní dům Crystal',
    address: 'Náměstí T. G. Masaryka 1',
    // No postal code in the address: the organiser names the town.
    town: 'Česká Lípa',
  })
  ids.turnov = await make.newSession(ids.workshop, {
    date: day(12),
    venueName: 'Městská knihovna Antonína Marka',
    address: 'Markova 1, 511 01 Turnov',
    room: 'sál v přízemí',
  })
  ids.online = await make.newSession(ids.workshop, {
    date: day(15),
    mode: 'online',
    venueName: '',
    address: '',
    onlineUrl: 'https://teams.microsoft.com/l/meetup-join/geodata',
  })
  ids.past = await make.newSession(ids.workshop, {
    date: day(-3),
    venueName: 'Zámek Frýdlant',
    address: 'Zámecká 1, 464 01 Frýdlant',
  })
  ids.cancelled = await make.newSession(ids.workshop, {
    date: day(20),
    venueName: 'Městský úřad Hrádek nad Nisou',
    address: 'Horní nám. 73, 463 34 Hrádek nad Nisou',
    cancelled: true,
  })
})
afterAll(async () => {
  await test?.cleanup()
})

const filtersOf = (query: string) => parseCatalogueFilters(new URLSearchParams(query)).filters
const search = (query: string) => listCatalogue(test.db, { filters: filtersOf(query), now })
const slugs = (entries: CatalogueEntry[]) => entries.map((e) => e.slug).sort()
const ours = (entries: CatalogueEntry[]) => entries.find((e) => e.slug === SLUG)

describe('the town of a session', () => {
  it('is read from the address after the postal code, or taken as the organiser typed it', async () => {
    const rows = await test.db.selectFrom('sessions').select(['id', 'town']).where('workshop_id', '=', ids.workshop).execute()
    const town = (id: number) => rows.find((r) => r.id === id)?.town
    expect(town(ids.turnov)).toBe('Turnov')
    expect(town(ids.lipa)).toBe('Česká Lípa')
    expect(town(ids.online)).toBeNull()
    expect(town(ids.cancelled)).toBe('Hrádek nad Nisou')
  })

  it('follows an edited address, and the edit form shows it', async () => {
    const form = factories(() => ({ db: test.db, now, staff })).sessionForm({
      ...(await getSessionFormValues(test.db, ids.past)),
      address: 'Větrná 5, 463 65 Nové Město pod Smrkem',
      town: '',
    })
    const saved = await updateSession(test.db, { sessionId: ids.past, input: form, user: staff, now, appUrl: 'http://localhost' })
    expect(saved.kind).toBe('updated')
    expect((await getSessionFormValues(test.db, ids.past)).town).toBe('Nové Město pod Smrkem')
    expect(
      (await test.db.selectFrom('sessions').select('place_search_text').where('id', '=', ids.past).executeTakeFirstOrThrow())
        .place_search_text,
    ).toContain('nove mesto pod smrkem')
  })
})

describe('searching by place', () => {
  it('finds "turnov" in a session\'s address, and shows the session there as the next one', async () => {
    const found = await search('q=turnov')
    expect(slugs(found)).toContain(SLUG)
    // The demo's second-level workshop meets in Turnov too; the demo's cancelled Turnov session finds nothing.
    expect(slugs(found)).toContain('pozvete-data-do-hodin-2-stupen-ss')
    expect(slugs(found)).not.toContain('kyberneticka-bezpecnost-na-obecnim-urade')
    const entry = ours(found)!
    expect(entry.nextSession?.id).toBe(ids.turnov)
    expect(entry.nextSession?.place).toMatchObject({ venueName: 'Městská knihovna Antonína Marka', town: 'Turnov' })
    expect(entry.upcomingSessions).toBe(1)
  })

  it('ignores case and accents in the place as it does in titles', async () => {
    for (const q of ['ceska lipa', 'ČESKÁ LÍPA', 'Česká Lípa', 'crystal', 'masaryka', 'antonina marka'])
      expect(slugs(await search(`q=${encodeURIComponent(q)}`)), q).toContain(SLUG)
    expect(ours(await search('q=ceska lipa'))?.nextSession?.id).toBe(ids.lipa)
  })

  it('matches each word in the workshop or in the place of one and the same session', async () => {
    // "geodata" is in the title, "turnov" in one session's address.
    const both = ours(await search('q=geodata turnov'))
    expect(both?.nextSession?.id).toBe(ids.turnov)
    expect(both?.upcomingSessions).toBe(1)
    // Two towns are two different sessions: no session is in both.
    expect(ours(await search('q=turnov crystal'))).toBeUndefined()
    // A word only in the title keeps every upcoming session.
    expect(ours(await search('q=geodata'))?.upcomingSessions).toBe(3)
  })

  it('finds online sessions by the word "online"', async () => {
    const entry = ours(await search('q=geodata online'))
    expect(entry?.nextSession?.id).toBe(ids.online)
    expect(entry?.nextSession?.place).toMatchObject({ online: true, platform: 'Microsoft Teams', venueName: null })
  })

  it('is not found by the place of a past or cancelled session', async () => {
    expect(ours(await search('q=hradek'))).toBeUndefined()
    expect(ours(await search('q=smrkem'))).toBeUndefined()
  })
})

describe('filtering by place', () => {
  it('lists the towns of upcoming sessions in Czech order, and says whether any is online', async () => {
    const places = await listCataloguePlaces(test.db, { now })
    expect(places.online).toBe(true)
    expect(places.towns).toEqual(expect.arrayContaining(['Česká Lípa', 'Liberec', 'Turnov', 'Jablonec nad Nisou']))
    expect(places.towns).toEqual([...places.towns].sort(new Intl.Collator('cs').compare))
    // Neither a past session's town nor a cancelled one's.
    expect(places.towns).not.toContain('Nové Město pod Smrkem')
    expect(places.towns).not.toContain('Hrádek nad Nisou')
    expect(new Set(places.towns).size).toBe(places.towns.length)
  })

  it('keeps the workshops with a session in the town, showing that session', async () => {
    const found = await search('place=Turnov')
    expect(found.length).toBeGreaterThanOrEqual(2)
    for (const w of found) expect(w.nextSession?.place.town).toBe('Turnov')
    expect(ours(found)?.nextSession?.id).toBe(ids.turnov)
    expect(ours(await search(`place=${encodeURIComponent('Česká Lípa')}`))?.nextSession?.id).toBe(ids.lipa)
    expect(await search('place=Atlantida')).toEqual([])
  })

  it('keeps the online sessions with "online"', async () => {
    const found = await search('place=online')
    expect(found.length).toBeGreaterThanOrEqual(2)
    for (const w of found) expect(w.nextSession?.place.online).toBe(true)
    expect(ours(found)?.nextSession?.id).toBe(ids.online)
  })

  it('combines with the search and the other filters', async () => {
    expect(ours(await search('q=geodata&place=Turnov&topic=open_data&free=1'))?.nextSession?.id).toBe(ids.turnov)
    expect(ours(await search('q=geodata&place=Turnov&topic=cybersecurity'))).toBeUndefined()
    expect(ours(await search('q=crystal&place=Turnov'))).toBeUndefined()
  })

  it('refuses a place longer than any town, without failing the page', () => {
    const { filters, errors } = parseCatalogueFilters(new URLSearchParams({ place: 'x'.repeat(101) }))
    expect(errors.place).toBe('catalogue.error.place')
    expect(filters.place).toBeUndefined()
  })

  it('narrows the JSON catalogue and the calendar feed the same way', async () => {
    const filters = filtersOf('place=Turnov&q=geodata')
    const json = await catalogueFeed(test.db, { filters, now, appUrl: 'http://localhost' })
    const workshop = json.workshops.find((w) => w.slug === SLUG)
    expect(workshop?.sessions.map((s) => s.id)).toEqual([ids.turnov])
    expect(workshop?.sessions[0]?.place).toEqual({
      venueName: 'Městská knihovna Antonína Marka',
      room: 'sál v přízemí',
      address: 'Markova 1, 511 01 Turnov',
      town: 'Turnov',
    })
    const feed = await listCatalogueFeed(test.db, { filters, now })
    expect(feed.map((s) => s.id)).toEqual([ids.turnov])
    const online = await listCatalogueFeed(test.db, { filters: filtersOf('q=geodata&place=online'), now })
    expect(online.map((s) => s.id)).toEqual([ids.online])
  })
})

describe('a full session', () => {
  it('points its booking page to the nearest session of the workshop with a free seat', async () => {
    const make = factories(() => ({ db: test.db, now, staff }))
    ids.full = await make.newSession(ids.workshop, { date: day(5), capacity: 1, venueName: 'Zasedačka', address: '' })
    ids.later = await make.newSession(ids.workshop, {
      date: day(40),
      venueName: 'Krajský úřad',
      address: 'U Jezu 642/2a, 461 80 Liberec',
    })
    await make.book(ids.full, 'Jana Řehořová')
    const page = await getBookingPage(test.db, { sessionId: ids.full, now })
    expect(page?.session.availability.state).toBe('full')
    // Česká Lípa (day 9) is the soonest with seats; the full one itself and the past one are not offered.
    expect(page?.alternative?.id).toBe(ids.lipa)
    expect(page?.alternative?.availability.state).toBe('open')
    // A session with seats needs no pointer.
    expect((await getBookingPage(test.db, { sessionId: ids.lipa, now }))?.alternative).toBeNull()
  })
})
