import type { Kysely } from 'kysely'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { DB } from '../../db/schema'
import { statistics, type StatisticsFilters, type StatisticsScope } from '~/models/statistics.server'
import { customPeriod, monthsOf, namedPeriod, periodValuesOf } from '~/models/statistics-periods'
import { pragueDay, testStart } from '../support/clock'
import { createTestDatabase, type TestDatabase } from '../support/database'
import { at, ORGANISATIONS, PERIOD, statisticsWorld } from '../support/statistics-world'

/*
 * The statistics over a fixture with known numbers (tests/support/statistics-world.ts says
 * who did what): every figure is asserted exactly.
 */

let test: TestDatabase
let db: Kysely<DB>
let world: Awaited<ReturnType<typeof statisticsWorld>>

beforeAll(async () => {
  test = await createTestDatabase()
  db = test.db
  world = await statisticsWorld(db)
}, 60_000)

afterAll(async () => {
  await test.cleanup()
})

const stats = (scope: StatisticsScope = {}, filters: StatisticsFilters = {}, period = PERIOD) =>
  statistics(db, { period, scope, filters, now: testStart })

describe('statistics over a period', () => {
  it('counts sessions held, cancelled and upcoming, seats, bookings and the waiting list', async () => {
    const { totals } = await stats()
    expect(totals).toMatchObject({
      sessionsHeld: 4,
      sessionsCancelled: 1,
      sessionsUpcoming: 1,
      // 3 + a seat added for the walk-in, 10, 5, 12
      seatsOffered: 31,
      bookings: 12,
      walkIns: 1,
      cancelledBookings: 1,
      waitingListDemand: 1,
    })
    expect(totals.fillRate).toBe(12 / 31)
  })

  it('counts attendance on sessions whose attendance is closed', async () => {
    const { totals } = await stats()
    expect(totals).toMatchObject({
      sessionsWithAttendance: 3,
      expected: 10,
      present: 4,
      late: 1,
      excused: 1,
      absent: 3,
      unmarked: 1,
      attended: 5,
      attendanceRate: 0.5,
      noShowRate: 0.3,
      excusedRate: 0.1,
    })
  })

  it('counts certificates that stand, and feedback by session (anonymised answers too)', async () => {
    const { totals } = await stats()
    expect(totals.certificatesIssued).toBe(5)
    expect(totals.feedbackResponses).toBe(4)
    expect(totals.feedbackAverage).toBe(3.5)
    expect(totals.feedbackResponseRate).toBe(0.8)
  })

  it('counts participants by type and school level', async () => {
    const { byType } = await stats()
    expect(byType).toEqual([
      { group: 'teacher_ms', bookings: 1, attended: 0 },
      { group: 'teacher_zs', bookings: 3, attended: 2 },
      { group: 'teacher_ss', bookings: 0, attended: 0 },
      { group: 'teacher_vos', bookings: 1, attended: 0 },
      { group: 'official', bookings: 5, attended: 2 },
      { group: 'other', bookings: 2, attended: 1 },
    ])
  })

  it('counts participants by organisation; anonymised bookings fall under "not stated"', async () => {
    const { byOrganisation } = await stats()
    expect(byOrganisation).toEqual([
      { organisation: ORGANISATIONS.school, bookings: 3, attended: 2 },
      { organisation: ORGANISATIONS.village, bookings: 2, attended: 1 },
      { organisation: ORGANISATIONS.region, bookings: 1, attended: 0 },
      { organisation: ORGANISATIONS.nursery, bookings: 1, attended: 0 },
      { organisation: ORGANISATIONS.town, bookings: 1, attended: 0 },
      { organisation: ORGANISATIONS.college, bookings: 1, attended: 0 },
      // Filip and Jana named none; Gustav was anonymised.
      { organisation: null, bookings: 3, attended: 2 },
    ])
  })

  it('splits the figures by Prague month of the start, adding up to the totals', async () => {
    const { months, totals } = await stats()
    expect(months.map((m) => m.month)).toEqual(monthsOf(PERIOD))
    const monthOf = (days: number) => pragueDay(at(days)).slice(0, 7)
    // Held sessions and their bookings: S1 (4), S2 (4), S3 (2), S6 (2).
    const expected = new Map<string, { sessionsHeld: number; bookings: number }>()
    for (const [d, bookings] of [
      [-20, 4],
      [-10, 4],
      [-5, 2],
      [-8, 2],
    ] as const) {
      const m = expected.get(monthOf(d)) ?? { sessionsHeld: 0, bookings: 0 }
      expected.set(monthOf(d), { sessionsHeld: m.sessionsHeld + 1, bookings: m.bookings + bookings })
    }
    for (const m of months) {
      expect({ month: m.month, sessionsHeld: m.sessionsHeld, bookings: m.bookings }).toEqual({
        month: m.month,
        ...(expected.get(m.month) ?? { sessionsHeld: 0, bookings: 0 }),
      })
    }
    const sum = (key: 'bookings' | 'seatsOffered' | 'certificatesIssued' | 'feedbackResponses' | 'absent') =>
      months.reduce((total, m) => total + m[key], 0)
    expect(sum('bookings')).toBe(totals.bookings)
    expect(sum('seatsOffered')).toBe(totals.seatsOffered)
    expect(sum('certificatesIssued')).toBe(totals.certificatesIssued)
    expect(sum('feedbackResponses')).toBe(totals.feedbackResponses)
    expect(sum('absent')).toBe(totals.absent)
  })

  it('leaves out sessions that start outside the period', async () => {
    const before = await stats({}, {}, { from: pragueDay(at(-91)), to: pragueDay(at(-89)) })
    expect(before.totals).toMatchObject({ sessionsHeld: 1, bookings: 1, attended: 1, certificatesIssued: 1 })
    const empty = await stats({}, {}, { from: pragueDay(at(-200)), to: pragueDay(at(-150)) })
    expect(empty.totals).toMatchObject({
      sessionsHeld: 0,
      bookings: 0,
      fillRate: null,
      attendanceRate: null,
      feedbackAverage: null,
    })
  })
})

describe('scope and filters', () => {
  it('shows an organiser only the workshops of their bodies', async () => {
    const a = await stats({ organiserIds: [world.staff.bodyAId] })
    expect(a.totals).toMatchObject({
      sessionsHeld: 3,
      sessionsCancelled: 1,
      seatsOffered: 19,
      bookings: 10,
      attended: 4,
      absent: 2,
      certificatesIssued: 4,
      feedbackResponses: 3,
    })
    expect(a.byOrganisation.map((o) => o.organisation)).not.toContain(ORGANISATIONS.village)
    const b = await stats({ organiserIds: [world.staff.bodyBId] })
    expect(b.totals).toMatchObject({ sessionsHeld: 1, sessionsCancelled: 0, bookings: 2, attended: 1, feedbackResponses: 1 })
    const none = await stats({ organiserIds: [] })
    expect(none.totals).toMatchObject({ sessionsHeld: 0, sessionsCancelled: 0, bookings: 0 })
  })

  it('filters by body, topic, audience, school level and workshop', async () => {
    expect((await stats({}, { organiserId: world.staff.bodyBId })).totals).toMatchObject({ sessionsHeld: 1, bookings: 2 })
    expect((await stats({}, { topic: 'cybersecurity' })).totals).toMatchObject({
      sessionsHeld: 2,
      sessionsCancelled: 1,
      bookings: 6,
    })
    expect((await stats({}, { audience: 'teacher' })).totals).toMatchObject({ sessionsHeld: 2, sessionsUpcoming: 1, bookings: 6 })
    expect((await stats({}, { audience: 'public' })).totals).toMatchObject({ sessionsHeld: 1, bookings: 2 })
    expect((await stats({}, { schoolLevel: 'ss' })).totals).toMatchObject({ sessionsHeld: 2, bookings: 6 })
    expect((await stats({}, { schoolLevel: 'ms' })).totals).toMatchObject({ sessionsHeld: 0, bookings: 0 })
    expect((await stats({}, { workshopId: world.workshops.cyber })).totals).toMatchObject({
      sessionsHeld: 1,
      sessionsCancelled: 1,
      bookings: 4,
      certificatesIssued: 1,
    })
    // A filter does not widen the scope.
    expect((await stats({ organiserIds: [world.staff.bodyAId] }, { organiserId: world.staff.bodyBId })).totals.sessionsHeld).toBe(
      0,
    )
  })
})

describe('periods', () => {
  it('names months, quarters, school years and years in Prague days', () => {
    expect(namedPeriod('month', '2027-02')).toEqual({ from: '2027-02-01', to: '2027-02-28' })
    expect(namedPeriod('month', '2028-02')).toEqual({ from: '2028-02-01', to: '2028-02-29' })
    expect(namedPeriod('quarter', '2026-Q4')).toEqual({ from: '2026-10-01', to: '2026-12-31' })
    expect(namedPeriod('schoolYear', '2025')).toEqual({ from: '2025-09-01', to: '2026-08-31' })
    expect(namedPeriod('year', '2026')).toEqual({ from: '2026-01-01', to: '2026-12-31' })
    expect(namedPeriod('month', '2026-13')).toBeUndefined()
    expect(namedPeriod('quarter', '2026-Q5')).toBeUndefined()
    expect(periodValuesOf('2026-09-01')).toEqual({ month: '2026-09', quarter: '2026-Q3', schoolYear: '2026', year: '2026' })
    expect(periodValuesOf('2026-08-31').schoolYear).toBe('2025')
  })

  it('checks custom periods', () => {
    expect(customPeriod('2026-01-01', '2026-01-31')).toEqual({ ok: true, period: { from: '2026-01-01', to: '2026-01-31' } })
    expect(customPeriod('2026-02-30', '2026-03-01')).toEqual({ ok: false, problem: 'from' })
    expect(customPeriod('2026-03-01', '2026-02-01')).toEqual({ ok: false, problem: 'order' })
    expect(customPeriod('2020-01-01', '2026-01-01')).toEqual({ ok: false, problem: 'tooLong' })
    expect(monthsOf({ from: '2026-11-15', to: '2027-02-01' })).toEqual(['2026-11', '2026-12', '2027-01', '2027-02'])
  })
})
