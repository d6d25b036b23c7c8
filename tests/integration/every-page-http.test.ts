import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { testStart } from '../support/clock'
import { createTestDatabase, type TestDatabase } from '../support/database'
import { IDENTITIES, preparePageSweep, routeModulesNotVisited, type PageSweep } from '../support/page-sweep'
import { startServer, type RunningServer } from '../support/server'

/*
 * Every page of the browser's accessibility sweep, asked for over HTTP in Czech and English by
 * the anonymous visitor, the participant, the organiser and the admin: each answers as the
 * sweep expects: the status, an HTML page, in the asked language. Without a browser it costs a second or two,
 * so it runs under every moved clock as well (the README's test:clock runs), where it shows
 * that every page still renders a year ahead and at both of Prague's clock changes, the part
 * of the sweep that could depend on the date (its pages are laid out from the data, and the
 * data always sits at the same distance from the clock).
 */

let database: TestDatabase
let server: RunningServer
let sweep: PageSweep

beforeAll(async () => {
  database = await createTestDatabase({ seedAt: testStart })
  server = await startServer({ DATABASE_URL: database.url })
  sweep = await preparePageSweep(database.db, server.url)
})

afterAll(async () => {
  await server?.stop()
  await database?.cleanup()
})

describe('every page over HTTP', () => {
  it('covers every route module with a page, as the sweep does', () => {
    expect(routeModulesNotVisited(sweep.visits)).toEqual([])
  })

  describe.each([
    ['cs-CZ', 'cs'],
    ['en-GB', 'en'],
  ] as const)('in %s', (acceptLanguage, lang) => {
    it.each(IDENTITIES)('answers every page of the %s', async (identity) => {
      const cookie = sweep.cookies[identity]
      const answered: string[] = []
      const expected: string[] = []
      for (const visit of sweep.visits[identity]) {
        // Redirects followed, as the browser follows them.
        const response = await fetch(server.url + visit.path, {
          headers: { 'Accept-Language': acceptLanguage, ...(cookie ? { Cookie: cookie } : {}) },
        })
        const html = await response.text()
        const type = response.headers.get('content-type')
        answered.push(`${visit.path} ${response.status} ${type} ${/<html lang="(\w+)"/.exec(html)?.[1]}`)
        expected.push(`${visit.path} ${visit.status ?? 200} text/html; charset=utf-8 ${lang}`)
      }
      expect(answered).toEqual(expected)
    })
  })
})
