import { describe, expect, it } from 'vitest'
import { withoutNulBytes } from '~/utils/without-nul-bytes.server'

// Clock-independent: bytes only.

describe('a rendered page without the NUL bytes React 18 can leave in it', () => {
  it('drops every NUL wherever it falls and keeps every other byte in order', () => {
    const text = Buffer.from('Přihlášení · Kybernetická bezpečnost ·'.repeat(200))
    const cases: number[][] = [[], [0], [text.length], [5], [5, 6], [1, 2, 3], [2047, 2048, 4095], [0, text.length]]
    for (const at of cases) {
      const parts: Buffer[] = []
      let from = 0
      for (const i of at) {
        parts.push(text.subarray(from, i), Buffer.from([0]))
        from = i
      }
      parts.push(text.subarray(from))
      const broken = Buffer.concat(parts)
      expect(broken.filter((b) => b === 0)).toHaveLength(at.length)
      expect(withoutNulBytes(broken).equals(text), String(at)).toBe(true)
    }
  })

  it('gives a page without NUL back as it is, and a page of NULs as nothing', () => {
    const page = Buffer.from('<p>Dobrý den</p>')
    expect(withoutNulBytes(page)).toBe(page)
    expect(withoutNulBytes(Buffer.alloc(10))).toHaveLength(0)
  })
})
