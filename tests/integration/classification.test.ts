import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { CLASSIFICATION, columnsHoldingPeople, RETENTION_RULES, UNCLASSIFIED_TABLES } from '../../db/classification'
import { DEFAULT_RETENTION, ruleDuration } from '~/models/retention-policy'
import { createTestDatabase, type TestDatabase } from '../support/database'

/*
 * db/classification.ts must describe the database the migrations really make, on this engine:
 * a migration that adds a column fails here until someone decides what it holds about people
 * and which rule removes it.
 */

let test: TestDatabase

beforeAll(async () => {
  test = await createTestDatabase()
})

afterAll(async () => {
  await test.cleanup()
})

describe('the classification of personal data', () => {
  it('classifies every column of every table the migrations create, and nothing that is not there', async () => {
    const skipped = new Set<string>(UNCLASSIFIED_TABLES)
    const actual = (await test.db.introspection.getTables())
      .filter((t) => !skipped.has(t.name))
      .flatMap((t) => t.columns.map((c) => `${t.name}.${c.name}`))
      .sort()
    const classified = Object.entries(CLASSIFICATION)
      .flatMap(([table, columns]) => Object.keys(columns).map((column) => `${table}.${column}`))
      .sort()
    const unclassified = actual.filter((c) => !classified.includes(c))
    const missing = classified.filter((c) => !actual.includes(c))
    expect({ unclassified, missing }).toEqual({ unclassified: [], missing: [] })
  })

  it('gives every personal column a rule that removes it after a stated time', () => {
    const personal = columnsHoldingPeople().filter((c) => c.class === 'personal')
    expect(personal.length).toBeGreaterThan(20)
    const unremoved = personal
      .filter((c) => c.removal === 'kept-unlinked' || ruleDuration(c.rule, DEFAULT_RETENTION).kind === 'anonymous')
      .map((c) => `${c.table}.${c.column}`)
    expect(unremoved).toEqual([])
    for (const c of columnsHoldingPeople()) expect(RETENTION_RULES).toContain(c.rule)
  })
})
