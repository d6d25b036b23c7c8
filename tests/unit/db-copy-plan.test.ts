import { describe, expect, it } from 'vitest'
import { planCopy } from '../../scripts/db-tools/plan'
import type { TableInfo } from '../../scripts/db-tools/schema-info'

/** A table with an `id` key and one nullable integer column per reference (`parent_id` → parent). */
function table(name: string, references: Record<string, string> = {}, { notNull = [] as string[] } = {}): TableInfo {
  const columns = ['id', ...Object.keys(references)]
  return {
    name,
    columns: columns.map((c) => ({ name: c, nullable: c !== 'id' && !notNull.includes(c), binary: false })),
    primaryKey: ['id'],
    references: Object.entries(references).map(([column, target]) => ({ column, table: target })),
    identity: 'id',
  }
}

const before = (order: string[], a: string, b: string) => order.indexOf(a) < order.indexOf(b)

describe('the order in which db:copy inserts tables', () => {
  it('puts every table after the tables it references', () => {
    const { order, deferred } = planCopy([
      table('registrations', { session_id: 'sessions' }),
      table('certificates', { registration_id: 'registrations' }),
      table('sessions', { workshop_id: 'workshops' }),
      table('workshops', { organiser_id: 'organisers' }),
      table('organisers'),
    ])
    expect(order).toEqual(['organisers', 'workshops', 'sessions', 'registrations', 'certificates'])
    expect(deferred.size).toBe(0)
  })

  it('copies a reference to the same table as null and fills it in afterwards', () => {
    const { order, deferred } = planCopy([table('comments', { reply_to_id: 'comments', user_id: 'users' }), table('users')])
    expect(before(order, 'users', 'comments')).toBe(true)
    expect(deferred).toEqual(new Map([['comments', ['reply_to_id']]]))
  })

  it('breaks a cycle of two tables at its nullable reference, and only there', () => {
    const { order, deferred } = planCopy([
      table('worksheets', { current_version_id: 'worksheet_versions' }),
      table('worksheet_versions', { worksheet_id: 'worksheets' }, { notNull: ['worksheet_id'] }),
      table('downloads', { worksheet_id: 'worksheets' }),
    ])
    expect(deferred).toEqual(new Map([['worksheets', ['current_version_id']]]))
    expect(before(order, 'worksheets', 'worksheet_versions')).toBe(true)
    expect(before(order, 'worksheets', 'downloads')).toBe(true)
  })

  it('refuses a cycle that no column can break', () => {
    const tables = [table('a', { b_id: 'b' }, { notNull: ['b_id'] }), table('b', { a_id: 'a' }, { notNull: ['a_id'] })]
    expect(() => planCopy(tables)).toThrow(/closes a cycle of references and does not allow null/)
  })

  it('ignores references to tables it does not copy', () => {
    expect(planCopy([table('audit', { migration_id: 'kysely_migration' })]).order).toEqual(['audit'])
  })
})
