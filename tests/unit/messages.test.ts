import { IntlMessageFormat } from 'intl-messageformat'
import { describe, expect, it } from 'vitest'
import { translator, type MessageId } from '~/i18n/intl'
import { localeFromAcceptLanguage } from '~/i18n/locales'
import { cs } from '~/i18n/messages/cs'
import { en } from '~/i18n/messages/en'

const tCs = translator('cs')
const tEn = translator('en')

describe('Czech plurals', () => {
  it.each([
    [1, '1\u00a0volné místo'],
    [2, '2\u00a0volná místa'],
    [3, '3\u00a0volná místa'],
    [4, '4\u00a0volná místa'],
    [5, '5\u00a0volných míst'],
    [12, '12\u00a0volných míst'],
    [0, '0\u00a0volných míst'],
    [22, '22\u00a0volných míst'],
  ])('%i seats reads "%s" (a no-break space after the number)', (count, text) => {
    expect(tCs('seats.free', { count })).toBe(text)
  })

  it('uses the "many" form for fractions of an hour', () => {
    expect(tCs('hours', { hours: 1 })).toBe('1\u00a0hodina')
    expect(tCs('hours', { hours: 3 })).toBe('3\u00a0hodiny')
    expect(tCs('hours', { hours: 6 })).toBe('6\u00a0hodin')
    expect(tCs('hours', { hours: 1.5 })).toBe('1,5\u00a0hodiny')
  })

  it('counts search results in Czech and English', () => {
    expect(tCs('catalogue.results', { count: 1 })).toBe('Nalezen 1\u00a0workshop')
    expect(tCs('catalogue.results', { count: 4 })).toBe('Nalezeny 4\u00a0workshopy')
    expect(tCs('catalogue.results', { count: 13 })).toBe('Nalezeno 13\u00a0workshopů')
    expect(tEn('catalogue.results', { count: 1 })).toBe('1\u00a0workshop found')
    expect(tEn('seats.free', { count: 3 })).toBe('3\u00a0seats left')
  })
})

describe('message catalogues', () => {
  it('has an English text for every Czech one and no extra ones', () => {
    expect(Object.keys(en).sort()).toEqual(Object.keys(cs).sort())
  })

  it('parses and formats every message in both languages (a syntax error throws)', () => {
    for (const id of Object.keys(cs) as MessageId[]) {
      // Every placeholder the message names, given a number (plurals need one).
      const values = Object.fromEntries([...`${cs[id]} ${en[id]}`.matchAll(/\{(\w+)/g)].map((m) => [m[1]!, 2]))
      expect(() => new IntlMessageFormat(cs[id], 'cs').format(values), id).not.toThrow()
      expect(() => new IntlMessageFormat(en[id], 'en').format(values), id).not.toThrow()
    }
  })
})

describe('language from the browser', () => {
  it.each([
    ['cs-CZ,cs;q=0.9,en;q=0.8', 'cs'],
    ['en-GB,en;q=0.9', 'en'],
    ['de-DE,de;q=0.9,en;q=0.5', 'en'],
    ['sk, cs;q=0.8, en;q=0.9', 'en'],
    ['en;q=0, cs', 'cs'],
    ['fr', undefined],
    ['', undefined],
  ])('%s → %s', (header, locale) => {
    expect(localeFromAcceptLanguage(header)).toBe(locale)
  })
})
