import { describe, expect, it } from 'vitest'
import { isCacheablePath, chunksWithNonce, PageCache, splitAtNonce, type CachedPage } from '~/utils/page-cache.server'

const page = (body: string, version = 'v1', storedAt = 0): CachedPage => ({
  status: 200,
  headers: [],
  body: Buffer.from(body),
  nonce: 'N0NCE',
  version,
  storedAt,
})

describe('the page cache', () => {
  it('serves an entry only for the data version it was rendered at, and within its time limit', () => {
    const cache = new PageCache({ maxEntries: 10, maxBytes: 1e6, ttlMs: 5000 })
    cache.set('k', page('a', 'v1', 1000))
    expect(cache.get('k', 'v1', 2000)?.body.toString()).toBe('a')
    expect(cache.get('k', 'v2', 2000)).toBeUndefined()
    cache.set('k', page('a', 'v1', 1000))
    expect(cache.get('k', 'v1', 6001)).toBeUndefined()
  })

  it('drops the oldest entries beyond its limits', () => {
    const cache = new PageCache({ maxEntries: 2, maxBytes: 1e6, ttlMs: 5000 })
    cache.set('a', page('1'))
    cache.set('b', page('2'))
    cache.set('c', page('3'))
    expect(cache.size).toBe(2)
    expect(cache.get('a', 'v1', 0)).toBeUndefined()
    expect(cache.get('c', 'v1', 0)).toBeDefined()
  })

  it('swaps every occurrence of the rendered nonce', () => {
    const body = Buffer.from('<script nonce="ABC">1</script><script nonce="ABC">2</script>')
    const swapped = Buffer.concat(chunksWithNonce(splitAtNonce(body, 'ABC'), 'XYZ'))
    expect(swapped.toString()).toBe('<script nonce="XYZ">1</script><script nonce="XYZ">2</script>')
  })

  it('splits a page at its nonce once, and sends the parts with any nonce between them', () => {
    const body = Buffer.from('ABC<script nonce="ABC">1</script>ABCABC')
    const parts = splitAtNonce(body, 'ABC')
    expect(parts.map(String)).toEqual(['', '<script nonce="', '">1</script>', '', ''])
    expect(Buffer.concat(chunksWithNonce(parts, 'XYZW')).toString()).toBe('XYZW<script nonce="XYZW">1</script>XYZWXYZW')
    expect(Buffer.concat(chunksWithNonce(parts, 'ABC')).equals(body)).toBe(true)
    // The cached parts themselves go out, not copies of them.
    expect(chunksWithNonce(parts, 'XYZW').filter((_, i) => i % 2 === 0)).toEqual(parts)
    expect(
      chunksWithNonce(parts, 'XYZW')
        .filter((_, i) => i % 2 === 0)
        .every((chunk, i) => chunk === parts[i]),
    ).toBe(true)
    // Without the nonce in it, the page is one part and goes out as it is.
    const plain = Buffer.from('no nonce')
    expect(chunksWithNonce(splitAtNonce(plain, 'ABC'), 'XYZ')).toEqual([plain])
    expect(chunksWithNonce(splitAtNonce(plain, 'ABC'), 'XYZ')[0]).toBe(plain)
    expect(splitAtNonce(plain, '')).toEqual([plain])
  })

  it('caches only the public catalogue', () => {
    expect(isCacheablePath('/workshops')).toBe(true)
    expect(isCacheablePath('/workshops/phishing')).toBe(true)
    expect(isCacheablePath('/workshops.data')).toBe(true)
    expect(isCacheablePath('/healthz')).toBe(false)
    expect(isCacheablePath('/workshops/a/b')).toBe(false)
    expect(isCacheablePath('/language')).toBe(false)
  })
})
