import { bookingBursts, bookingThroughput, mailThroughput } from './bench/booking'
import { documentTimings } from './bench/documents'
import { bookingsOn, catalogueOn } from './bench/instances'
import { reminderRun } from './bench/reminders'
import { FEED_TARGET_P99_MS } from './bench/feeds'
import { PAGE_TARGETS, pageSpeed } from './bench/pages'
import { profilePage } from './bench/profile'
import { statisticsTimings } from './bench/statistics'
import { worksheetStreaming } from './bench/worksheets'
import { startBarePage } from './bench/bare-page'
import { ensureBuild, loadTest, verdict } from './bench/support'

/*
 * Benchmarks, not tests: they report numbers against the targets in the issues and never
 * fail the build. Run on an otherwise idle machine: `npm run bench`.
 */
const TARGETS = {
  memoryMb: 250,
  bookingsPerSecond: 1000,
  burstP99Ms: 250,
  emailsPerSecond: 300,
  documentMs: 2000,
  liveMbPerTransfer: 5,
  reminderRunMs: 10_000,
  bookingP99DuringJobsMs: 250,
  statisticsYearMs: 500,
}

const ratioOf = (a: number, b: number) => (b > 0 ? Math.round((a / b) * 100) / 100 : 0)

ensureBuild()
// `npm run bench -- --profile [/path]`: where the server's CPU goes on one page rendered per request.
if (process.argv.includes('--profile')) {
  const at = process.argv.indexOf('--profile')
  await profilePage(process.argv[at + 1]?.startsWith('/') ? process.argv[at + 1]! : '/workshops')
  process.exit(0)
}
// `npm run bench -- --engines` measures only SQLite against PostgreSQL (below).
if (process.argv.includes('--engines')) {
  await engines()
  process.exit(0)
}
// `npm run bench -- --statistics` measures only the statistics dashboard (below).
if (process.argv.includes('--statistics')) {
  await statisticsSection()
  process.exit(0)
}
// `npm run bench -- --bookings` measures only bookings and mail against a bare page of its own.
const bookingsOnly = process.argv.includes('--bookings')
const pages = bookingsOnly ? undefined : await pageSpeed()
const bare = pages?.baseline ?? (await bareBaseline())
if (pages) printPages(pages)
// `npm run bench -- --pages` measures only the pages (issue 16's figures).
if (process.argv.includes('--pages')) process.exit(0)

async function bareBaseline() {
  const page = await startBarePage()
  try {
    return await loadTest('bare Remix v2 page', { url: `${page.url}/` })
  } finally {
    await page.stop()
  }
}

function printPages(pages: Awaited<ReturnType<typeof pageSpeed>>) {
  console.log(
    '\nPages against a bare Remix v2 page built and served by this run (autocannon, 50 connections). Rendered pages:' +
      ' three 4 s windows each, alternating with the bare page, and divided by those bare windows. Cached pages: 10 s' +
      ' after 2 s warm-up, against the first bare row; with and without bookings: three alternating 4 s windows each.',
  )
  console.table(pages.rows)
  console.log(
    `/workshops rendered on every request: ${pages.renderedVsBare}× the bare page (target ≥ ${PAGE_TARGETS.renderedVsBare}): ${verdict(pages.renderedVsBare >= PAGE_TARGETS.renderedVsBare)}`,
  )
  const flowing = ratioOf(pages.whileBooking.busy, pages.whileBooking.quiet)
  console.log(
    `/workshops while ${pages.whileBooking.bookingsPerSecond} bookings/s go into a session it shows: ${flowing}× its speed without bookings ` +
      `(target ≥ ${PAGE_TARGETS.whileBookingVsQuiet}; ${pages.whileBooking.bookingErrors} bookings not answered 303): ${verdict(flowing >= PAGE_TARGETS.whileBookingVsQuiet)}`,
  )
  console.log(
    `/workshops/<slug> while the same bookings go into its session: ${ratioOf(pages.whileBooking.workshopBusy, pages.whileBooking.workshopQuiet)}× its speed without bookings (no target; the same figure for the workshop's own page)`,
  )
  console.log(
    `/workshops at 10,000 sessions and 100,000 bookings: ${pages.largeVsDemo}× its speed on the demo data (target ≥ ${PAGE_TARGETS.largeVsDemo}): ${verdict(pages.largeVsDemo >= PAGE_TARGETS.largeVsDemo)}`,
  )
  console.log('\nJavaScript on a first visit (Chromium, empty cache, compressed bytes on the wire)')
  console.table(pages.js)
  console.log(
    `server peak memory under catalogue load and bookings: ${pages.memoryMb} MB (target < ${TARGETS.memoryMb}): ${verdict(pages.memoryMb < TARGETS.memoryMb)}`,
  )
  const firstVisit = pages.js.find((r) => r.path === '/workshops')!
  console.log(
    `/workshops: ${firstVisit.kb} KB (target ≤ ${PAGE_TARGETS.firstVisitKb}): ${verdict(firstVisit.kb <= PAGE_TARGETS.firstVisitKb)}`,
  )
}

const sustained = await bookingThroughput()
const burst = await bookingBursts()
const mail = await mailThroughput()
console.log('\nBooking and e-mail (× bare: against the bare page of this run, requests/s and p99)')
console.table([
  {
    ...sustained,
    vsBare: ratioOf(sustained.requestsPerSecond, bare.requestsPerSecond),
    p99VsBare: ratioOf(sustained.p99Ms, bare.p99Ms),
  },
])
console.table([{ ...burst, p99VsBare: ratioOf(burst.medianP99Ms, bare.p99Ms) }])
console.table([mail])
console.log(
  `bookings: ${sustained.requestsPerSecond}/s (target ≥ ${TARGETS.bookingsPerSecond}): ${verdict(sustained.requestsPerSecond >= TARGETS.bookingsPerSecond)}`,
)
console.log(
  `200-way burst: p99 ${burst.medianP99Ms} ms in the median burst, ${burst.worstP99Ms} ms in the worst (target ≤ ${TARGETS.burstP99Ms}): ${verdict(burst.medianP99Ms <= TARGETS.burstP99Ms)}`,
)
console.log(
  `e-mail: ${mail.emailsPerSecond}/s (target ≥ ${TARGETS.emailsPerSecond}): ${verdict(mail.emailsPerSecond >= TARGETS.emailsPerSecond)}`,
)
if (bookingsOnly) process.exit(0)

const reminders = await reminderRun()
console.log('\nReminders: one run over 10,000 due registrations while bookings keep coming (10 connections)')
console.table([reminders])
console.log(
  `reminder run: ${reminders.queued} queued in ${reminders.runMs} ms (target ≤ ${TARGETS.reminderRunMs}): ${verdict(reminders.runMs <= TARGETS.reminderRunMs && reminders.queued === 10_000)}`,
)
console.log(
  `bookings during the run: p99 ${reminders.bookingP99DuringMs} ms, ${reminders.bookingP99QuietMs} ms without it (target ≤ ${TARGETS.bookingP99DuringJobsMs}): ${verdict(reminders.bookingP99DuringMs <= TARGETS.bookingP99DuringJobsMs)}`,
)

const documents = await documentTimings()
console.log('\nDocuments (median of runs, this process)')
console.table(documents)
for (const d of documents.slice(0, 2))
  console.log(`${d.name}: ${d.ms} ms (target < ${TARGETS.documentMs}): ${verdict(d.ms < TARGETS.documentMs)}`)

const files = [await worksheetStreaming(25), await worksheetStreaming(100)]
console.log('\nWorksheets: 1 upload, 3 at once, 1 download, 4 at once; server peak memory (VmHWM) after warm page traffic')
console.table(files)
// The first large transfer lifts the peak once (garbage awaiting collection, SQLite's 16 MB page
// cache); what each further request in flight adds is the per-request cost.
for (const f of files) {
  const perUpload = (f.peakAfterConcurrentUploadsMb - f.peakAfterOneUploadMb) / 3
  const perDownload = (f.peakAfterDownloadsMb - f.peakAfterConcurrentUploadsMb) / 4
  console.log(
    `${f.name}: peak +${f.peakAfterOneUploadMb - f.peakBaselineMb} MB with the first upload, then ` +
      `${perUpload.toFixed(1)} MB per further upload and ${perDownload.toFixed(1)} MB per download in flight ` +
      `(target ≤ ${TARGETS.liveMbPerTransfer}, not the file's size): ${verdict(Math.max(perUpload, perDownload) <= TARGETS.liveMbPerTransfer)}; ` +
      `byte-identical: ${f.identical}`,
  )
}
const live = [await worksheetStreaming(25, { live: true }), await worksheetStreaming(100, { live: true })]
console.log('\nWorksheets: largest memory still reachable right after a collection (every 20 ms), heap + array buffers')
console.table(live)

await statisticsSection()
await engines()

/** The dashboard for a year over 10,000 sessions and 100,000 registrations, on SQLite and (with TEST_POSTGRES_URL) PostgreSQL. */
async function statisticsSection() {
  const rows = [await statisticsTimings({ engine: 'sqlite' })]
  if (process.env.TEST_POSTGRES_URL) rows.push(await statisticsTimings({ engine: 'postgres' }))
  console.log('\nStatistics: one calendar year over 10,000 sessions and 100,000 registrations (median of 9 runs)')
  console.table(rows)
  for (const r of rows) {
    console.log(
      `${r.engine}: statistics() for a year ${r.statisticsYearMs} ms, the dashboard over HTTP ${r.dashboardHttpMs} ms ` +
        `(target < ${TARGETS.statisticsYearMs}): ${verdict(r.dashboardHttpMs < TARGETS.statisticsYearMs)}`,
    )
    const feedP99 = Math.max(r.catalogueFeedP99Ms, r.workshopFeedP99Ms)
    console.log(
      `${r.engine}: calendar feeds p99 ${r.catalogueFeedP99Ms} ms (catalogue, ${r.catalogueFeedKb} kB), ${r.workshopFeedP99Ms} ms (one workshop), ` +
        `${r.feed304P99Ms} ms (304) (target < ${FEED_TARGET_P99_MS}): ${verdict(feedP99 < FEED_TARGET_P99_MS)}`,
    )
  }
}

/** SQLite in one process against PostgreSQL with one and three instances (TEST_POSTGRES_URL names the server). */
async function engines() {
  console.log('\nEngines: 48 connections shared over the instances, 10 s after 2 s warm-up')
  const rows = [await bookingsOn('sqlite', 1)]
  if (!process.env.TEST_POSTGRES_URL) {
    console.log('PostgreSQL: skipped (set TEST_POSTGRES_URL, e.g. from `bash scripts/ci/start-postgres.sh`).')
    console.table(rows)
    return
  }
  rows.push(await bookingsOn('postgres', 1), await bookingsOn('postgres', 3))
  rows.push(await catalogueOn('sqlite', 1, { PAGE_CACHE_SECONDS: '0' }))
  rows.push(
    await catalogueOn('postgres', 1, { PAGE_CACHE_SECONDS: '0' }),
    await catalogueOn('postgres', 3, { PAGE_CACHE_SECONDS: '0' }),
  )
  rows.push(await catalogueOn('postgres', 3))
  console.table(rows)
}
