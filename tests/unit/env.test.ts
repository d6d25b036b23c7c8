import { describe, expect, it } from 'vitest'
import { readEnv } from '~/utils/env.server'
import { sqlitePathFromUrl } from '~/utils/db.server'

describe('configuration from the environment', () => {
  it('has working defaults', () => {
    const env = readEnv({ NODE_ENV: 'test', SESSION_SECRET: 's'.repeat(32) })
    expect(env.PORT).toBe(3000)
    expect(env.DATABASE_URL).toBe('file:./data/app.db')
    expect(env.APP_URL).toBe('http://localhost:3000')
    expect(env.SEED).toBe('demo')
  })

  it('refuses to start in production without SESSION_SECRET, saying how to make one', () => {
    expect(() => readEnv({ NODE_ENV: 'production', SMTP_URL: 'smtp://mail' })).toThrow(/SESSION_SECRET is required in production/)
  })

  it('refuses a short secret in production and accepts rotation lists', () => {
    expect(() => readEnv({ NODE_ENV: 'production', SMTP_URL: 'smtp://mail', SESSION_SECRET: 'short' })).toThrow(/at least 32/)
    const env = readEnv({
      NODE_ENV: 'production',
      SMTP_URL: 'smtp://mail',
      SESSION_SECRET: `${'a'.repeat(32)}, ${'b'.repeat(32)}`,
    })
    expect(env.SESSION_SECRETS).toEqual(['a'.repeat(32), 'b'.repeat(32)])
  })

  it('requires an SMTP server in production, where the development mailbox is off', () => {
    expect(() => readEnv({ NODE_ENV: 'production', SESSION_SECRET: 's'.repeat(32) })).toThrow(
      /SMTP_URL is required in production/,
    )
    expect(() => readEnv({ NODE_ENV: 'test', SESSION_SECRET: 's'.repeat(32), SMTP_URL: 'http://mail' })).toThrow(/SMTP_URL/)
    const env = readEnv({ NODE_ENV: 'test', SESSION_SECRET: 's'.repeat(32), APP_URL: 'https://kurzy.kraj.example/' })
    expect(env.MAIL_FROM).toBe('Workshopy <noreply@kurzy.kraj.example>')
    expect(env.APP_URL).toBe('https://kurzy.kraj.example')
  })

  it('names the variable that is wrong', () => {
    expect(() => readEnv({ NODE_ENV: 'test', SESSION_SECRET: 'x', PORT: 'eighty' })).toThrow(/PORT/)
  })

  it('reads file: URLs and plain paths for SQLite', () => {
    expect(sqlitePathFromUrl('file:/var/lib/app.db')).toBe('/var/lib/app.db')
    expect(sqlitePathFromUrl('file:///var/lib/app.db')).toBe('/var/lib/app.db')
    expect(sqlitePathFromUrl('/tmp/x.db')).toBe('/tmp/x.db')
    expect(sqlitePathFromUrl(':memory:')).toBe(':memory:')
    expect(() => sqlitePathFromUrl('postgres://db/app')).toThrow(/PostgreSQL/)
  })
})
