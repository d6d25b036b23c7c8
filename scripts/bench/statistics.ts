import { statistics } from '~/models/statistics.server'
import { namedPeriod, periodValuesOf } from '~/models/statistics-periods'
import { pragueDateKey } from '~/utils/dates'
import { makeUser, signIn } from '../../tests/support/auth'
import { createTestDatabase } from '../../tests/support/database'
import { startServer } from '../../tests/support/server'
import { feedBenchmarks } from './feeds'
import { buildLargeFixture } from './large-fixture'

/**
 * The statistics dashboard at national scale: 10,000 sessions and 100,000 registrations
 * (scripts/bench/large-fixture.ts). Times `statistics()` for a calendar year in this process
 * (median of `runs`), and the dashboard page for the same year over HTTP, signed in as an
 * admin (every body), sequentially.
 */
export async function statisticsTimings({ runs = 9, engine }: { runs?: number; engine?: 'sqlite' | 'postgres' } = {}) {
  const database = await createTestDatabase(engine ? { engine } : {})
  const now = new Date()
  const built = performance.now()
  const fixture = await buildLargeFixture(database.db, { now })
  const buildMs = Math.round(performance.now() - built)
  const lastYear = String(Number(periodValuesOf(pragueDateKey(now.toISOString())).year) - 1)
  const period = namedPeriod('year', lastYear)!
  const median = async (fn: () => Promise<unknown>) => {
    await fn() // warm-up: statement caches, page cache
    const times: number[] = []
    for (let i = 0; i < runs; i++) {
      const started = performance.now()
      await fn()
      times.push(performance.now() - started)
    }
    times.sort((a, b) => a - b)
    return Math.round(times[Math.floor(times.length / 2)]! * 10) / 10
  }
  const year = await median(() => statistics(database.db, { period, scope: {}, filters: {}, now }))
  const yearOneBody = await median(() => statistics(database.db, { period, scope: { organiserIds: [1] }, filters: {}, now }))
  const yearTeachers = await median(() =>
    statistics(database.db, { period, scope: {}, filters: { audience: 'teacher', topic: 'data_literacy' }, now }),
  )
  const held = (await statistics(database.db, { period, scope: {}, filters: {}, now })).totals

  await makeUser(database.db, { email: 'spravce@bench.example', role: 'admin' })
  const server = await startServer({ DATABASE_URL: database.url })
  try {
    const { cookie } = await signIn(server.url, database.db, 'spravce@bench.example')
    const page = await median(async () => {
      const response = await fetch(`${server.url}/organiser/stats?period=year&value=${lastYear}`, { headers: { cookie } })
      if (response.status !== 200) throw new Error(`dashboard answered ${response.status}`)
      await response.arrayBuffer()
    })
    const download = await median(async () => {
      const response = await fetch(`${server.url}/organiser/stats/months.xlsx?period=year&value=${lastYear}`, {
        headers: { cookie },
      })
      if (response.status !== 200) throw new Error(`download answered ${response.status}`)
      await response.arrayBuffer()
    })
    // The calendar feeds over the same 10,000 sessions: the catalogue's, one workshop's, and a 304.
    const slug = (
      await database.db.selectFrom('workshops').select('slug').where('published', '=', 1).orderBy('id').executeTakeFirstOrThrow()
    ).slug
    const feeds = await feedBenchmarks(server.url, slug, { connections: 10, duration: 5 })
    const [catalogueFeed, workshopFeed, revalidation] = feeds.results
    return {
      engine: database.engine,
      fixture: `${fixture.sessions} sessions, ${fixture.registrations} registrations (built in ${buildMs} ms)`,
      year: lastYear,
      heldInYear: held.sessionsHeld,
      bookingsInYear: held.bookings,
      statisticsYearMs: year,
      statisticsYearOneBodyMs: yearOneBody,
      statisticsYearFilteredMs: yearTeachers,
      dashboardHttpMs: page,
      monthsXlsxHttpMs: download,
      catalogueFeedKb: Math.round(feeds.catalogueBytes / 1024),
      catalogueFeedFirstMs: feeds.firstCatalogueMs,
      catalogueFeedP99Ms: catalogueFeed!.p99Ms,
      workshopFeedP99Ms: workshopFeed!.p99Ms,
      feed304P99Ms: revalidation!.p99Ms,
    }
  } finally {
    await server.stop()
    await database.cleanup()
  }
}
