import { randomBytes } from 'node:crypto'
import { gunzipSync } from 'node:zlib'
import { describe, expect, it } from 'vitest'
import { gzipTemplate, gzipWithNonce } from '~/utils/gzip-with-nonce.server'
import { splitAtNonce } from '~/utils/page-cache.server'

// Clock-independent: bytes only.

/** The page as rendered with another nonce, written out plainly. */
const withNonce = (body: Buffer, rendered: string, fresh: string) => Buffer.from(body.toString().replaceAll(rendered, fresh))

const page = (nonce: string, repeat = 40) =>
  Buffer.from(
    `<!DOCTYPE html><html lang="cs"><head><script nonce="${nonce}">window.x = 1</script></head><body>` +
      '<article class="card"><h2>Kybernetická bezpečnost na obecním úřadě</h2><p>Volná místa: 12</p></article>'.repeat(repeat) +
      `<script nonce="${nonce}" type="module">import "/build/entry.js"</script></body></html>`,
  )

describe('a cached page gzipped once, a fresh nonce in each response', () => {
  it('decodes to the page with the new nonce, byte for byte', () => {
    const rendered = 'cmVuZGVyZWQtbm9uY2U'
    const body = page(rendered)
    const template = gzipTemplate(splitAtNonce(body, rendered))
    for (const fresh of ['Zm9yLXRoaXMtcmVzcG9uc2U', 'YW5vdGhlci1vbmU', randomBytes(16).toString('base64')]) {
      const gzipped = Buffer.concat(gzipWithNonce(template, fresh))
      expect(gunzipSync(gzipped).equals(withNonce(body, rendered, fresh))).toBe(true)
    }
  })

  it('holds with the nonce at the very start and end, side by side, or nowhere', () => {
    const n = 'bm9uY2U'
    for (const text of [`${n}<p>a</p>${n}`, `${n}${n}${n}`, '<p>no script at all</p>', '', n]) {
      const body = Buffer.from(text)
      expect(gunzipSync(Buffer.concat(gzipWithNonce(gzipTemplate(splitAtNonce(body, n)), 'ZnJlc2g'))).toString()).toBe(
        text.replaceAll(n, 'ZnJlc2g'),
      )
    }
  })

  it('compresses: a large page with many nonces is a fraction of its size', () => {
    const rendered = 'cmVuZGVyZWQ'
    const body = page(rendered, 2000) // some 200 KB, parts larger than one deflate window
    const gzipped = Buffer.concat(gzipWithNonce(gzipTemplate(splitAtNonce(body, rendered)), 'ZnJlc2g'))
    expect(gunzipSync(gzipped).equals(withNonce(body, rendered, 'ZnJlc2g'))).toBe(true)
    expect(gzipped.length).toBeLessThan(body.length / 20)
  })

  it('keeps the page whole when it was rendered without a nonce', () => {
    const body = page('')
    expect(gunzipSync(Buffer.concat(gzipWithNonce(gzipTemplate(splitAtNonce(body, '')), 'ZnJlc2g'))).equals(body)).toBe(true)
  })
})
