import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { testStart } from '../support/clock'
import { createTestDatabase, type TestDatabase } from '../support/database'
import { createOrganiser } from '../support/factories'
import { createBookableSession } from '../support/fixtures'
import { requestsTo, startServer, type RunningServer } from '../support/server'
import { CURRENT_CONSENT_VERSION } from '~/models/consent'

/*
 * The privacy page says what the configuration says: the lengths come from RETENTION_MONTHS and
 * friends (the policy the retention job runs with), the controllers from the database.
 */

let database: TestDatabase
let server: RunningServer

const SCHOOL = {
  name: 'Základní škola Šťastná',
  email: 'reditelna@zs-stastna.example',
  website: 'https://www.zs-stastna.example',
}
const HIDDEN = { name: 'Pořadatel bez zveřejněných workshopů', email: 'skryty@example.cz' }

beforeAll(async () => {
  database = await createTestDatabase()
  const school = await createOrganiser(database.db, SCHOOL, testStart)
  await createBookableSession(database.db, { organiserId: school, capacity: 5 })
  const hidden = await createOrganiser(database.db, HIDDEN, testStart)
  await createBookableSession(database.db, { organiserId: hidden, capacity: 5, workshop: { published: false } })
  server = await startServer({ DATABASE_URL: database.url, RETENTION_MONTHS: '18', MAIL_RETENTION_DAYS: '14' })
})
afterAll(async () => {
  await server?.stop()
  await database?.cleanup()
})

const { get } = requestsTo(() => server)

/** The page's text without tags, as a reader gets it. */
async function pageText(headers: Record<string, string> = {}) {
  const response = await get('/privacy', headers)
  expect(response.status).toBe(200)
  const html = await response.text()
  return { html, text: html.replace(/<[^>]+>/g, '').replace(/\s+/g, ' ') }
}

describe('the privacy page follows the configuration', () => {
  it('states the configured lengths in Czech, with Czech plurals', async () => {
    const { html, text } = await pageText()
    expect(html).toContain('<html lang="cs">')
    expect(text).toContain('Přihlášky anonymizujeme 18 měsíců po skončení termínu')
    expect(text).toContain('Adresu i obsah každého e-mailu vymažeme 14 dní po odeslání;')
    // The certificate's holder name follows the bookings unless configured apart; the audit log keeps its default.
    expect(text).toContain('Jméno odstraníme 18 měsíců po vydání')
    expect(text).toContain('24 měsíců po zápisu')
    expect(text).not.toContain('24 měsíců po skončení termínu')
    expect(text).not.toContain('12 měsíců')
  })

  it('states the configured lengths in English, for a browser that prefers it', async () => {
    const { html, text } = await pageText({ 'Accept-Language': 'en-GB,en;q=0.9' })
    expect(html).toContain('<html lang="en">')
    expect(text).toContain('Bookings are anonymised 18 months after the session ends')
    expect(text).toContain('erased 14 days after sending')
  })

  it('states them in English when the language was chosen with the switcher', async () => {
    const { text } = await pageText({ Cookie: 'lang=en', 'Accept-Language': 'cs' })
    expect(text).toContain('18 months after the session ends')
  })

  it('names as controllers the bodies whose workshops are published, with their contacts', async () => {
    const { html, text } = await pageText()
    expect(text).toContain(SCHOOL.name)
    expect(html).toContain(`href="mailto:${SCHOOL.email}"`)
    expect(html).toContain(`href="${SCHOOL.website}"`)
    expect(text).not.toContain(HIDDEN.name)
    expect(html).not.toContain(HIDDEN.email)
  })

  it('links the person’s own data and the supervisory authority, and shows the consent version', async () => {
    const { html, text } = await pageText()
    expect(html).toContain('href="/my/data"')
    expect(html).toContain('href="https://uoou.gov.cz"')
    expect(text).toContain(`(verze ${CURRENT_CONSENT_VERSION})`)
    expect(text).toContain('Souhlasím, aby pořadatel mé údaje použil pro tuto přihlášku')
  })
})
