import { describe, expect, it } from 'vitest'
import { compareCzechNames, czechNameKey } from '~/models/attendance.server'
import { formatCode, isCode, normalizeCode, randomCode } from '~/utils/codes'
import { CERTIFICATE_CODE_LENGTH, CHECK_IN_CODE_LENGTH, newCertificateCode, newCheckInCode } from '~/utils/codes.server'

/** Crockford's base32 as the app uses it: no I, L, O or U. */
const ALPHABET = '0123456789ABCDEFGHJKMNPQRSTVWXYZ'

const sorted = (names: string[]) => [...names].sort(compareCzechNames)
/** Asserts that `earlier` sorts strictly before `later`, both ways round. */
function expectBefore(earlier: string, later: string) {
  expect(compareCzechNames(earlier, later), `${earlier} < ${later}`).toBeLessThan(0)
  expect(compareCzechNames(later, earlier), `${later} > ${earlier}`).toBeGreaterThan(0)
}

describe('czechNameKey', () => {
  it('splits a full name into the surname (last word) and the first names', () => {
    expect(czechNameKey('Jana Řehořová')).toEqual(['Řehořová', 'Jana'])
    expect(czechNameKey('Jan Amos Komenský')).toEqual(['Komenský', 'Jan Amos'])
  })

  it('ignores surrounding and repeated whitespace, and copes with a single word', () => {
    expect(czechNameKey('  Petr   Čermák ')).toEqual(['Čermák', 'Petr'])
    expect(czechNameKey('Madonna')).toEqual(['Madonna', ''])
  })
})

describe('compareCzechNames: Czech alphabetical order by surname, then first names', () => {
  it('puts Č after C: Černá after Cibulková (and after any C surname), before D', () => {
    expectBefore('Eva Cibulková', 'Jana Černá')
    expectBefore('Eva Czerná', 'Jana Černá')
    expectBefore('Jana Černá', 'Adam Dušek')
  })

  it('treats Ch as one letter after H: Chalupa after Horák and before Ivanov', () => {
    expectBefore('Petr Horák', 'Karel Chalupa')
    expectBefore('Karel Chalupa', 'Igor Ivanov')
    // Ch is not C followed by h: Chalupa comes after Czerný and Čermák too.
    expectBefore('Jan Čermák', 'Karel Chalupa')
    expectBefore('Jan Czerný', 'Karel Chalupa')
  })

  it('puts Ř after R, Š after S and Ž after Z', () => {
    expectBefore('Jan Rybář', 'Jana Řehořová')
    expectBefore('Jana Řehořová', 'Lucie Sýkorová')
    expectBefore('Lucie Sýkorová', 'Tomáš Šťastný')
    expectBefore('Tomáš Šťastný', 'Pavel Tůma')
    expectBefore('Ota Zeman', 'Eva Žáková')
    expectBefore('Ota Zýma', 'Eva Žáková')
  })

  it('handles letters with háček in the middle of a name: Dvorský before Dvořák', () => {
    expectBefore('Josef Dvorský', 'Antonín Dvořák')
    expectBefore('Antonín Dvořák', 'Jiří Dvouletý')
  })

  it('ignores case, and treats á, é, í, ó, ú, ů, ý as the plain letter (unlike code-point order)', () => {
    expect(compareCzechNames('jana černá', 'Jana Černá')).toBe(0)
    expect(compareCzechNames('JANA ČERNÁ', 'Jana Černá')).toBe(0)
    // By code points Á (U+00C1) and ů (U+016F) would sort after every plain letter.
    expectBefore('Eva Ádámková', 'Adam Bartoš')
    expectBefore('Jan Tůma', 'Jan Tupý')
    expectBefore('Eva Mazalová', 'Eva Mázlová')
    expectBefore('eva novotná', 'Eva Nožičková')
  })

  it('sorts by first names when the surnames are the same', () => {
    expectBefore('Anna Nováková', 'Jana Nováková')
    expectBefore('Jan Novák', 'Šimon Novák')
    expectBefore('Cyril Novák', 'Čeněk Novák')
    // The surname decides first, whatever the first name.
    expectBefore('Zdeněk Adámek', 'Adam Zeman')
  })

  it('orders a whole list the Czech way', () => {
    const names = [
      'Eva Žáková',
      'Tomáš Šťastný',
      'Jana Řehořová',
      'Karel Chalupa',
      'Petr Horák',
      'Igor Ivanov',
      'Jan Čermák',
      'Eva Cibulková',
      'Antonín Dvořák',
      'Josef Dvorský',
      'Lucie Sýkorová',
      'Jan Rybář',
      'Ota Zeman',
      'Adam Bartoš',
      'Marie Chalupová',
    ]
    expect(sorted(names)).toEqual([
      'Adam Bartoš',
      'Eva Cibulková',
      'Jan Čermák',
      'Josef Dvorský',
      'Antonín Dvořák',
      'Petr Horák',
      'Karel Chalupa',
      'Marie Chalupová',
      'Igor Ivanov',
      'Jan Rybář',
      'Jana Řehořová',
      'Lucie Sýkorová',
      'Tomáš Šťastný',
      'Ota Zeman',
      'Eva Žáková',
    ])
  })

  it('is a consistent comparator: sorting any permutation gives the same order', () => {
    const names = ['Eva Žáková', 'Karel Chalupa', 'Jan Čermák', 'Eva Cibulková', 'Petr Horák', 'Jana Řehořová']
    const expected = sorted(names)
    for (let shift = 1; shift < names.length; shift++) {
      const rotated = [...names.slice(shift), ...names.slice(0, shift)]
      expect(sorted(rotated)).toEqual(expected)
      expect(sorted([...rotated].reverse())).toEqual(expected)
    }
  })
})

describe('codes people type', () => {
  it('formatCode groups by four with dashes', () => {
    expect(formatCode('K7P4QX2M')).toBe('K7P4-QX2M')
    expect(formatCode('ABCDEFGHJKMN')).toBe('ABCD-EFGH-JKMN')
    expect(formatCode('ABC')).toBe('ABC')
    expect(formatCode('ABCD')).toBe('ABCD')
    expect(formatCode('ABCDE')).toBe('ABCD-E')
  })

  it('normalizeCode accepts lower case, spaces and dashes', () => {
    expect(normalizeCode('k7p4qx2m')).toBe('K7P4QX2M')
    expect(normalizeCode('K7P4-QX2M')).toBe('K7P4QX2M')
    expect(normalizeCode(' k7p4 qx2m ')).toBe('K7P4QX2M')
    expect(normalizeCode('k7p4 - qx2m\t')).toBe('K7P4QX2M')
    expect(normalizeCode('abcd-efgh-jkmn')).toBe('ABCDEFGHJKMN')
  })

  it('normalizeCode reads look-alike letters as the digits they resemble: O→0, I and L→1', () => {
    expect(normalizeCode('O0o0')).toBe('0000')
    expect(normalizeCode('I1il')).toBe('1111')
    expect(normalizeCode('LOIS-1234')).toBe('101S1234')
    expect(normalizeCode('k7p4-qxol')).toBe('K7P4QX01')
  })

  it('normalizeCode maps typed codes back onto the stored alphabet', () => {
    for (let i = 0; i < 50; i++) {
      const code = newCheckInCode()
      const typed = formatCode(code).toLowerCase()
      expect(normalizeCode(typed)).toBe(code)
      expect(isCode(normalizeCode(typed), CHECK_IN_CODE_LENGTH)).toBe(true)
    }
  })

  it('isCode checks length and alphabet', () => {
    expect(isCode('K7P4QX2M', 8)).toBe(true)
    expect(isCode('K7P4QX2', 8)).toBe(false)
    expect(isCode('K7P4QX2MM', 8)).toBe(false)
    expect(isCode('', 8)).toBe(false)
    expect(isCode('K7P4-X2M', 8)).toBe(false)
    expect(isCode('k7p4qx2m', 8)).toBe(false)
    for (const letter of ['I', 'L', 'O', 'U']) expect(isCode(`K7P4QX2${letter}`, 8), letter).toBe(false)
    expect(isCode('K7P4QX2Č', 8)).toBe(false)
    expect(isCode('ABCDEFGHJKMN', 12)).toBe(true)
    expect(isCode('ABCDEFGHJKMN', 8)).toBe(false)
  })

  it('randomCode draws every character from the alphabet with the given random source', () => {
    expect(randomCode(4, () => 0)).toBe('0000')
    expect(randomCode(3, (max) => max - 1)).toBe('ZZZ')
    let i = 0
    expect(randomCode(ALPHABET.length, () => i++)).toBe(ALPHABET)
  })

  it('newCheckInCode gives 8 characters and newCertificateCode 12, all from the alphabet', () => {
    expect(CHECK_IN_CODE_LENGTH).toBe(8)
    expect(CERTIFICATE_CODE_LENGTH).toBe(12)
    const checkIn = Array.from({ length: 200 }, newCheckInCode)
    const certificates = Array.from({ length: 200 }, newCertificateCode)
    for (const code of checkIn) {
      expect(code).toMatch(/^[0-9A-HJKMNP-TV-Z]{8}$/)
      expect(isCode(code, CHECK_IN_CODE_LENGTH)).toBe(true)
    }
    for (const code of certificates) {
      expect(code).toMatch(/^[0-9A-HJKMNP-TV-Z]{12}$/)
      expect(isCode(code, CERTIFICATE_CODE_LENGTH)).toBe(true)
    }
    // Random, not constant: 200 draws of 40 bits do not collide in practice.
    expect(new Set(checkIn).size).toBe(checkIn.length)
    expect(new Set(certificates).size).toBe(certificates.length)
  })

  it('a generated code is left unchanged by normalizeCode and formats in groups of four', () => {
    const code = newCertificateCode()
    expect(normalizeCode(code)).toBe(code)
    expect(formatCode(code)).toMatch(/^[0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{4}$/)
    expect(normalizeCode(formatCode(code))).toBe(code)
  })
})
