import autocannon from 'autocannon'
import { createTestDatabase } from '../../tests/support/database'
import { bookingForm } from '../../tests/support/fixtures'
import { LOAD_TEST_LIMITS, startServer, type RunningServer } from '../../tests/support/server'
import { startBarePage } from './bare-page'
import { firstVisitJavaScript } from './javascript'
import { buildLargeFixture } from './large-fixture'
import { loadTest, peakMemoryMb, type HttpResult } from './support'
import { startSmtpSink } from './booking'

/*
 * The pages of issue 16, each figure divided by the bare Remix v2 page's measured in the same
 * run (absolute numbers drift between machines): how fast the catalogue renders on every
 * request, while bookings flow into a session it shows, and at national scale; and how much
 * JavaScript a first visit loads.
 */
export const PAGE_TARGETS = {
  renderedVsBare: 0.7,
  whileBookingVsQuiet: 0.9,
  largeVsDemo: 0.9,
  firstVisitKb: 100,
}

export type PageRow = {
  name: string
  rps: number
  /** The bare page's speed in the windows this row is divided by. */
  bareRps: number
  vsBare: number
  p99Ms: number
  p99VsBare: number
  errors: number
}

const ratio = (a: number, b: number) => (b > 0 ? Math.round((a / b) * 100) / 100 : 0)

function row(result: HttpResult, bare: HttpResult): PageRow {
  return {
    name: result.name,
    rps: result.requestsPerSecond,
    bareRps: bare.requestsPerSecond,
    vsBare: ratio(result.requestsPerSecond, bare.requestsPerSecond),
    p99Ms: result.p99Ms,
    p99VsBare: ratio(result.p99Ms, bare.p99Ms),
    errors: result.errors + result.non2xx,
  }
}

/** A demo database with a bookable session on the catalogue's first page, seats to spare. */
async function demoWithBusySession() {
  const database = await createTestDatabase({ seedAt: new Date() })
  const now = new Date().toISOString()
  const busy = await database.db
    .selectFrom('sessions')
    .innerJoin('workshops', 'workshops.id', 'sessions.workshop_id')
    .select(['sessions.id', 'workshops.slug'])
    .where('workshops.published', '=', 1)
    .where('sessions.status', '=', 'scheduled')
    .where('sessions.starts_at', '>', now)
    .where((eb) => eb.or([eb('sessions.registration_opens_at', 'is', null), eb('sessions.registration_opens_at', '<=', now)]))
    .where((eb) => eb.or([eb('sessions.registration_closes_at', 'is', null), eb('sessions.registration_closes_at', '>', now)]))
    .orderBy('sessions.starts_at')
    .executeTakeFirstOrThrow()
  // Never full during the bench: the page keeps showing a free-seat count that changes.
  await database.db.updateTable('sessions').set({ capacity: 1_000_000 }).where('id', '=', busy.id).execute()
  await database.db.destroy()
  return { database, sessionId: busy.id, slug: busy.slug }
}

/** Bookings into one session at a steady rate until stopped; counts what was answered 303. */
function bookAtRate(server: RunningServer, sessionId: number, perSecond: number, seconds: number) {
  let n = 0
  return autocannon({
    url: `${server.url}/sessions/${sessionId}/book`,
    connections: 4,
    overallRate: perSecond,
    duration: seconds,
    requests: [
      {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        setupRequest: (request) => ({ ...request, body: bookingForm(1_000_000 + n++).toString() }),
      },
    ],
  })
}

/** Windows of one load test as one result: requests over time, and the worst window's p99. */
function merged(name: string, results: autocannon.Result[]): HttpResult {
  return {
    name,
    requestsPerSecond: Math.round(
      results.reduce((sum, r) => sum + r.requests.total, 0) / results.reduce((sum, r) => sum + r.duration, 0),
    ),
    // The worst window's: a p99 cannot be averaged.
    p99Ms: Math.max(...results.map((r) => r.latency.p99)),
    errors: results.reduce((sum, r) => sum + r.errors, 0),
    non2xx: results.reduce((sum, r) => sum + r.non2xx, 0),
  }
}

/**
 * A page and the bare page in alternating windows of 4 s (three each, after a warm-up of
 * both): this VM's speed drifts by up to 2× within an hour, so a page measured minutes after
 * the bare page was compared with another machine. Each row's ratio is to its own bare windows.
 */
async function againstBare(name: string, url: string, bareUrl: string, { rounds = 3, seconds = 4 } = {}) {
  const run = (target: string, duration: number) => autocannon({ url: target, connections: 50, duration })
  const windows = { page: [] as autocannon.Result[], bare: [] as autocannon.Result[] }
  await run(url, 2) // warm-up: JIT, caches
  await run(bareUrl, 1)
  for (let round = 0; round < rounds; round++) {
    windows.page.push(await run(url, seconds))
    windows.bare.push(await run(bareUrl, seconds))
  }
  return { page: merged(name, windows.page), bare: merged('bare Remix v2 page (its windows)', windows.bare) }
}

/**
 * A page's speed without bookings and with 40 bookings/s into a session, in alternating
 * windows of 4 s (three each, after a warm-up): whatever else the machine does over the minute
 * falls on both alike, where one long window after the other let it fall on one.
 */
async function quietAgainstBusy(
  server: RunningServer,
  sessionId: number,
  {
    url,
    quietName,
    busyName,
    rounds = 3,
    seconds = 4,
  }: { url: string; quietName: string; busyName: string; rounds?: number; seconds?: number },
) {
  const run = (duration: number) => autocannon({ url, connections: 50, duration })
  const windows = { quiet: [] as autocannon.Result[], busy: [] as autocannon.Result[], bookings: [] as autocannon.Result[] }
  await run(2) // warm-up: JIT, caches
  for (let round = 0; round < rounds; round++) {
    windows.quiet.push(await run(seconds))
    // Bookings start a second early, so the window sees them at their rate from its start.
    const bookings = bookAtRate(server, sessionId, 40, seconds + 1.5)
    await new Promise((r) => setTimeout(r, 1000))
    windows.busy.push(await run(seconds))
    windows.bookings.push(await bookings)
  }
  const booked = windows.bookings
  return {
    quiet: merged(quietName, windows.quiet),
    busy: merged(busyName, windows.busy),
    bookingsPerSecond: Math.round(booked.reduce((sum, b) => sum + b.requests.average, 0) / booked.length),
    bookingErrors: booked.reduce((sum, b) => sum + b.errors + (b.requests.total - (b['3xx'] ?? 0)), 0),
  }
}

export async function pageSpeed() {
  const bare = await startBarePage()
  const rows: PageRow[] = []
  let baseline: HttpResult
  let js: { path: string; scripts: number; kb: number; vsBare: number }[] = []
  let whileBooking = { quiet: 0, busy: 0, bookingsPerSecond: 0, bookingErrors: 0, workshopQuiet: 0, workshopBusy: 0 }
  let memoryMb = 0
  const smtp = await startSmtpSink()
  try {
    baseline = await loadTest('bare Remix v2 page', { url: `${bare.url}/` })
    rows.push(row(baseline, baseline))
    const bareKb = (await firstVisitJavaScript(bare.url, ['/']))[0]!.kb

    const demo = await demoWithBusySession()
    const env = { DATABASE_URL: demo.database.url, SMTP_URL: smtp.url, ...LOAD_TEST_LIMITS }
    let server = await startServer({ ...env, PAGE_CACHE_SECONDS: '0' })
    let demoCatalogue: { page: HttpResult; bare: HttpResult }
    try {
      demoCatalogue = await againstBare('/workshops, rendered on every request', `${server.url}/workshops`, `${bare.url}/`)
      rows.push(row(demoCatalogue.page, demoCatalogue.bare))
      for (const [name, path] of [
        ['/workshops/<slug>, rendered', `/workshops/${demo.slug}`],
        ['/workshops?q=bezpecnost&free=1, rendered', '/workshops?q=bezpecnost&free=1'],
        ['/sessions/<id>/book, rendered', `/sessions/${demo.sessionId}/book`],
      ] as const) {
        const measured = await againstBare(name, `${server.url}${path}`, `${bare.url}/`)
        rows.push(row(measured.page, measured.bare))
      }
      const paths = ['/workshops', `/workshops/${demo.slug}`, `/sessions/${demo.sessionId}/book`]
      js = (await firstVisitJavaScript(server.url, paths)).map((r) => ({ ...r, vsBare: ratio(r.kb, bareKb) }))
      js.unshift({ path: 'bare Remix v2 page', scripts: 0, kb: bareKb, vsBare: 1 })
    } finally {
      await server.stop()
    }

    // As in production: the page cache on, the mail worker sending every confirmation.
    server = await startServer(env)
    try {
      const catalogue = await quietAgainstBusy(server, demo.sessionId, {
        url: `${server.url}/workshops`,
        quietName: '/workshops, page cache on, no bookings',
        busyName: '/workshops, page cache on, 40 bookings/s into a session it shows',
      })
      // As every browser asks: compressed, which the cache does once per version, not per response.
      const compressed = await loadTest('/workshops, page cache on, Accept-Encoding: gzip, deflate, br', {
        url: `${server.url}/workshops`,
        headers: { 'accept-encoding': 'gzip, deflate, br' },
      })
      // The same for the page of the workshop being booked, where its visitors land.
      const workshop = await quietAgainstBusy(server, demo.sessionId, {
        url: `${server.url}/workshops/${demo.slug}`,
        quietName: '/workshops/<slug>, page cache on, no bookings',
        busyName: '/workshops/<slug>, page cache on, 40 bookings/s into its session',
      })
      memoryMb = peakMemoryMb(server.process.pid!)
      rows.push(
        row(catalogue.quiet, baseline),
        row(compressed, baseline),
        row(catalogue.busy, baseline),
        row(workshop.quiet, baseline),
        row(workshop.busy, baseline),
      )
      whileBooking = {
        quiet: catalogue.quiet.requestsPerSecond,
        busy: catalogue.busy.requestsPerSecond,
        bookingsPerSecond: catalogue.bookingsPerSecond,
        bookingErrors: catalogue.bookingErrors + workshop.bookingErrors,
        workshopQuiet: workshop.quiet.requestsPerSecond,
        workshopBusy: workshop.busy.requestsPerSecond,
      }
    } finally {
      await server.stop()
      await demo.database.cleanup()
    }

    const large = await createTestDatabase()
    await buildLargeFixture(large.db, { now: new Date() })
    await large.db.destroy()
    server = await startServer({ DATABASE_URL: large.url, PAGE_CACHE_SECONDS: '0', SMTP_URL: smtp.url })
    try {
      const largeCatalogue = await againstBare(
        '/workshops at 10k sessions / 100k bookings, rendered',
        `${server.url}/workshops`,
        `${bare.url}/`,
      )
      rows.push(row(largeCatalogue.page, largeCatalogue.bare))
      for (const [name, path] of [
        ['… page 9 of the same', '/workshops?page=9'],
        ['… topic, audience and free seats', '/workshops?topic=cybersecurity&audience=official&free=1'],
      ] as const) {
        const measured = await againstBare(name, `${server.url}${path}`, `${bare.url}/`)
        rows.push(row(measured.page, measured.bare))
      }
      const vsOwnBare = (m: { page: HttpResult; bare: HttpResult }) => m.page.requestsPerSecond / m.bare.requestsPerSecond
      return {
        rows,
        js,
        whileBooking,
        // Each against the bare windows measured beside it, then one against the other.
        largeVsDemo: ratio(vsOwnBare(largeCatalogue), vsOwnBare(demoCatalogue)),
        renderedVsBare: ratio(demoCatalogue.page.requestsPerSecond, demoCatalogue.bare.requestsPerSecond),
        memoryMb,
        baseline,
      }
    } finally {
      await server.stop()
      await large.cleanup()
    }
  } finally {
    await smtp.stop()
    await bare.stop()
  }
}
