import { describe, expect, it } from 'vitest'
import { newNonce } from '../../scripts/server/security'

// Clock-independent: random bytes only.

describe('the CSP nonce of each response', () => {
  it('is 128 random bits in base64, never the same twice, also across refills of the pool', () => {
    const nonces = Array.from({ length: 2000 }, () => newNonce())
    for (const nonce of nonces) {
      expect(nonce).toMatch(/^[A-Za-z0-9+/]{22}==$/)
      expect(Buffer.from(nonce, 'base64')).toHaveLength(16)
    }
    expect(new Set(nonces).size).toBe(nonces.length)
    // Random, not a counter: the bits are about half ones.
    const ones = nonces.reduce(
      (sum, n) =>
        sum + [...Buffer.from(n, 'base64')].reduce((bits, byte) => bits + byte.toString(2).replaceAll('0', '').length, 0),
      0,
    )
    expect(ones / (nonces.length * 128)).toBeGreaterThan(0.48)
    expect(ones / (nonces.length * 128)).toBeLessThan(0.52)
  })
})
