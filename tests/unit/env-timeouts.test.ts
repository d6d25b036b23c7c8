import { describe, expect, it } from 'vitest'
import { readEnv } from '~/utils/env.server'

const base = { NODE_ENV: 'test', SESSION_SECRET: 's'.repeat(32) } as const

describe('request deadlines', () => {
  it('default to 10 s for headers and a form body, 120 s for a whole request', () => {
    const env = readEnv(base)
    expect([env.HEADERS_TIMEOUT_SECONDS, env.BODY_TIMEOUT_SECONDS, env.REQUEST_TIMEOUT_SECONDS]).toEqual([10, 10, 120])
  })

  it('take whole seconds from the environment', () => {
    const env = readEnv({ ...base, HEADERS_TIMEOUT_SECONDS: '5', BODY_TIMEOUT_SECONDS: '20', REQUEST_TIMEOUT_SECONDS: '600' })
    expect([env.HEADERS_TIMEOUT_SECONDS, env.BODY_TIMEOUT_SECONDS, env.REQUEST_TIMEOUT_SECONDS]).toEqual([5, 20, 600])
  })

  it.each([
    ['HEADERS_TIMEOUT_SECONDS', '0'],
    ['BODY_TIMEOUT_SECONDS', 'ten'],
    ['REQUEST_TIMEOUT_SECONDS', '1.5'],
  ])('refuses %s=%j, naming it', (name, value) => {
    expect(() => readEnv({ ...base, [name]: value })).toThrow(new RegExp(name))
  })

  it('refuses a whole-request deadline shorter than the parts it covers', () => {
    expect(() => readEnv({ ...base, REQUEST_TIMEOUT_SECONDS: '5' })).toThrow(/REQUEST_TIMEOUT_SECONDS: must be at least/)
  })
})

describe('the shutdown deadline', () => {
  it('defaults to 20 s and takes whole seconds up to ten minutes', () => {
    expect(readEnv(base).SHUTDOWN_TIMEOUT_SECONDS).toBe(20)
    expect(readEnv({ ...base, SHUTDOWN_TIMEOUT_SECONDS: '45' }).SHUTDOWN_TIMEOUT_SECONDS).toBe(45)
    for (const value of ['0', '601', 'soon']) {
      expect(() => readEnv({ ...base, SHUTDOWN_TIMEOUT_SECONDS: value })).toThrow(/SHUTDOWN_TIMEOUT_SECONDS/)
    }
  })
})
