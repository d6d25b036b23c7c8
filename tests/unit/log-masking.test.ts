import { randomBytes } from 'node:crypto'
import { afterEach, describe, expect, it, vi } from 'vitest'
import { logError, maskTokens } from '~/utils/log.server'

const token = () => randomBytes(32).toString('base64url')

describe('maskTokens', () => {
  it.each([
    ['a manage link', (t: string) => `You made a DELETE request to "/registrations/${t}" but did not provide an action`],
    ['a manage link with a sub-path', (t: string) => `GET /registrations/${t}/worksheets/3 failed`],
    ['a sign-in link with a query', (t: string) => `http://localhost:3000/sign-in/${t}?redirectTo=%2Fmy%2Fbookings`],
    ['a token in a query string', (t: string) => `/unsubscribe?token=${t}&x=1`],
    ['a percent-encoded path in a query', (t: string) => `/language?redirectTo=%2Fregistrations%2F${t}%2Fcancel`],
    // Shorter than a manage token: only its place in the path gives it away.
    ['a calendar link', (t: string) => `GET /calendar/${t.slice(0, 30)}x failed`],
    ['a private calendar feed', (t: string) => `GET /feeds/${t.slice(0, 30)}.ics failed`],
  ])('masks the token in %s', (_name, make) => {
    const t = token()
    const masked = maskTokens(make(t))
    expect(masked).not.toContain(t.slice(0, 30))
    expect(masked).toContain('[token]')
  })

  it('keeps what is not a token', () => {
    const text =
      'POST /organiser/sessions/12/registrations: SqliteError: database is locked at /srv/app/build/server/index.js:120:7'
    expect(maskTokens(text)).toBe(text)
    expect(maskTokens('GET /sign-in and /registrations')).toBe('GET /sign-in and /registrations')
    const hash = 'a'.repeat(64)
    expect(maskTokens(`sha256 ${hash}`)).toBe(`sha256 ${hash}`)
  })
})

describe('logError', () => {
  afterEach(() => vi.restoreAllMocks())

  it('logs the request and the error, stack included, with tokens masked', () => {
    const lines: string[] = []
    vi.spyOn(console, 'error').mockImplementation((line: string) => lines.push(line))
    const t = token()
    logError(new Error(`no action for /registrations/${t}`), { method: 'DELETE', url: `http://localhost/registrations/${t}` })
    expect(lines).toHaveLength(1)
    expect(lines[0]).toContain('DELETE /registrations/[token]: Error: no action for /registrations/[token]')
    expect(lines[0]).toContain('log-masking.test.ts')
    expect(lines[0]).not.toContain(t)
  })
})
