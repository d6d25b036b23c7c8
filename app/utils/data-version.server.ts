import {
  ColumnNode,
  TableNode,
  type KyselyPlugin,
  type PluginTransformQueryArgs,
  type PluginTransformResultArgs,
  type QueryResult,
  type RootOperationNode,
  type UnknownRow,
} from 'kysely'

/*
 * A number that changes whenever the data may have changed, so rendered pages can be reused
 * until then. Our own writes are counted as they happen (any statement that is not a SELECT
 * and changed a row of a table a shared page may show); writes by other processes on the same
 * SQLite file show up in PRAGMA data_version.
 */

/**
 * Tables whose rows never show on a page anyone may share: mail, limits, sign-in, job leases.
 * The mail worker and the limits write them all the time; those writes must not empty the page
 * cache. PostgreSQL leaves the same tables untracked (migrations 0014 and 0015, decision 015).
 */
export const TABLES_NO_SHARED_PAGE_SHOWS: ReadonlySet<string> = new Set([
  'outbox',
  'dev_mailbox',
  'rate_limit_counters',
  'rate_limit_hits',
  'login_tokens',
  'user_sessions',
  'job_runs',
  'calendar_feeds',
  'audit_log',
])

/**
 * Tables whose rows shared pages show only as seat counts: who booked, their links. Their
 * writes, and sessions' own counters, are "seat writes" (see dataVersions).
 */
const SEAT_TABLES: ReadonlySet<string> = new Set(['registrations', 'registration_tokens'])
const SESSION_SEAT_COLUMNS: ReadonlySet<string> = new Set(['confirmed_count', 'waitlisted_count', 'updated_at'])

export class WriteTrackingPlugin implements KyselyPlugin {
  /** Writes that may change anything a shared page shows. */
  writes = 0
  /** Writes that change only seat counts (a booking, a cancellation, a promotion). */
  seatWrites = 0
  readonly #pending = new WeakMap<object, 'seats' | 'any'>()

  transformQuery({ node, queryId }: PluginTransformQueryArgs): RootOperationNode {
    if (node.kind !== 'SelectQueryNode' && !onlyUnsharedTables(node))
      this.#pending.set(queryId, onlySeats(node) ? 'seats' : 'any')
    return node
  }

  async transformResult({ result, queryId }: PluginTransformResultArgs): Promise<QueryResult<UnknownRow>> {
    // Counted after the statement ran: a page rendered meanwhile keeps the old number and
    // so is never reused.
    const kind = this.#pending.get(queryId)
    if (kind !== undefined && changedSomething(result)) {
      if (kind === 'seats') this.seatWrites++
      else this.writes++
    }
    return result
  }
}

/** A write to a seat table, or an update of nothing but a session's counters. */
function onlySeats(node: RootOperationNode): boolean {
  const table = writtenTable(node)
  if (table === undefined) return false
  if (SEAT_TABLES.has(table)) return true
  return (
    node.kind === 'UpdateQueryNode' &&
    table === 'sessions' &&
    node.updates !== undefined &&
    node.updates.length > 0 &&
    node.updates.every((u) => ColumnNode.is(u.column) && SESSION_SEAT_COLUMNS.has(u.column.column.name))
  )
}

/**
 * A write that touched no row leaves every page as it was: the mail worker's claim runs every
 * second and usually finds nothing, and must not empty the page cache each time.
 */
function changedSomething(result: QueryResult<UnknownRow>): boolean {
  if (result.numAffectedRows !== undefined) return result.numAffectedRows > 0n
  // A statement that returns rows (RETURNING, raw SQL) reports no count: its rows tell.
  return result.rows.length > 0
}

export type DataVersionSource = { plugin: WriteTrackingPlugin; externalVersion: () => number }

/**
 * `structure`: what pages show apart from seat counts (titles, times, places, which sessions
 * exist, the catalogue's order without "free seats"). Another process's writes cannot be told
 * apart, so they count there too. `data` adds the seat writes. Both come from one reading of
 * the other processes' version, so they always agree.
 */
export function dataVersions(source: DataVersionSource): { data: string; structure: string } {
  const structure = `${source.externalVersion()}.${source.plugin.writes}`
  return { data: `${structure}.${source.plugin.seatWrites}`, structure }
}

/** A write to one table no shared page shows; raw SQL and anything unclear counts as a change. */
function onlyUnsharedTables(node: RootOperationNode): boolean {
  const table = writtenTable(node)
  return table !== undefined && TABLES_NO_SHARED_PAGE_SHOWS.has(table)
}

/** The one table a write names; undefined for raw SQL or a delete from several. */
function writtenTable(node: RootOperationNode): string | undefined {
  const table =
    node.kind === 'InsertQueryNode'
      ? node.into
      : node.kind === 'UpdateQueryNode'
        ? node.table
        : node.kind === 'DeleteQueryNode' && node.from.froms.length === 1
          ? node.from.froms[0]
          : undefined
  return table !== undefined && TableNode.is(table) ? table.table.identifier.name : undefined
}
