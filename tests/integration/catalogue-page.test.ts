import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { parseCatalogueFilters } from '~/models/catalogue-filters.server'
import { catalogueMonths, listCatalogueMonthsFast, listCataloguePage } from '~/models/catalogue-page.server'
import { listCatalogue, listCatalogueMonths } from '~/models/catalogue.server'
import { registerForSession } from '~/models/registrations.server'
import { pragueMonthKey } from '~/utils/dates'
import { DAY_MS, testStart } from '../support/clock'
import { createTestDatabase, type TestDatabase } from '../support/database'
import { person } from '../support/factories'

/*
 * The catalogue page reads one page at a time with its own queries (catalogue-page.server.ts);
 * page after page it must list exactly what listCatalogue lists, in the same order.
 */
const now = testStart
let test: TestDatabase

beforeAll(async () => {
  test = await createTestDatabase({ seedAt: now })
  // Ties and edge cases the seed lacks: two sessions of one workshop at the same minute, a full
  // session, a window not yet open and one already closed.
  const [first, second] = await test.db
    .selectFrom('sessions')
    .selectAll()
    .where('starts_at', '>', now.toISOString())
    .orderBy('id')
    .limit(2)
    .execute()
  await test.db
    .updateTable('sessions')
    .set({ starts_at: first!.starts_at, workshop_id: first!.workshop_id })
    .where('id', '=', second!.id)
    .execute()
  const later = await test.db
    .selectFrom('sessions')
    .select('id')
    .where('starts_at', '>', now.toISOString())
    .orderBy('starts_at', 'desc')
    .limit(3)
    .execute()
  await test.db
    .updateTable('sessions')
    .set((eb) => ({ confirmed_count: eb.ref('capacity') }))
    .where('id', '=', later[0]!.id)
    .execute()
  await test.db
    .updateTable('sessions')
    .set({ registration_opens_at: new Date(now.getTime() + 2 * DAY_MS).toISOString() })
    .where('id', '=', later[1]!.id)
    .execute()
  await test.db
    .updateTable('sessions')
    .set({ registration_closes_at: new Date(now.getTime() - DAY_MS).toISOString() })
    .where('id', '=', later[2]!.id)
    .execute()
})
afterAll(() => test.cleanup())

async function allPages(query: string, pageSize: number) {
  const { filters } = parseCatalogueFilters(new URLSearchParams(query))
  const first = await listCataloguePage(test.db, { filters, now, page: 1, pageSize })
  const rest = []
  for (let page = 2; page <= first.pages; page++) rest.push(await listCataloguePage(test.db, { filters, now, page, pageSize }))
  return { first, entries: [first, ...rest].flatMap((p) => p.workshops) }
}

describe('the catalogue page by page', () => {
  const month = pragueMonthKey(new Date(now.getTime() + 20 * DAY_MS).toISOString())
  for (const query of [
    '',
    'free=1',
    `month=${month}`,
    `month=${month}&free=1`,
    'topic=cybersecurity',
    'audience=teacher',
    'q=data',
  ]) {
    it(`lists what the whole catalogue lists, in its order (${query || 'no filters'})`, async () => {
      const { filters } = parseCatalogueFilters(new URLSearchParams(query))
      const whole = await listCatalogue(test.db, { filters, now })
      for (const pageSize of [1, 5, 12]) {
        const { first, entries } = await allPages(query, pageSize)
        expect(entries).toEqual(whole)
        expect(first.total).toBe(whole.length)
        expect(first.pages).toBe(Math.max(1, Math.ceil(whole.length / pageSize)))
      }
    })
  }

  it('shows the last page for a page number past the end, and the first for nonsense', async () => {
    const { filters } = parseCatalogueFilters(new URLSearchParams(''))
    const past = await listCataloguePage(test.db, { filters, now, page: 999, pageSize: 5 })
    expect(past.page).toBe(past.pages)
    expect(past.workshops.length).toBeGreaterThan(0)
    const zero = await listCataloguePage(test.db, { filters, now, page: 0, pageSize: 5 })
    expect(zero.page).toBe(1)
  })

  it('finds the same months for the month filter as listing every session does', async () => {
    expect(await listCatalogueMonthsFast(test.db, { now })).toEqual(await listCatalogueMonths(test.db, { now }))
    const later = new Date(now.getTime() + 40 * DAY_MS)
    expect(await listCatalogueMonthsFast(test.db, { now: later })).toEqual(await listCatalogueMonths(test.db, { now: later }))
  })

  it('reuses the months only until sessions change or the soonest upcoming one starts', async () => {
    expect(await catalogueMonths(test.db, { now })).toEqual(await listCatalogueMonths(test.db, { now }))
    // A session moved far ahead opens a month of its own.
    const last = await test.db
      .selectFrom('sessions')
      .select('id')
      .where('status', '=', 'scheduled')
      .orderBy('starts_at', 'desc')
      .executeTakeFirstOrThrow()
    const far = new Date(now.getTime() + 500 * DAY_MS).toISOString()
    const farEnd = new Date(Date.parse(far) + 3_600_000).toISOString()
    await test.db.updateTable('sessions').set({ starts_at: far, ends_at: farEnd }).where('id', '=', last.id).execute()
    const afterMove = await catalogueMonths(test.db, { now })
    expect(afterMove).toContain(pragueMonthKey(far))
    expect(afterMove).toEqual(await listCatalogueMonths(test.db, { now }))
    // Just after the soonest session starts, its month may be gone: the same as reading anew.
    const soonest = await test.db
      .selectFrom('sessions')
      .select('starts_at')
      .where('status', '=', 'scheduled')
      .where('starts_at', '>', now.toISOString())
      .orderBy('starts_at')
      .executeTakeFirstOrThrow()
    const later = new Date(Date.parse(soonest.starts_at) + 1)
    expect(await catalogueMonths(test.db, { now: later })).toEqual(await listCatalogueMonths(test.db, { now: later }))
  })

  it('follows a change at once although it reuses the order: a session moved to the front brings its workshop first', async () => {
    const { filters } = parseCatalogueFilters(new URLSearchParams(''))
    const before = await listCataloguePage(test.db, { filters, now, page: 1, pageSize: 5 })
    const whole = await listCatalogue(test.db, { filters, now })
    const last = whole.filter((w) => w.nextSession).at(-1)!
    expect(before.workshops.map((w) => w.slug)).not.toContain(last.slug)
    const soon = new Date(now.getTime() + 60_000).toISOString()
    const soonEnd = new Date(now.getTime() + 3_660_000).toISOString()
    await test.db
      .updateTable('sessions')
      .set({ starts_at: soon, ends_at: soonEnd })
      .where('id', '=', last.nextSession!.id)
      .execute()
    const after = await listCataloguePage(test.db, { filters, now, page: 1, pageSize: 5 })
    expect(after.workshops[0]!.slug).toBe(last.slug)
    expect(after.workshops).toEqual((await listCatalogue(test.db, { filters, now })).slice(0, 5))
  })

  it('keeps its order through bookings yet shows each seat they take, and "free seats" drops a session they fill', async () => {
    const plain = parseCatalogueFilters(new URLSearchParams('')).filters
    const free = parseCatalogueFilters(new URLSearchParams('free=1')).filters
    const first = await listCataloguePage(test.db, { filters: plain, now, page: 1, pageSize: 12 })
    await listCataloguePage(test.db, { filters: free, now, page: 1, pageSize: 12 })
    const card = first.workshops.find((w) => w.nextSession?.availability.state === 'open' && w.upcomingSessions === 1)!
    expect(card).toBeDefined()
    const session = card.nextSession!
    // Bookings fill the session's seats one by one (the booking model writes the counter).
    for (let taken = 1; taken <= session.availability.freeSeats; taken++) {
      await registerForSession(test.db, {
        sessionId: session.id,
        form: person(`Účastník ${taken}`),
        locale: 'cs',
        now,
        appUrl: 'http://localhost:3000',
      })
      const page = await listCataloguePage(test.db, { filters: plain, now, page: 1, pageSize: 12 })
      const shown = page.workshops.find((w) => w.slug === card.slug)!
      expect(shown.nextSession!.availability.freeSeats).toBe(session.availability.freeSeats - taken)
    }
    const full = await listCataloguePage(test.db, { filters: plain, now, page: 1, pageSize: 12 })
    expect(full.workshops).toEqual((await listCatalogue(test.db, { filters: plain, now })).slice(0, 12))
    expect(full.workshops.find((w) => w.slug === card.slug)!.nextSession!.availability.state).toBe('full')
    const freeNow = await allPages('free=1', 12)
    expect(freeNow.entries.map((w) => w.slug)).not.toContain(card.slug)
    expect(freeNow.entries).toEqual(await listCatalogue(test.db, { filters: free, now }))
  })
})
