import { IntlMessageFormat } from 'intl-messageformat'
import { describe, expect, it } from 'vitest'
import { translator, type MessageId } from '~/i18n/intl'
import { recordMessageUse, type MessageUse } from '~/i18n/message-use.server'
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

describe('formatted messages kept for reuse', () => {
  it('gives what a fresh format gives, for every message without values, asked again and again', () => {
    for (const [locale, messages, t] of [
      ['cs', cs, tCs],
      ['en', en, tEn],
    ] as const) {
      for (const [id, text] of Object.entries(messages)) {
        if (/[{<]/.test(text)) continue
        const fresh = String(new IntlMessageFormat(text, locale).format())
        expect(t(id as MessageId), id).toBe(fresh)
        expect(t(id as MessageId), id).toBe(fresh)
      }
    }
  })

  it('keeps each set of values apart: numbers, strings, and texts that look like other values', () => {
    expect(tEn('worksheets.file', { name: 'a', size: '1 MB' })).toBe('a, 1 MB')
    expect(tEn('worksheets.file', { name: 'a', size: 2 })).toBe('a, 2')
    // A name holding what could pass for the separator and the next value is still one name.
    expect(tEn('worksheets.file', { name: 'a\u0000size\u00011', size: '3' })).toBe('a\u0000size\u00011, 3')
    expect(tEn('worksheets.file', { name: 'a', size: '3' })).toBe('a, 3')
    expect(tEn('sheet.page', { page: 1, pages: 12 })).toBe('page 1 of 12')
    expect(tEn('sheet.page', { page: 11, pages: 2 })).toBe('page 11 of 2')
    for (let count = 0; count < 30; count++) {
      expect(tCs('seats.free', { count })).toBe(String(new IntlMessageFormat(cs['seats.free'], 'cs').format({ count })))
    }
  })

  it('formats a value that is a Date every time: the same object may hold another time later', () => {
    const day = new Date(Date.UTC(2030, 0, 2, 12))
    const first = tEn('worksheets.file', { name: day, size: 1 })
    expect(first).toBe(String(new IntlMessageFormat(en['worksheets.file'], 'en').format({ name: day, size: 1 })))
    day.setTime(day.getTime() + 86_400_000)
    const second = tEn('worksheets.file', { name: day, size: 1 })
    expect(second).not.toBe(first)
    expect(second).toBe(String(new IntlMessageFormat(en['worksheets.file'], 'en').format({ name: day, size: 1 })))
  })

  it('still records that a page used a message when the text was kept', () => {
    tCs('catalogue.title')
    const use: MessageUse = new Map()
    recordMessageUse(use, () => tCs('catalogue.title'))
    expect([...(use.get('cs') ?? [])]).toEqual(['catalogue.title'])
  })
})
