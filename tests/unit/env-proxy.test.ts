import { describe, expect, it } from 'vitest'
import { readEnv } from '~/utils/env.server'

const base = { NODE_ENV: 'test', SESSION_SECRET: 's'.repeat(32) } as const

describe('TRUST_PROXY', () => {
  it('trusts a proxy on this machine by default, as Express did here before', () => {
    expect(readEnv(base).TRUST_PROXY).toEqual(['loopback'])
  })

  it.each([
    ['none', false],
    ['false', false],
    ['1', 1],
    ['2', 2],
    ['10.0.0.0/8', ['10.0.0.0/8']],
    ['loopback, 192.168.10.5, fd00::/8', ['loopback', '192.168.10.5', 'fd00::/8']],
    [' Uniquelocal ', ['uniquelocal']],
  ] as const)('reads %j', (value, expected) => {
    expect(readEnv({ ...base, TRUST_PROXY: value }).TRUST_PROXY).toEqual(expected)
  })

  it.each([
    ['true', /number of proxies/],
    ['all', /number of proxies/],
    ['0', /number of proxies/],
    ['11', /number of proxies/],
    ['proxy.kraj.example', /not an address.*proxy\.kraj\.example/],
    ['10.0.0.0/33', /not an address.*10\.0\.0\.0\/33/],
    ['loopback, 300.1.1.1', /not an address.*300\.1\.1\.1/],
    [',', /not an address/],
  ])('refuses %j, naming the variable and what is wrong', (value, message) => {
    expect(() => readEnv({ ...base, TRUST_PROXY: value })).toThrow(/TRUST_PROXY/)
    expect(() => readEnv({ ...base, TRUST_PROXY: value })).toThrow(message)
  })
})
