import { engineOfUrl, sqlitePathFromUrl } from '~/utils/db.server'

/** The URL as it may appear in a terminal or a log: a PostgreSQL password is replaced by ***. */
export function printableUrl(url: string): string {
  if (engineOfUrl(url) !== 'postgres') return url
  try {
    const parsed = new URL(url)
    if (parsed.password) parsed.password = '***'
    return parsed.toString()
  } catch {
    return 'the PostgreSQL database'
  }
}

/** Whether two URLs name the same database, however they are spelled. */
export function sameDatabase(a: string, b: string): boolean {
  if (engineOfUrl(a) !== engineOfUrl(b)) return false
  if (engineOfUrl(a) === 'sqlite') return sqlitePathFromUrl(a) === sqlitePathFromUrl(b)
  const [x, y] = [new URL(a), new URL(b)]
  const where = (u: URL) => `${u.hostname}:${u.port || '5432'}${u.pathname}`
  return where(x) === where(y)
}
