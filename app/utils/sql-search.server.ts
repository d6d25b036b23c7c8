import { sql, type RawBuilder, type SqlBool } from 'kysely'
import { likeContains } from './search-text'

/**
 * `column LIKE '%term%'` where a "%" or "_" the user typed matches itself. SQLite has no
 * default escape character, so the ESCAPE clause is what makes the backslashes mean anything.
 */
export function containsTerm(column: string, term: string): RawBuilder<SqlBool> {
  return sql<SqlBool>`${sql.ref(column)} like ${likeContains(term)} escape '\\'`
}
