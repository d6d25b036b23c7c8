import { describe, expect, it } from 'vitest'
import { formatFileSize } from '~/utils/file-size'

const NBSP = '\u00a0'

describe('file sizes as people read them', () => {
  it.each([
    [0, `0${NBSP}B`, `0${NBSP}B`],
    [840, `840${NBSP}B`, `840${NBSP}B`],
    [1024, `1${NBSP}kB`, `1${NBSP}kB`],
    [9_728, `9,5${NBSP}kB`, `9.5${NBSP}kB`],
    // The library used to say "0 MB" for this one.
    [15_360, `15${NBSP}kB`, `15${NBSP}kB`],
    [860_160, `840${NBSP}kB`, `840${NBSP}kB`],
    // Not "1 023 kB": from a thousand kilobytes on, megabytes.
    [1_048_000, `1${NBSP}MB`, `1${NBSP}MB`],
    [1_024_000, `1${NBSP}MB`, `1${NBSP}MB`],
    [1_021_000, `997${NBSP}kB`, `997${NBSP}kB`],
    [2_516_582, `2,4${NBSP}MB`, `2.4${NBSP}MB`],
    [157_286_400, `150${NBSP}MB`, `150${NBSP}MB`],
  ])('%i bytes: "%s" in Czech, "%s" in English', (bytes, cs, en) => {
    expect(formatFileSize(bytes, 'cs')).toBe(cs)
    expect(formatFileSize(bytes, 'en')).toBe(en)
  })

  it('never says zero of a unit for a file that has bytes', () => {
    for (const bytes of [1, 100, 1023, 1025, 50_000, 1_048_576, 5_000_000]) {
      expect(formatFileSize(bytes, 'cs')).not.toMatch(/^0[\s\u00a0,]/)
    }
  })
})
