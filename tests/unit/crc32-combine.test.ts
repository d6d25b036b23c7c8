import { randomBytes } from 'node:crypto'
import { crc32 } from 'node:zlib'
import { describe, expect, it } from 'vitest'
import { crc32Combine, crc32Shift } from '~/utils/crc32-combine.server'

// Clock-independent: bytes only.

describe('the CRC-32 of pieces joined, from their own', () => {
  it('equals zlib’s CRC-32 of the whole, for pieces of any length, empty ones included', () => {
    const whole = randomBytes(70_000)
    for (const cuts of [[0], [1], [69_999], [35_000], [0, 0, 10], [7, 8, 9, 1000, 65_536], [3, 3, 3, 3]]) {
      const pieces: Buffer[] = []
      let at = 0
      for (const length of cuts) {
        pieces.push(whole.subarray(at, at + length))
        at += length
      }
      pieces.push(whole.subarray(at))
      const combined = pieces.reduce(
        (crc, piece, i) => (i === 0 ? crc32(piece) : crc32Combine(crc, crc32(piece), crc32Shift(piece.length))),
        0,
      )
      expect(combined, `cut at ${cuts.join(', ')}`).toBe(crc32(whole))
    }
  })

  it('leaves a CRC as it was when nothing is appended', () => {
    const a = Buffer.from('Kybernetická bezpečnost')
    expect(crc32Combine(crc32(a), crc32(Buffer.alloc(0)), crc32Shift(0))).toBe(crc32(a))
  })

  it('refuses what is not a length', () => {
    expect(() => crc32Shift(-1)).toThrow(/not a length/)
    expect(() => crc32Shift(1.5)).toThrow(/not a length/)
  })
})
