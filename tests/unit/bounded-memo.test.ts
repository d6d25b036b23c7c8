import { describe, expect, it } from 'vitest'
import { boundedMemo } from '~/utils/bounded-memo'

// Clock-independent: values only.

describe('answers kept up to a limit', () => {
  it('computes an answer once and gives it back, falsy answers included', () => {
    const memo = boundedMemo<string, number | undefined | string>(10)
    let calls = 0
    const count =
      <T>(value: T) =>
      () => (calls++, value)
    expect(memo.keep('zero', count(0))).toBe(0)
    expect(memo.keep('zero', count(1))).toBe(0)
    expect(memo.keep('none', count(undefined))).toBeUndefined()
    expect(memo.keep('none', count('again'))).toBeUndefined()
    expect(calls).toBe(2)
  })

  it('forgets everything at the limit, never holding more, and keeps answering right', () => {
    const memo = boundedMemo<number, number>(5)
    for (let i = 0; i < 23; i++) {
      expect(memo.keep(i, () => i * i)).toBe(i * i)
      expect(memo.size).toBeLessThanOrEqual(5)
    }
    // 23 keys, a limit of 5: cleared before keys 5, 10, 15 and 20, so 20, 21 and 22 are left.
    expect(memo.size).toBe(3)
    expect(memo.keep(22, () => -1)).toBe(484)
    expect(memo.keep(0, () => -1)).toBe(-1)
  })
})

describe('answers kept up to a weight', () => {
  it('forgets everything once the kept answers would weigh more than the limit', () => {
    const memo = boundedMemo<string, string>(10, { weigh: (key, value) => key.length + value.length })
    memo.keep('ab', () => 'cd') // 4
    memo.keep('ef', () => 'gh') // 8
    expect(memo.size).toBe(2)
    memo.keep('ij', () => 'kl') // 12 > 10: the first two are forgotten
    expect(memo.size).toBe(1)
    expect(memo.keep('ab', () => 'new')).toBe('new')
  })

  it('gives an answer heavier than maxEach without keeping it', () => {
    const memo = boundedMemo<string, string>(100, { weigh: (_, value) => value.length, maxEach: 5 })
    let calls = 0
    const long = () => (calls++, 'x'.repeat(6))
    expect(memo.keep('long', long)).toBe('xxxxxx')
    expect(memo.keep('long', long)).toBe('xxxxxx')
    expect(calls).toBe(2)
    expect(memo.size).toBe(0)
  })
})
