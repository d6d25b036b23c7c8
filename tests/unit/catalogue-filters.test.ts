import { describe, expect, it } from 'vitest'
import { parseCatalogueFilters } from '~/models/catalogue-filters.server'
import { foldForSearch, likeContains, searchTerms } from '~/utils/search-text'
import { day } from '../support/clock'

const parse = (query: string) => parseCatalogueFilters(new URLSearchParams(query))

describe('catalogue filters from the URL', () => {
  it('reads every filter together', () => {
    // A month someone would pick: the one about six weeks ahead.
    const month = day(40).slice(0, 7)
    expect(parse(`q=data&topic=open_data&audience=official&month=${month}&free=1`)).toEqual({
      filters: { q: 'data', topic: 'open_data', audience: 'official', month, freeOnly: true },
      errors: {},
    })
  })

  it('treats empty fields as no filter', () => {
    expect(parse('q=&topic=&audience=&month=')).toEqual({ filters: { q: '', freeOnly: false }, errors: {} })
  })

  it('drops an unknown topic and says why, keeping the other filters', () => {
    const { filters, errors } = parse('topic=astrology&audience=teacher')
    expect(filters.topic).toBeUndefined()
    expect(filters.audience).toBe('teacher')
    expect(errors).toEqual({ topic: 'catalogue.error.topic' })
  })

  it.each(['2023-13', '2023-00', '23-01', '2023-1', 'abc', '2023-01-01'])('refuses month=%s', (month) => {
    const { filters, errors } = parse(`month=${month}`)
    expect(filters.month).toBeUndefined()
    expect(errors.month).toBe('catalogue.error.month')
  })

  it('refuses a 5,000-character search', () => {
    const { filters, errors } = parse(`q=${'a'.repeat(5000)}`)
    expect(filters.q).toBe('')
    expect(errors.q).toBe('catalogue.error.qTooLong')
  })
})

describe('search text', () => {
  it('folds case and Czech diacritics', () => {
    expect(foldForSearch('Kybernetická BEZPEČNOST')).toBe('kyberneticka bezpecnost')
    expect(foldForSearch('Řehořová  Šťastný\tŽluťoučký kůň')).toBe('rehorova stastny zlutoucky kun')
  })

  it('splits a query into distinct folded terms', () => {
    expect(searchTerms('  Otevřená data  otevrena ')).toEqual(['otevrena', 'data'])
    expect(searchTerms('   ')).toEqual([])
  })

  it('escapes LIKE wildcards typed by users', () => {
    expect(likeContains('100%_a\\b')).toBe('%100\\%\\_a\\\\b%')
  })
})
