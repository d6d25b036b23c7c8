import { describe, expect, it } from 'vitest'
import { auditFilterSearch } from '~/models/audit-filters'
import { parseAuditFilters } from '~/models/audit-filters.server'

const parse = (search: string) => parseAuditFilters(new URLSearchParams(search))

describe('the audit page’s filters', () => {
  it('reads every filter, lower-casing the action and the e-mail', () => {
    expect(
      parse(
        'kind=access&action=Export.&actor=%20Organizator@Liberec%20&entityType=session&entityId=12&from=2026-03-29&to=2026-03-30&before=900',
      ),
    ).toEqual({
      filters: {
        kind: 'access',
        action: 'export.',
        actor: 'organizator@liberec',
        entityType: 'session',
        entityId: 12,
        from: '2026-03-29',
        to: '2026-03-30',
        before: 900,
      },
      values: {
        kind: 'access',
        action: 'Export.',
        actor: ' Organizator@Liberec ',
        entityType: 'session',
        entityId: '12',
        from: '2026-03-29',
        to: '2026-03-30',
        before: '900',
      },
      errors: {},
    })
  })

  it('reads nothing and all kinds from an empty form', () => {
    expect(parse('kind=&action=&actor=&entityType=&entityId=&from=&to=').filters).toEqual({ kind: 'all' })
    expect(parse('').errors).toEqual({})
  })

  it('drops a bad value, says why, and keeps the rest', () => {
    const { filters, errors } = parse('kind=changes&entityType=session&entityId=1e3&from=2027-02-29&action=a%25')
    expect(filters).toEqual({ kind: 'changes', entityType: 'session' })
    expect(errors).toEqual({
      entityId: 'audit.error.entityId',
      from: 'audit.error.noSuchDay',
      action: 'audit.error.action',
    })
  })

  it('wants the kind of record with its number, and the days in order', () => {
    expect(parse('entityId=5')).toMatchObject({
      filters: { kind: 'all' },
      errors: { entityId: 'audit.error.entityIdWithoutType' },
    })
    // A bad kind is reported once, at the kind; the number goes with it.
    expect(parse('entityType=planet&entityId=5')).toMatchObject({
      filters: { kind: 'all' },
      errors: { entityType: 'audit.error.entityType' },
    })
    expect(parse('from=2026-12-10&to=2026-12-01')).toMatchObject({
      filters: { kind: 'all', from: '2026-12-10' },
      errors: { to: 'audit.error.dateOrder' },
    })
  })

  it('links the next page with the same filters', () => {
    const { filters } = parse('kind=access&actor=liberec&entityType=workshop&entityId=3&before=77')
    expect(auditFilterSearch(filters, { before: 40 })).toBe('?kind=access&actor=liberec&entityType=workshop&entityId=3&before=40')
    expect(auditFilterSearch(filters)).toBe('?kind=access&actor=liberec&entityType=workshop&entityId=3')
    expect(auditFilterSearch({ kind: 'all' })).toBe('')
  })
})
