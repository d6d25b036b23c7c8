import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { sql } from 'kysely'
import { TABLES_NO_SHARED_PAGE_SHOWS } from '~/utils/data-version.server'
import { getDataVersion, openDatabase } from '~/utils/db.server'
import { testStart } from '../support/clock'
import { createTestDatabase, type TestDatabase } from '../support/database'

let test: TestDatabase
beforeAll(async () => {
  test = await createTestDatabase({ seedAt: testStart })
})
afterAll(() => test.cleanup())

describe('the data version (what the page cache keys on)', () => {
  it('changes after a write that changed a row, not after a read or a write that matched nothing', async () => {
    const before = await getDataVersion(test.db)
    await test.db.selectFrom('workshops').selectAll().execute()
    expect(await getDataVersion(test.db)).toBe(before)
    // Writes that match no row (the mail worker's idle claim, say) change nothing.
    await test.db.updateTable('workshops').set({ title: 'X' }).where('id', '=', -1).execute()
    await test.db.updateTable('outbox').set({ status: 'sending' }).where('id', '=', -1).returningAll().execute()
    await test.db.deleteFrom('workshops').where('id', '=', -1).execute()
    expect(await getDataVersion(test.db)).toBe(before)
    await test.db.updateTable('workshops').set({ title: 'X' }).where('id', '=', 1).execute()
    expect(await getDataVersion(test.db)).not.toBe(before)
    const afterUpdate = await getDataVersion(test.db)
    await test.db.updateTable('workshops').set({ title: 'Y' }).where('id', '=', 1).returning('id').execute()
    expect(await getDataVersion(test.db)).not.toBe(afterUpdate)
  })

  it('stays as it was after writes to what no shared page shows: mail, limits, sign-in, job leases', async () => {
    const before = await getDataVersion(test.db)
    const now = testStart.toISOString()
    await test.db.insertInto('rate_limit_hits').values({ key: 'data-version-test', at: now }).execute()
    await test.db.insertInto('job_runs').values({ name: 'data-version-test', lease_holder: 'test', lease_until: now }).execute()
    await test.db.updateTable('job_runs').set({ lease_holder: null }).where('name', '=', 'data-version-test').execute()
    await test.db.deleteFrom('login_tokens').execute()
    await test.db.deleteFrom('user_sessions').execute()
    expect(await getDataVersion(test.db)).toBe(before)
    await test.db
      .updateTable('sessions')
      .set({ confirmed_count: (eb) => eb('confirmed_count', '+', 0) })
      .where('id', '=', 1)
      .execute()
    expect(await getDataVersion(test.db)).not.toBe(before)
  })

  it('leaves out the same tables on both engines (the PostgreSQL triggers and the SQLite plugin)', async () => {
    if (test.engine !== 'postgres') return
    const { rows } = await sql<{ table: string }>`
      select event_object_table as table from information_schema.triggers
      where trigger_name like '%_raises_data_version' group by event_object_table`.execute(test.db)
    const tracked = new Set(rows.map((r) => r.table))
    const tables = (await test.db.introspection.getTables()).map((t) => t.name).filter((n) => !/^(kysely_|data_version$)/.test(n))
    for (const table of tables) expect([table, tracked.has(table)]).toEqual([table, !TABLES_NO_SHARED_PAGE_SHOWS.has(table)])
  })

  it('changes for every handle on the database when another one writes (another instance)', async () => {
    const other = openDatabase(test.url)
    try {
      const seenHere = await getDataVersion(test.db)
      const seenThere = await getDataVersion(other)
      await other.updateTable('sessions').set({ capacity: 77 }).where('id', '=', 1).execute()
      expect(await getDataVersion(test.db)).not.toBe(seenHere)
      expect(await getDataVersion(other)).not.toBe(seenThere)
    } finally {
      await other.destroy()
    }
  })

  it('stays as it was while a write is not yet committed, and moves once it is', async () => {
    const other = openDatabase(test.url)
    try {
      const before = await getDataVersion(test.db)
      let release!: () => void
      const held = new Promise<void>((resolve) => (release = resolve))
      let written!: () => void
      const wrote = new Promise<void>((resolve) => (written = resolve))
      const writing = other.transaction().execute(async (trx) => {
        await trx.updateTable('sessions').set({ capacity: 78 }).where('id', '=', 1).execute()
        written()
        await held
      })
      await wrote
      // A page rendered now shows the old capacity, so it must be filed under the old version.
      expect(await getDataVersion(test.db)).toBe(before)
      release()
      await writing
      expect(await getDataVersion(test.db)).not.toBe(before)
    } finally {
      await other.destroy()
    }
  })
})
