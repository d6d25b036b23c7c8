import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { sql } from 'kysely'
import { TABLES_NO_SHARED_PAGE_SHOWS } from '~/utils/data-version.server'
import { cancelRegistration, registerForSession } from '~/models/registrations.server'
import { getDataVersion, getStructureVersion, openDatabase } from '~/utils/db.server'
import { testStart } from '../support/clock'
import { person } from '../support/factories'
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

  describe('the structure version (what the catalogue keeps its order and options by)', () => {
    const appUrl = 'http://localhost:3000'
    /** An upcoming session of the seed open for booking, with `capacity` seats and nobody booked. */
    async function emptySession(capacity: number): Promise<number> {
      const nowIso = testStart.toISOString()
      const id = await test.db.transaction().execute(async (trx) => {
        const { id } = await trx
          .selectFrom('sessions')
          .select('id')
          .where('status', '=', 'scheduled')
          .where('starts_at', '>', nowIso)
          .orderBy('starts_at')
          .executeTakeFirstOrThrow()
        await trx.deleteFrom('registrations').where('session_id', '=', id).execute()
        await trx
          .updateTable('sessions')
          .set({ capacity, confirmed_count: 0, waitlisted_count: 0, registration_opens_at: null, registration_closes_at: null })
          .where('id', '=', id)
          .execute()
        return id
      })
      return id
    }
    const book = async (sessionId: number, name: string) => {
      const result = await registerForSession(test.db, { sessionId, form: person(name), locale: 'cs', now: testStart, appUrl })
      if (result.kind !== 'registered') throw new Error(`expected a booking, got ${result.kind}`)
      return result
    }

    it('stays through bookings, a waiting list, a cancellation and a promotion, which move the data version', async () => {
      const sessionId = await emptySession(1)
      const versions = async () => ({ data: await getDataVersion(test.db), structure: await getStructureVersion(test.db) })
      let before = await versions()
      const steps: [string, () => Promise<unknown>][] = [
        ['a seat', () => book(sessionId, 'Jana Řehořová')],
        ['the waiting list', () => book(sessionId, 'Eva Cibulková')],
        [
          'a cancellation that promotes',
          async () => {
            const jana = await test.db
              .selectFrom('registrations')
              .select('id')
              .where('session_id', '=', sessionId)
              .orderBy('id')
              .executeTakeFirstOrThrow()
            expect(jana.id).toBe(janaBooking.registrationId)
            expect(await cancelRegistration(test.db, { token: janaBooking.token, now: testStart, appUrl })).toEqual({
              kind: 'cancelled',
              promoted: 1,
            })
          },
        ],
      ]
      let janaBooking!: Awaited<ReturnType<typeof book>>
      for (const [name, step] of steps) {
        const result = await step()
        if (name === 'a seat') janaBooking = result as Awaited<ReturnType<typeof book>>
        const after = await versions()
        expect([name, after.data]).not.toEqual([name, before.data])
        // The same on both engines: the SQLite plugin and the PostgreSQL trigger draw one line.
        expect([name, after.structure]).toEqual([name, before.structure])
        before = after
      }
    })

    it("moves with a change to a session's time or capacity, and with a workshop's title", async () => {
      const sessionId = await emptySession(5)
      const changes: [string, () => Promise<unknown>][] = [
        ['capacity', () => test.db.updateTable('sessions').set({ capacity: 6 }).where('id', '=', sessionId).execute()],
        [
          'time and counters together',
          async () => {
            const { starts_at } = await test.db
              .selectFrom('sessions')
              .select('starts_at')
              .where('id', '=', sessionId)
              .executeTakeFirstOrThrow()
            const later = new Date(Date.parse(starts_at) + 60_000).toISOString()
            await test.db
              .updateTable('sessions')
              .set((eb) => ({ starts_at: later, confirmed_count: eb('confirmed_count', '+', 1) }))
              .where('id', '=', sessionId)
              .execute()
          },
        ],
        ['title', () => test.db.updateTable('workshops').set({ title: 'Z' }).where('id', '=', 1).execute()],
      ]
      for (const [name, change] of changes) {
        const before = await getStructureVersion(test.db)
        await change()
        expect([name, await getStructureVersion(test.db)]).not.toEqual([name, before])
      }
    })
  })
})
