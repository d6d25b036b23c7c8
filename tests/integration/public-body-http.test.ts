import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { testStart } from '../support/clock'
import { createTestDatabase, type TestDatabase } from '../support/database'
import { createOrganiser } from '../support/factories'
import { createBookableSession } from '../support/fixtures'
import { requestsTo, startServer, type RunningServer } from '../support/server'
import { SUPERVISORY_BODY_URL } from '~/components/AccessibilityStatement'
import { PURPOSES } from '~/models/retention-policy'

/*
 * What a public body must publish, as the configuration says it: the accessibility statement
 * (law 99/2019 Sb.) at /pristupnost and /accessibility, and on the privacy page the operator,
 * the data protection officer and one legal basis per purpose. One server with the operator
 * and the officer configured, one without them.
 */

const OPERATOR = {
  OPERATOR_NAME: 'Liberecký kraj',
  OPERATOR_EMAIL: 'pristupnost@kraj-lbc.example',
  OPERATOR_PHONE: '+420 485 226 111',
}
const DPO = { DPO_NAME: 'Mgr. Alžběta Šťastná', DPO_EMAIL: 'poverenec@kraj-lbc.example', DPO_PHONE: '+420 485 226 999' }
const SCHOOL = { name: 'Základní škola Šťastná', email: 'reditelna@zs-stastna.example' }

let database: TestDatabase
let configured: RunningServer
let bare: RunningServer

beforeAll(async () => {
  database = await createTestDatabase()
  const school = await createOrganiser(database.db, SCHOOL, testStart)
  await createBookableSession(database.db, { organiserId: school, capacity: 5 })
  ;[configured, bare] = await Promise.all([
    startServer({ DATABASE_URL: database.url, ...OPERATOR, ...DPO }),
    startServer({ DATABASE_URL: database.url }),
  ])
})
afterAll(async () => {
  await Promise.all([configured?.stop(), bare?.stop()])
  await database?.cleanup()
})

const CZECH = { 'Accept-Language': 'cs-CZ,cs;q=0.9' }
const ENGLISH = { 'Accept-Language': 'en-GB,en;q=0.9' }

/** The page as a reader gets it: its HTML, its text without tags, its headings of one level in order. */
async function read(server: RunningServer, path: string, headers: Record<string, string>) {
  const response = await requestsTo(() => server).get(path, headers)
  expect(response.status, path).toBe(200)
  const html = await response.text()
  const text = (fragment: string) =>
    fragment
      .replace(/<[^>]+>/g, '')
      .replace(/\s+/g, ' ')
      .trim()
  const headings = (level: number) =>
    [...html.matchAll(new RegExp(`<h${level}[^>]*>([\\s\\S]*?)</h${level}>`, 'g'))].map((m) => text(m[1]!))
  return { html, text: text(html), headings }
}

describe('the accessibility statement', () => {
  it('has the parts the decree asks for, in Czech at /pristupnost', async () => {
    const page = await read(configured, '/pristupnost', CZECH)
    expect(page.html).toContain('<html lang="cs">')
    expect(page.headings(1)).toEqual(['Prohlášení o přístupnosti'])
    expect(page.headings(2)).toEqual([
      'Stav souladu',
      'Nepřístupný obsah',
      'Vypracování tohoto prohlášení',
      'Zpětná vazba a kontaktní údaje',
      'Postupy pro vymáhání',
    ])
    expect(page.headings(3)).toEqual(['Nesoulad se zákonem', 'Nepřiměřená zátěž', 'Obsah mimo působnost zákona'])
    expect(page.text).toContain(
      'Liberecký kraj se zavazuje zpřístupnit své internetové stránky v souladu se zákonem č. 99/2019 Sb.',
    )
    expect(page.text).toContain(`vztahuje na internetové stránky ${configured.url}`)
    expect(page.text).toContain('jsou částečně v souladu se zákonem')
    expect(page.text).toContain('Prohlášení bylo vypracováno 7. 12. 2026.')
    expect(page.text).toContain('Prohlášení bylo naposledy přezkoumáno 7. 12. 2026.')
    expect(page.text).toContain('axe-core')
    // Dates and the law's number do not break across lines.
    expect(page.html).toContain('7.\u00a012.\u00a02026')
    expect(page.html).toContain('č.\u00a099/2019\u00a0Sb.')
  })

  it('gives the operator’s contact for feedback, the organisers’ for their workshops, and the supervisory body', async () => {
    const page = await read(configured, '/pristupnost', CZECH)
    expect(page.html).toContain(`href="mailto:${OPERATOR.OPERATOR_EMAIL}"`)
    expect(page.html).toContain('href="tel:+420485226111"')
    expect(page.html).toContain(`href="mailto:${SCHOOL.email}"`)
    expect(page.text).toContain('Digitální a informační agentuře')
    expect(page.html).toContain(`href="${SUPERVISORY_BODY_URL}"`)
  })

  it('is the same statement in English at /accessibility', async () => {
    const page = await read(configured, '/accessibility', ENGLISH)
    expect(page.html).toContain('<html lang="en">')
    expect(page.headings(1)).toEqual(['Accessibility statement'])
    expect(page.headings(2)).toEqual([
      'Compliance status',
      'Non-accessible content',
      'Preparation of this statement',
      'Feedback and contact information',
      'Enforcement procedure',
    ])
    expect(page.text).toContain(
      'Liberecký kraj is committed to making its website accessible in accordance with Act No. 99/2019 Coll.',
    )
    expect(page.text).toContain('partially compliant')
    expect(page.text).toContain('This statement was prepared on 7 December 2026.')
    expect(page.text).toContain('Digital and Information Agency')
    expect(page.html).toContain(`href="mailto:${OPERATOR.OPERATOR_EMAIL}"`)
  })

  it('answers at both addresses in the visitor’s language, as every page does', async () => {
    expect((await read(configured, '/accessibility', CZECH)).headings(1)).toEqual(['Prohlášení o přístupnosti'])
    expect((await read(configured, '/pristupnost', ENGLISH)).headings(1)).toEqual(['Accessibility statement'])
    expect((await read(configured, '/pristupnost', { Cookie: 'lang=en', ...CZECH })).headings(1)).toEqual([
      'Accessibility statement',
    ])
  })

  it('is linked from every page’s footer, at the address of the page’s language', async () => {
    const czech = await read(configured, '/workshops', CZECH)
    expect(czech.html).toMatch(/<a[^>]*href="\/pristupnost"[^>]*>Prohlášení o přístupnosti<\/a>/)
    expect(czech.html).toMatch(/<a[^>]*href="\/privacy"[^>]*>Ochrana osobních údajů<\/a>/)
    const english = await read(configured, '/workshops', ENGLISH)
    expect(english.html).toMatch(/<a[^>]*href="\/accessibility"[^>]*>Accessibility statement<\/a>/)
  })

  it('without an operator configured, commits "the operator" and sends feedback to the organisers', async () => {
    const page = await read(bare, '/pristupnost', CZECH)
    expect(page.text).toContain('Provozovatel těchto stránek se zavazuje')
    expect(page.text).toContain('napište pořadateli workshopu')
    expect(page.html).toContain(`href="mailto:${SCHOOL.email}"`)
    expect(page.text).not.toContain('Liberecký kraj')
  })
})

describe('the privacy page', () => {
  it('names the operator and the data protection officer, in Czech and English', async () => {
    const czech = await read(configured, '/privacy', CZECH)
    expect(czech.text).toContain('Tento web provozuje Liberecký kraj.')
    expect(czech.headings(2)).toContain('Pověřenec pro ochranu osobních údajů')
    expect(czech.text).toContain(DPO.DPO_NAME)
    expect(czech.html).toContain(`href="mailto:${DPO.DPO_EMAIL}"`)
    expect(czech.html).toContain('href="tel:+420485226999"')
    const english = await read(configured, '/privacy', ENGLISH)
    expect(english.text).toContain('This website is run by Liberecký kraj.')
    expect(english.headings(2)).toContain('Data protection officer')
    expect(english.text).toContain(DPO.DPO_NAME)
  })

  it('without an officer configured, says where to ask for the organiser’s', async () => {
    const page = await read(bare, '/privacy', CZECH)
    expect(page.headings(2)).toContain('Pověřenec pro ochranu osobních údajů')
    expect(page.text).toContain('každý z nich má svého pověřence pro ochranu osobních údajů')
    expect(page.text).not.toContain('Tento web provozuje')
  })

  it.each([
    ['Czech', CZECH, 'Právní základ:'],
    ['English', ENGLISH, 'Legal basis:'],
  ])('states exactly one legal basis under each purpose (%s)', async (_language, headers, label) => {
    const { html } = await read(configured, '/privacy', headers)
    const purposes = [...html.matchAll(/<section><h3>([\s\S]*?)<\/section>/g)].map((m) => m[1]!.replace(/<[^>]+>/g, ''))
    expect(purposes).toHaveLength(PURPOSES.length)
    for (const purpose of purposes) {
      expect(purpose.split(label).length - 1, purpose.slice(0, 60)).toBe(1)
      expect(purpose).toMatch(/(čl\.\u00a06 odst\.\u00a01 písm\.\u00a0[a-f]\) GDPR|Article 6\(1\)\([a-f]\) GDPR)/)
    }
  })
})
