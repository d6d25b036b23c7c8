import {
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

export class WriteTrackingPlugin implements KyselyPlugin {
  writes = 0
  readonly #pending = new WeakSet<object>()

  transformQuery({ node, queryId }: PluginTransformQueryArgs): RootOperationNode {
    if (node.kind !== 'SelectQueryNode' && !onlyUnsharedTables(node)) this.#pending.add(queryId)
    return node
  }

  async transformResult({ result, queryId }: PluginTransformResultArgs): Promise<QueryResult<UnknownRow>> {
    // Counted after the statement ran: a page rendered meanwhile keeps the old number and
    // so is never reused.
    if (this.#pending.has(queryId) && changedSomething(result)) this.writes++
    return result
  }
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

export function dataVersion(source: DataVersionSource): string {
  return `${source.externalVersion()}.${source.plugin.writes}`
}

/** A write to one table no shared page shows; raw SQL and anything unclear counts as a change. */
function onlyUnsharedTables(node: RootOperationNode): boolean {
  const table =
    node.kind === 'InsertQueryNode'
      ? node.into
      : node.kind === 'UpdateQueryNode'
        ? node.table
        : node.kind === 'DeleteQueryNode' && node.from.froms.length === 1
          ? node.from.froms[0]
          : undefined
  return table !== undefined && TableNode.is(table) && TABLES_NO_SHARED_PAGE_SHOWS.has(table.table.identifier.name)
}
