import { generateKeyPairSync } from 'node:crypto'
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { readEnv } from '~/utils/env.server'

const base = { NODE_ENV: 'test', SESSION_SECRET: 's'.repeat(32) } as const
const pem = (key: { export: (options: { type: 'pkcs8'; format: 'pem' }) => string | Buffer }) =>
  String(key.export({ type: 'pkcs8', format: 'pem' }))
const rsaKey = pem(generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey)
const dkim = { DKIM_DOMAIN: 'kurzy.kraj.example', DKIM_SELECTOR: 'mail2026', DKIM_PRIVATE_KEY: rsaKey }

const dir = mkdtempSync(path.join(tmpdir(), 'dkim-env-'))
afterAll(() => rmSync(dir, { recursive: true, force: true }))

describe('DKIM from the environment', () => {
  it('is off when none of the variables is set, or each is empty', () => {
    expect(readEnv(base).DKIM).toBeUndefined()
    expect(
      readEnv({ ...base, DKIM_DOMAIN: '', DKIM_SELECTOR: ' ', DKIM_PRIVATE_KEY: '', DKIM_PRIVATE_KEY_FILE: '' }).DKIM,
    ).toBeUndefined()
  })

  it('takes the domain, the selector and the key as PEM text', () => {
    expect(readEnv({ ...base, ...dkim, DKIM_DOMAIN: 'Kurzy.Kraj.Example' }).DKIM).toEqual({
      domainName: 'kurzy.kraj.example',
      keySelector: 'mail2026',
      privateKey: rsaKey,
    })
  })

  it('takes a key whose line breaks an environment file wrote as \\n', () => {
    const oneLine = rsaKey.trim().replace(/\n/g, '\\n')
    expect(readEnv({ ...base, ...dkim, DKIM_PRIVATE_KEY: oneLine }).DKIM?.privateKey).toBe(rsaKey.trim())
  })

  it('reads the key from DKIM_PRIVATE_KEY_FILE', () => {
    const file = path.join(dir, 'dkim.pem')
    writeFileSync(file, rsaKey, { mode: 0o600 })
    const env = readEnv({ ...base, DKIM_DOMAIN: 'kurzy.kraj.example', DKIM_SELECTOR: 'mail2026', DKIM_PRIVATE_KEY_FILE: file })
    expect(env.DKIM?.privateKey).toBe(rsaKey)
  })

  it.each([
    [{ DKIM_DOMAIN: 'kurzy.kraj.example' }, /Missing: DKIM_SELECTOR, DKIM_PRIVATE_KEY \(or DKIM_PRIVATE_KEY_FILE\)\./],
    [
      { DKIM_SELECTOR: 'mail2026', DKIM_PRIVATE_KEY: rsaKey },
      /go together: set all three to sign e-mail, or none\. Missing: DKIM_DOMAIN\./,
    ],
    [{ ...dkim, DKIM_PRIVATE_KEY_FILE: '/etc/dkim.pem' }, /DKIM_PRIVATE_KEY and DKIM_PRIVATE_KEY_FILE are both set/],
  ])('refuses a partial or ambiguous setting, saying what to do (%#)', (settings, message) => {
    expect(() => readEnv({ ...base, ...settings })).toThrow(message)
  })

  it('names the file it cannot read', () => {
    const missing = path.join(dir, 'missing.pem')
    expect(() => readEnv({ ...base, ...dkim, DKIM_PRIVATE_KEY: undefined, DKIM_PRIVATE_KEY_FILE: missing })).toThrow(
      `DKIM_PRIVATE_KEY_FILE: cannot read ${missing} (ENOENT).`,
    )
  })

  it.each([
    ['text that is not a key', 'not-a-key', /DKIM_PRIVATE_KEY: not an unencrypted private key in PEM form/],
    ['an Ed25519 key', pem(generateKeyPairSync('ed25519').privateKey), /an RSA key is needed .*this one is ed25519/],
    ['a 512-bit RSA key', pem(generateKeyPairSync('rsa', { modulusLength: 512 }).privateKey), /512 bits; .* \(use 2048\)/],
  ])('refuses %s', (_what, key, message) => {
    expect(() => readEnv({ ...base, ...dkim, DKIM_PRIVATE_KEY: key })).toThrow(message)
  })

  it('refuses a domain or selector that cannot be a DNS name, naming the variable', () => {
    expect(() => readEnv({ ...base, ...dkim, DKIM_DOMAIN: 'noreply@kraj.example' })).toThrow(/DKIM_DOMAIN: a domain name/)
    expect(() => readEnv({ ...base, ...dkim, DKIM_SELECTOR: 'mail 2026' })).toThrow(/DKIM_SELECTOR: letters, digits and dashes/)
  })
})
