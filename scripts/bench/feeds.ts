import { loadTest, type HttpResult } from './support'

/*
 * Calendar feeds under polling (issue 15, part 4): the catalogue's feed, one workshop's, and a
 * calendar revalidating with If-None-Match (304, no body). The target is p99 ≤ 100 ms with
 * 10,000 sessions in the database; the fixture that fills it is built elsewhere, so this only
 * measures the server it is given (scripts/bench/statistics.ts runs it on the 10,000-session fixture).
 */

export const FEED_TARGET_P99_MS = 100

export type FeedTimings = {
  /** Bytes of the catalogue feed and the time of its first (uncached) answer. */
  catalogueBytes: number
  firstCatalogueMs: number
  results: HttpResult[]
}

export async function feedBenchmarks(
  serverUrl: string,
  slug: string,
  options: { connections?: number; duration?: number } = {},
): Promise<FeedTimings> {
  const catalogue = `${serverUrl}/workshops/calendar.ics`
  const workshop = `${serverUrl}/workshops/${slug}/calendar.ics`

  // The first answer builds the feed; later ones come from the cache while the data holds.
  const started = performance.now()
  const first = await fetch(catalogue)
  const body = await first.arrayBuffer()
  const firstCatalogueMs = Math.round(performance.now() - started)
  const etag = first.headers.get('etag')
  if (first.status !== 200 || !etag) throw new Error(`catalogue feed answered ${first.status} without an ETag`)

  const load = { connections: options.connections ?? 20, duration: options.duration ?? 5 }
  const results = [
    await loadTest('catalogue feed', { url: catalogue, ...load }),
    await loadTest('workshop feed', { url: workshop, ...load }),
    await loadTest('catalogue feed, 304 revalidation', { url: catalogue, headers: { 'If-None-Match': etag }, ...load }),
  ]
  // autocannon counts a 304 as non-2xx; for the revalidation that is the expected answer.
  return { catalogueBytes: body.byteLength, firstCatalogueMs, results }
}
