import type {
  KyselyPlugin,
  PluginTransformQueryArgs,
  PluginTransformResultArgs,
  QueryResult,
  RootOperationNode,
  UnknownRow,
} from 'kysely'

/*
 * A number that changes whenever the data may have changed, so rendered pages can be reused
 * until then. Our own writes are counted as they happen (any statement that is not a SELECT
 * and changed a row);
 * writes by other processes on the same SQLite file show up in PRAGMA data_version.
 */
export class WriteTrackingPlugin implements KyselyPlugin {
  writes = 0
  readonly #pending = new WeakSet<object>()

  transformQuery({ node, queryId }: PluginTransformQueryArgs): RootOperationNode {
    if (node.kind !== 'SelectQueryNode') this.#pending.add(queryId)
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
