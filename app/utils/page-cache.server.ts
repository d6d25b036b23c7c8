/*
 * Rendered public pages, reused while the data behind them has not changed.
 *
 * A burst of teachers opening the same free workshop asks for the same few pages hundreds of
 * times a minute; rendering each with React costs milliseconds. An entry is served only while
 * the database's data version is the one it was rendered at, so seat counts stay exact; a short
 * time limit covers what changes with the clock alone (a registration window closing).
 * Each response gets its own CSP nonce: the one rendered into the page is swapped for it.
 */

/** `Seats`: what the caller keeps to bring the page up to date in place (seat-patch.server.tsx). */
export type CachedPage<Seats = never> = {
  status: number
  headers: [string, string][]
  body: Buffer
  nonce: string
  version: string
  storedAt: number
  seats?: Seats
}

export class PageCache<Seats = never> {
  readonly #entries = new Map<string, CachedPage<Seats>>()
  #bytes = 0

  constructor(private readonly options: { maxEntries: number; maxBytes: number; ttlMs: number }) {}

  get(key: string, version: string, now = Date.now()): CachedPage<Seats> | undefined {
    const page = this.#entries.get(key)
    if (!page) return undefined
    if (page.version !== version || now - page.storedAt > this.options.ttlMs) {
      this.#delete(key, page)
      return undefined
    }
    return page
  }

  /** The entry whatever its version, while it is young enough: to bring up to date in place. */
  peek(key: string, now = Date.now()): CachedPage<Seats> | undefined {
    const page = this.#entries.get(key)
    if (!page) return undefined
    if (now - page.storedAt > this.options.ttlMs) {
      this.#delete(key, page)
      return undefined
    }
    return page
  }

  set(key: string, page: CachedPage<Seats>): void {
    const existing = this.#entries.get(key)
    if (existing) this.#delete(key, existing)
    if (page.body.length > this.options.maxBytes / 10) return
    this.#entries.set(key, page)
    this.#bytes += page.body.length
    // Oldest first out: a Map iterates in insertion order.
    for (const [oldKey, oldPage] of this.#entries) {
      if (this.#entries.size <= this.options.maxEntries && this.#bytes <= this.options.maxBytes) break
      this.#delete(oldKey, oldPage)
    }
  }

  get size(): number {
    return this.#entries.size
  }

  #delete(key: string, page: CachedPage<Seats>) {
    this.#entries.delete(key)
    this.#bytes -= page.body.length
  }
}

/**
 * The page's bytes between the nonce's occurrences: found once per cached body rather than
 * by searching the whole page in every response.
 */
export function splitAtNonce(body: Buffer, nonce: string): Buffer[] {
  if (nonce === '') return [body]
  const needle = Buffer.from(nonce)
  const parts: Buffer[] = []
  let start = 0
  for (let at = body.indexOf(needle); at !== -1; at = body.indexOf(needle, start)) {
    parts.push(body.subarray(start, at))
    start = at + needle.length
  }
  if (parts.length === 0) return [body]
  parts.push(body.subarray(start))
  return parts
}

/**
 * The page again, with this nonce between the parts, as the chunks to write: joining them
 * would allocate a page-sized buffer per response, and V8 answers that much memory outside its
 * heap with a full garbage collection every tenth of a second or so.
 */
export function chunksWithNonce(parts: Buffer[], nonce: string): Buffer[] {
  if (parts.length === 1) return parts
  const bytes = Buffer.from(nonce)
  const chunks: Buffer[] = [parts[0]!]
  for (let i = 1; i < parts.length; i++) chunks.push(bytes, parts[i]!)
  return chunks
}

/** Public catalogue pages and their single-fetch data; anything else is rendered every time. */
export function isCacheablePath(path: string): boolean {
  return /^\/workshops(\/[a-z0-9-]{1,120})?(\.data)?$/.test(path)
}
