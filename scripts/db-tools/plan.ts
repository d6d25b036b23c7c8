import type { Reference, TableInfo } from './schema-info'

export type CopyPlan = {
  /** Tables in an order in which every row's references already exist when it is inserted. */
  order: string[]
  /** Columns inserted as null and set once every table is in, because they close a cycle. */
  deferred: Map<string, string[]>
}

/**
 * Orders tables so that foreign keys hold at every insert, on engines that check them at once
 * (PostgreSQL's constraints here are not deferrable). A reference to the table itself, or one
 * that closes a cycle of tables, cannot be satisfied by any order: such a column is copied as
 * null and filled in afterwards, which needs it to be nullable and the table to have a primary
 * key to find the row by.
 */
export function planCopy(tables: readonly TableInfo[]): CopyPlan {
  const byName = new Map(tables.map((t) => [t.name, t]))
  const deferred = new Map<string, string[]>()
  const nullable = (table: string, { column }: Reference) =>
    byName.get(table)?.columns.find((c) => c.name === column)?.nullable ?? false
  const defer = (table: TableInfo, reference: Reference) => {
    const { column } = reference
    if (!nullable(table.name, reference))
      throw new Error(`Cannot copy ${table.name}: ${column} closes a cycle of references and does not allow null.`)
    if (table.primaryKey.length === 0)
      throw new Error(`Cannot copy ${table.name}: ${column} closes a cycle and the table has no primary key.`)
    deferred.set(table.name, [...(deferred.get(table.name) ?? []), column])
  }

  const waiting = new Map<string, Reference[]>()
  for (const table of tables) {
    const references = table.references.filter((r) => byName.has(r.table))
    for (const self of references.filter((r) => r.table === table.name)) defer(table, self)
    waiting.set(
      table.name,
      references.filter((r) => r.table !== table.name),
    )
  }

  const order: string[] = []
  while (waiting.size > 0) {
    const ready = [...waiting].find(([, references]) => references.every((r) => !waiting.has(r.table)))
    if (ready) {
      order.push(ready[0])
      waiting.delete(ready[0])
      continue
    }
    const [name, reference] = edgeInCycle(waiting, nullable)
    defer(byName.get(name)!, reference)
    waiting.set(
      name,
      waiting.get(name)!.filter((r) => r !== reference),
    )
  }
  return { order, deferred }
}

/**
 * A reference that lies on a cycle (its table reaches back to the one holding it), preferring
 * a nullable column: breaking a reference that merely leads into a cycle would not help.
 */
function edgeInCycle(
  waiting: Map<string, Reference[]>,
  nullable: (table: string, reference: Reference) => boolean,
): [string, Reference] {
  const reaches = (from: string, to: string, seen = new Set<string>()): boolean => {
    if (from === to) return true
    if (seen.has(from)) return false
    seen.add(from)
    return (waiting.get(from) ?? []).some((r) => waiting.has(r.table) && reaches(r.table, to, seen))
  }
  const onCycle = [...waiting].flatMap(([name, references]) =>
    references.filter((r) => waiting.has(r.table) && reaches(r.table, name)).map((r) => [name, r] as [string, Reference]),
  )
  return onCycle.find(([name, reference]) => nullable(name, reference)) ?? onCycle[0]!
}
