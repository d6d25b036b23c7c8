import { bookingBursts, bookingThroughput, mailThroughput } from './bench/booking'
import { documentTimings } from './bench/documents'
import { bookingsOn, catalogueOn } from './bench/instances'
import { reminderRun } from './bench/reminders'
import { FEED_TARGET_P99_MS } from './bench/feeds'
import { profilePage } from './bench/profile'
import { statisticsTimings } from './bench/statistics'
import { worksheetStreaming } from './bench/worksheets'
import { ensureBuild, loadTest, peakMemoryMb, startBenchServer, verdict, type HttpResult } from './bench/support'

/*
 * Benchmarks, not tests: they report numbers against the targets in the issues and never
 * fail the build. Run on an otherwise idle machine: `npm run bench`.
 */
const TARGETS = {
  catalogueRps: 1000,
  catalogueP99Ms: 100,
  memoryMb: 250,
  bookingsPerSecond: 800,
  burstP99Ms: 250,
  emailsPerSecond: 300,
  documentMs: 2000,
  liveMbPerTransfer: 5,
  reminderRunMs: 10_000,
  bookingP99DuringJobsMs: 250,
  statisticsYearMs: 500,
}

async function catalogue(label: string, env: Record<string, string>): Promise<{ results: HttpResult[]; memory: number }> {
  const { server, cleanup } = await startBenchServer(env)
  try {
    const results = [
      await loadTest(`${label} GET /workshops`, { url: `${server.url}/workshops` }),
      await loadTest(`${label} GET /workshops/<slug>`, { url: `${server.url}/workshops/pozvete-data-do-hodin-2-stupen-ss` }),
      await loadTest(`${label} GET /workshops?q=bezpecnost&free=1`, { url: `${server.url}/workshops?q=bezpecnost&free=1` }),
    ]
    return { results, memory: peakMemoryMb(server.process.pid!) }
  } finally {
    await cleanup()
  }
}

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
const cached = await catalogue('cached', {})
// The same pages rendered on every request: what the first visitor after a change gets.
const rendered = await catalogue('rendered', { PAGE_CACHE_SECONDS: '0' })

console.log('\nCatalogue (autocannon, 50 connections, 10 s each after 2 s warm-up; production build, demo data)')
console.table([...cached.results, ...rendered.results])
const main = cached.results[0]!
console.log(
  `/workshops: ${main.requestsPerSecond} req/s (target ≥ ${TARGETS.catalogueRps}): ${verdict(main.requestsPerSecond >= TARGETS.catalogueRps)}`,
)
console.log(
  `/workshops: p99 ${main.p99Ms} ms (target ≤ ${TARGETS.catalogueP99Ms}): ${verdict(main.p99Ms <= TARGETS.catalogueP99Ms)}`,
)
console.log(
  `server peak memory: ${cached.memory} MB with the page cache, ${rendered.memory} MB without (target < ${TARGETS.memoryMb}): ${verdict(cached.memory < TARGETS.memoryMb)}`,
)
const failures = [...cached.results, ...rendered.results].filter((r) => r.errors > 0 || r.non2xx > 0)
if (failures.length > 0) console.log(`Failed requests in: ${failures.map((r) => r.name).join(', ')}`)

const sustained = await bookingThroughput()
const burst = await bookingBursts()
const mail = await mailThroughput()
console.log('\nBooking and e-mail')
console.table([sustained])
console.table([burst])
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
