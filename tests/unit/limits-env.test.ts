import { describe, expect, it } from 'vitest'
import { readEnv } from '~/utils/env.server'

const base = { NODE_ENV: 'test', SESSION_SECRET: 's'.repeat(32) } as const

describe('the limits in the configuration (decision 011)', () => {
  it('defaults to 30 bookings per IP address and 10 per IP address and session in 10 minutes, 20 e-mails per recipient an hour', () => {
    const env = readEnv(base)
    expect(env.BOOKING_LIMIT_PER_IP).toBe(30)
    expect(env.BOOKING_LIMIT_PER_IP_SESSION).toBe(10)
    expect(env.BOOKING_LIMIT_WINDOW_MINUTES).toBe(10)
    expect(env.OUTBOX_MAX_PER_RECIPIENT_HOUR).toBe(20)
  })

  it('takes raised limits for load tests', () => {
    const env = readEnv({ ...base, BOOKING_LIMIT_PER_IP: '10000000', BOOKING_LIMIT_PER_IP_SESSION: '10000000' })
    expect(env.BOOKING_LIMIT_PER_IP).toBe(10_000_000)
    expect(env.BOOKING_LIMIT_PER_IP_SESSION).toBe(10_000_000)
  })

  it.each([
    ['BOOKING_LIMIT_PER_IP', '0'],
    ['BOOKING_LIMIT_PER_IP', 'many'],
    ['BOOKING_LIMIT_PER_IP_SESSION', '2.5'],
    ['BOOKING_LIMIT_WINDOW_MINUTES', '0'],
    ['OUTBOX_MAX_PER_RECIPIENT_HOUR', '-1'],
  ])('refuses %s=%s and names it', (name, value) => {
    expect(() => readEnv({ ...base, [name]: value })).toThrow(new RegExp(name))
  })
})
