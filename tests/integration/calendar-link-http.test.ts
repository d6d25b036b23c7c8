import ICAL from 'ical.js'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { renderEmail, type RegistrationEmailProps } from '../../emails'
import { testStart } from '../support/clock'
import { createTestDatabase, type TestDatabase } from '../support/database'
import { bookingForm, createBookableSession, organiserOf } from '../support/fixtures'
import { createUser, uploadWorksheet } from '../support/factories'
import { manageLinkFromOutbox } from '../support/manage-link'
import { requestsTo, startServer, type RunningServer } from '../support/server'

/*
 * Calendars are shared with colleagues and school offices, so the link an invitation carries
 * must not be the manage link. It opens a read-only view of the booking; cancelling and
 * downloads (worksheets, certificate, the invitation itself) need the e-mail's own link or a
 * signed-in session.
 */

let database: TestDatabase
let server: RunningServer
let sessionId: number
let worksheetId: number
const EMAIL = 'ucastnik.1@skola.example'
const TOKEN = /[A-Za-z0-9_-]{43}/

beforeAll(async () => {
  database = await createTestDatabase()
  const db = database.db
  let workshopId: number
  ;({ sessionId, workshopId } = await createBookableSession(db, { capacity: 5 }))
  const organiser = await createUser(db, {
    email: 'lektorka@kraj.example',
    name: null,
    role: 'organiser',
    organiserIds: [await organiserOf(db, workshopId)],
  })
  worksheetId = await uploadWorksheet(db, {
    workshopId,
    title: 'Podklady pro přihlášené',
    visibility: 'registered',
    name: 'podklady.txt',
    user: organiser,
    now: testStart,
  })
  server = await startServer({ DATABASE_URL: database.url })
  const booked = await fetch(`${server.url}/sessions/${sessionId}/book`, {
    method: 'POST',
    body: bookingForm(1),
    redirect: 'manual',
  })
  expect(booked.status).toBe(303)
})
afterAll(async () => {
  await server?.stop()
  await database?.cleanup()
})

function description(ics: string): string {
  const event = new ICAL.Component(ICAL.parse(ics)).getFirstSubcomponent('vevent')!
  return String(event.getFirstPropertyValue('description'))
}

async function confirmationInvite(): Promise<string> {
  const row = await database.db
    .selectFrom('outbox')
    .selectAll()
    .where('recipient', '=', EMAIL)
    .where('template', '=', 'registration.confirmed')
    .executeTakeFirstOrThrow()
  const email = renderEmail('registration.confirmed', JSON.parse(row.props!) as RegistrationEmailProps, 'cs', testStart)
  return email.icalEvent!.content
}

const calendarPath = (text: string) => {
  const match = /https?:\/\/[^\s]+\/calendar\/([A-Za-z0-9_-]{43})/.exec(text.replace(/\s+/g, ''))
  return match ? new URL(match[0]).pathname : undefined
}
const { get } = requestsTo(() => server)

describe('the link in calendar data', () => {
  it('is not the manage link, in the e-mailed invitation or the downloaded one', async () => {
    const mailed = description(await confirmationInvite())
    expect(mailed).not.toMatch(/\/registrations\//)
    expect(calendarPath(mailed)).toMatch(/^\/calendar\//)

    const manage = await manageLinkFromOutbox(database.db, EMAIL)
    const downloaded = await get(`${manage}/invite.ics`)
    expect(downloaded.status).toBe(200)
    const text = description(await downloaded.text())
    expect(text).not.toMatch(/\/registrations\//)
    expect(calendarPath(text)).toMatch(/^\/calendar\//)
  })

  it('opens a read-only view of the booking: what, when, where, the status, and no way to change it', async () => {
    const path = calendarPath(description(await confirmationInvite()))!
    const response = await get(path)
    expect(response.status).toBe(200)
    expect(response.headers.get('cache-control')).toBe('no-store')
    const html = (await response.text()).replace(/\u0000/g, '')
    expect(html).toContain('Kybernetická bezpečnost na obecním úřadě')
    expect(html).toContain('Máte rezervované místo')
    expect(html).toContain('Krajský úřad Libereckého kraje')
    expect(html).toContain('jen pro čtení')
    // No action, no download, no check-in code, and no manage link in it.
    // (The page's own links, not the route list in Remix's manifest.)
    const hrefs = [...html.matchAll(/href="([^"]*)"/g)].map((m) => m[1]!)
    expect(hrefs.filter((href) => /cancel|invite\.ics|certificate\.pdf|\/worksheets\/\d|\/registrations\//.test(href))).toEqual(
      [],
    )
    // The only form is the header's language switcher.
    const actions = [...html.matchAll(/<form[^>]*action="([^"]*)"/g)].map((m) => m[1])
    expect(actions).toEqual(['/language'])
    // Which must post without JavaScript: only the origin as referrer, not Origin: null.
    expect(html).toContain('<meta name="referrer" content="strict-origin"/>')
    const switched = await fetch(`${server.url}/language`, {
      method: 'POST',
      headers: { Origin: new URL(server.url).origin, 'Content-Type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ lang: 'en', redirectTo: path }),
      redirect: 'manual',
    })
    expect(switched.status).toBe(303)
    expect(switched.headers.get('location')).toBe(path)
    expect(html).not.toMatch(new RegExp(`/registrations/${TOKEN.source}`))
    expect(html).not.toContain('Kód pro příchod')
  })

  it('does not cancel, download or open the manage page; the manage link still does', async () => {
    const token = calendarPath(description(await confirmationInvite()))!
      .split('/')
      .pop()!
    for (const path of [
      `/registrations/${token}`,
      `/registrations/${token}/cancel`,
      `/registrations/${token}/invite.ics`,
      `/registrations/${token}/certificate.pdf`,
      `/registrations/${token}/worksheets/${worksheetId}`,
    ]) {
      const response = await get(path)
      expect(response.status, path).toBe(404)
      await response.body?.cancel()
    }
    const cancel = await fetch(`${server.url}/registrations/${token}/cancel`, {
      method: 'POST',
      body: new URLSearchParams(),
      redirect: 'manual',
    })
    expect(cancel.status).toBe(404)
    const row = await database.db
      .selectFrom('registrations')
      .select('status')
      .where('email', '=', EMAIL)
      .executeTakeFirstOrThrow()
    expect(row.status).toBe('confirmed')

    const manage = await manageLinkFromOutbox(database.db, EMAIL)
    const download = await get(`${manage}/worksheets/${worksheetId}`)
    expect(download.status).toBe(200)
    expect(await download.text()).toBe('Podklady pro přihlášené\n')
  })

  it('is 404 for a token that opens nothing', async () => {
    expect((await get(`/calendar/${'A'.repeat(43)}`)).status).toBe(404)
    expect((await get('/calendar/abc')).status).toBe(404)
  })
})
