import { request } from 'node:http'
import { gunzipSync } from 'node:zlib'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { testStart } from '../support/clock'
import { createTestDatabase, type TestDatabase } from '../support/database'
import { requestsTo, startServer, type RunningServer } from '../support/server'

let database: TestDatabase
let server: RunningServer

beforeAll(async () => {
  database = await createTestDatabase({ seedAt: testStart })
  server = await startServer({ DATABASE_URL: database.url })
})
afterAll(async () => {
  await server?.stop()
  await database?.cleanup()
})

const { get } = requestsTo(() => server)

describe('the catalogue over HTTP', () => {
  it('redirects / to /workshops', async () => {
    const response = await get('/')
    expect(response.status).toBe(302)
    expect(response.headers.get('location')).toBe('/workshops')
  })

  it('serves the catalogue in Czech by default, with Czech plurals for free seats', async () => {
    const response = await get('/workshops')
    expect(response.status).toBe(200)
    const html = await response.text()
    expect(html).toContain('<html lang="cs">')
    expect(html).toContain('Workshopy a školení')
    expect(html).toMatch(/\d+\u00a0volných míst/)
    expect(html).toMatch(/[234]\u00a0volná místa|1\u00a0volné místo/)
    expect(html).toContain('role="search"')
    expect(html).toContain('type="search"')
  })

  it('answers in English when the browser prefers it', async () => {
    const html = await (await get('/workshops', { 'Accept-Language': 'en-GB,en;q=0.9' })).text()
    expect(html).toContain('<html lang="en">')
    expect(html).toContain('Workshops and trainings')
  })

  it('remembers a language chosen with the switcher over the browser preference', async () => {
    const response = await fetch(`${server.url}/language`, {
      method: 'POST',
      body: new URLSearchParams({ lang: 'en', redirectTo: '/workshops?topic=cybersecurity' }),
      redirect: 'manual',
    })
    expect(response.status).toBe(303)
    expect(response.headers.get('location')).toBe('/workshops?topic=cybersecurity')
    const cookie = response.headers.get('set-cookie')!.split(';')[0]!
    const html = await (await get('/workshops', { Cookie: cookie, 'Accept-Language': 'cs' })).text()
    expect(html).toContain('<html lang="en">')
  })

  it('does not redirect the language switcher off the site', async () => {
    const response = await fetch(`${server.url}/language`, {
      method: 'POST',
      body: new URLSearchParams({ lang: 'cs', redirectTo: '//evil.example/' }),
      redirect: 'manual',
    })
    expect(response.headers.get('location')).toBe('/workshops')
  })

  it('serves a workshop page and a real 404 for an unknown one', async () => {
    const ok = await get('/workshops/phishing-a-socialni-inzenyrstvi')
    expect(ok.status).toBe(200)
    expect(await ok.text()).toContain('Phishing a sociální inženýrství')
    const missing = await get('/workshops/no-such-workshop')
    expect(missing.status).toBe(404)
    expect(await missing.text()).toContain('Workshop nenalezen')
    const elsewhere = await get('/no/such/page')
    expect(elsewhere.status).toBe(404)
    expect(await elsewhere.text()).toContain('Stránka nenalezena')
  })

  it('answers /healthz with a small JSON body', async () => {
    const response = await get('/healthz')
    expect(response.status).toBe(200)
    expect(await response.json()).toEqual({ status: 'ok', database: 'ok' })
  })

  it('sends security headers with a nonce-based CSP and no inline scripts allowed', async () => {
    const response = await get('/workshops')
    const csp = response.headers.get('content-security-policy') ?? ''
    expect(csp).toMatch(/script-src 'self' 'nonce-[A-Za-z0-9+/=]+'/)
    expect(csp).not.toContain('unsafe-inline')
    expect(csp).toContain("frame-ancestors 'none'")
    expect(response.headers.get('x-content-type-options')).toBe('nosniff')
    expect(response.headers.get('referrer-policy')).toBe('strict-origin-when-cross-origin')
    const nonce = /'nonce-([^']+)'/.exec(csp)![1]
    const html = await response.text()
    // Every inline script carries the nonce.
    const scripts = html.match(/<script(?![^>]*\bsrc=)[^>]*>/g) ?? []
    expect(scripts.length).toBeGreaterThan(0)
    for (const tag of scripts) expect(tag).toContain(`nonce="${nonce}"`)
  })

  it('sends a cached page gzipped, compressed once and with each response its own nonce', async () => {
    const raw = (acceptEncoding: string) =>
      new Promise<{ headers: Record<string, string | string[] | undefined>; body: Buffer }>((resolve, reject) => {
        const req = request(`${server.url}/workshops?gzip=1`, { headers: { 'Accept-Encoding': acceptEncoding } }, (res) => {
          const chunks: Buffer[] = []
          res.on('data', (chunk: Buffer) => chunks.push(chunk))
          res.on('end', () => resolve({ headers: res.headers, body: Buffer.concat(chunks) }))
        })
        req.on('error', reject)
        req.end()
      })
    const nonceOf = (headers: Record<string, unknown>) => /'nonce-([^']+)'/.exec(String(headers['content-security-policy']))![1]!
    const plain = await raw('identity')
    expect(plain.headers['content-encoding']).toBeUndefined()
    const pages = [await raw('gzip, deflate, br'), await raw('gzip, deflate, br')]
    for (const { headers, body } of pages) {
      expect(headers['x-page-cache']).toBe('HIT')
      expect(headers['content-encoding']).toBe('gzip')
      expect(String(headers.vary)).toMatch(/Accept-Encoding/i)
      const html = gunzipSync(body).toString()
      const nonce = nonceOf(headers)
      for (const tag of html.match(/<script(?![^>]*\bsrc=)[^>]*>/g) ?? []) expect(tag).toContain(`nonce="${nonce}"`)
      // Nothing but the nonce differs from the page sent uncompressed.
      expect(html.replaceAll(nonce, 'N')).toBe(plain.body.toString().replaceAll(nonceOf(plain.headers), 'N'))
      expect(body.length).toBeLessThan(plain.body.length / 3)
    }
    expect(nonceOf(pages[0]!.headers)).not.toBe(nonceOf(pages[1]!.headers))
    expect(String(plain.headers.vary)).toMatch(/Accept-Encoding/i)
  })

  it('compresses what the page cache renders and does not keep the same way: the first visit, a missing workshop', async () => {
    const fetchRaw = (path: string) =>
      new Promise<{ status: number; headers: Record<string, string | string[] | undefined>; body: Buffer }>((resolve, reject) => {
        const req = request(`${server.url}${path}`, { headers: { 'Accept-Encoding': 'gzip, deflate, br' } }, (res) => {
          const chunks: Buffer[] = []
          res.on('data', (chunk: Buffer) => chunks.push(chunk))
          res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks) }))
        })
        req.on('error', reject)
        req.end()
      })
    const first = await fetchRaw('/workshops?first-visit=1')
    const missing = await fetchRaw('/workshops/no-such-workshop')
    expect([first.status, first.headers['x-page-cache']]).toEqual([200, 'MISS'])
    expect([missing.status, missing.headers['x-page-cache']]).toEqual([404, 'MISS'])
    for (const { headers, body } of [first, missing]) {
      expect(headers['content-encoding']).toBe('gzip')
      expect(String(headers.vary)).toMatch(/Accept-Encoding/i)
      const html = gunzipSync(body).toString()
      const nonce = /'nonce-([^']+)'/.exec(String(headers['content-security-policy']))![1]!
      const scripts = html.match(/<script(?![^>]*\bsrc=)[^>]*>/g) ?? []
      expect(scripts.length).toBeGreaterThan(0)
      for (const tag of scripts) expect(tag).toContain(`nonce="${nonce}"`)
    }
    expect(gunzipSync(missing.body).toString()).toMatch(/<html lang="cs"/)
    // Not kept: the missing workshop is rendered again.
    expect((await fetchRaw('/workshops/no-such-workshop')).headers['x-page-cache']).toBe('MISS')
  })

  it('refuses a POST started by another site', async () => {
    const response = await fetch(`${server.url}/language`, {
      method: 'POST',
      body: new URLSearchParams({ lang: 'en' }),
      headers: { Origin: 'https://evil.example' },
      redirect: 'manual',
    })
    expect(response.status).toBe(403)
  })
})

describe('bad input never gives a 500', () => {
  const bad = [
    ['topic=astrology', 'Vyberte téma ze seznamu.'],
    ['month=2023-13', 'Měsíc zadejte jako rok a měsíc'],
    [`q=${'x'.repeat(5000)}`, 'nejvýše 200\u00a0znaků'],
    ['audience=robots', 'Vyberte, pro koho'],
  ] as const
  it.each(bad)('%s → 400 with a message', async (query, message) => {
    const response = await get(`/workshops?${query}`)
    expect(response.status).toBe(400)
    expect(await response.text()).toContain(message)
  })

  it.each([
    'free=maybe',
    'q=%00%01',
    'q=<script>alert(1)</script>',
    'topic=cybersecurity&topic=open_data',
    'q=%E0%A4%A',
    'month=',
    'q=' + encodeURIComponent("' or 1=1 --"),
    'page=-1&sort=drop',
  ])('%s → a normal page', async (query) => {
    const response = await get(`/workshops?${query}`)
    expect(response.status).toBe(200)
    expect(await response.text()).not.toContain('<script>alert(1)</script>')
  })

  it.each(['/workshops/%00', `/workshops/${'a'.repeat(3000)}`, '/workshops/..%2F..%2Fetc', '/workshops/ABC'])(
    '%s → 404',
    async (path) => {
      expect((await get(path)).status).toBe(404)
    },
  )
})

describe('the page cache', () => {
  it('reuses a rendered page, with a fresh CSP nonce each time, until the data changes', async () => {
    const path = '/workshops/otevrena-data-v-tabulkovem-procesoru'
    await get(path)
    const first = await get(path)
    const second = await get(path)
    expect(second.headers.get('x-page-cache')).toBe('HIT')
    const nonceOf = (r: Response) => /'nonce-([^']+)'/.exec(r.headers.get('content-security-policy')!)![1]!
    const [n1, n2] = [nonceOf(first), nonceOf(second)]
    expect(n1).not.toBe(n2)
    const html = await second.text()
    expect(html).toContain(`nonce="${n2}"`)
    expect(html).not.toContain(n1)

    // Another process (this test) changes the data: the next request renders afresh.
    await database.db
      .updateTable('workshops')
      .set({ summary: 'Nově upravený popis workshopu.' })
      .where('slug', '=', 'otevrena-data-v-tabulkovem-procesoru')
      .execute()
    const after = await get(path)
    expect(after.headers.get('x-page-cache')).toBe('MISS')
    expect(await after.text()).toContain('Nově upravený popis workshopu.')
  })

  it('renders a changed page once however many ask for it at the same moment', async () => {
    const path = '/workshops/infografiky-a-dashboardy'
    await database.db
      .updateTable('workshops')
      .set({ summary: 'Souběžná změna.' })
      .where('slug', '=', 'infografiky-a-dashboardy')
      .execute()
    const responses = await Promise.all(Array.from({ length: 20 }, () => get(path)))
    const states = responses.map((r) => r.headers.get('x-page-cache'))
    expect(states.filter((s) => s === 'MISS')).toHaveLength(1)
    const bodies = await Promise.all(responses.map((r) => r.text()))
    expect(bodies.every((b) => b.includes('Souběžná změna.'))).toBe(true)
  })

  it('keeps languages apart', async () => {
    const cs = await (await get('/workshops?topic=other')).text()
    const en = await (await get('/workshops?topic=other', { 'Accept-Language': 'en' })).text()
    expect(cs).toContain('<html lang="cs">')
    expect(en).toContain('<html lang="en">')
  })
})
