import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { day } from '../support/clock'
import { createTestDatabase, type TestDatabase } from '../support/database'
import { manageLinkFromOutbox } from '../support/manage-link'
import { bookingForm, bookingTally, createBookableSession } from '../support/fixtures'
import { requestsTo, startServer, type RunningServer } from '../support/server'
import { CONSENT_VERSIONS, CURRENT_CONSENT_VERSION } from '~/models/consent'

let database: TestDatabase
let server: RunningServer
let sessionId: number

beforeAll(async () => {
  database = await createTestDatabase()
  ;({ sessionId } = await createBookableSession(database.db, { capacity: 2 }))
  server = await startServer({ DATABASE_URL: database.url })
})
afterAll(async () => {
  await server?.stop()
  await database?.cleanup()
})

const { post } = requestsTo(() => server)

async function writtenRows() {
  const count = async (table: 'registrations' | 'outbox' | 'registration_tokens') =>
    Number(
      (
        await database.db
          .selectFrom(table)
          .select((eb) => eb.fn.countAll<number>().as('n'))
          .executeTakeFirstOrThrow()
      ).n,
    )
  return {
    registrations: await count('registrations'),
    outbox: await count('outbox'),
    tokens: await count('registration_tokens'),
  }
}

describe('bad booking input gets a 400 with a message and writes nothing', () => {
  const repeated = () => {
    const form = bookingForm(1)
    form.append('email', 'second@example.cz')
    return form
  }
  const cases: [string, () => URLSearchParams, string][] = [
    [
      'empty fields',
      () => new URLSearchParams({ fullName: '', email: '', participantType: '', consent: '' }),
      'Vyplňte jméno a příjmení.',
    ],
    ['a 10,000-character name', () => bookingForm(1, { fullName: 'a'.repeat(10_000) }), 'Text je příliš dlouhý.'],
    ['an invalid e-mail', () => bookingForm(1, { email: 'jana@@example' }), 'Zadejte e-mail ve tvaru'],
    [
      'a 320-character e-mail',
      () => bookingForm(1, { email: `${'a'.repeat(64)}@${'b'.repeat(251)}.cz` }),
      'nejvýše 254\u00a0znaků',
    ],
    ['CR/LF in the name', () => bookingForm(1, { fullName: 'Jana\r\nBcc: victim@example.cz' }), 'neplatné znaky'],
    ['HTML in the name', () => bookingForm(1, { fullName: '<script>alert(1)</script>' }), 'nesmí obsahovat znaky'],
    ['script in the note', () => bookingForm(1, { note: 'ahoj <img src=x onerror=alert(1)>' }), 'nesmí obsahovat znaky'],
    ['a NUL byte', () => bookingForm(1, { organisation: 'ZŠ\u0000Husova' }), 'neplatné znaky'],
    ['a repeated field', repeated, 'Pole bylo odesláno vícekrát.'],
    ['no consent', () => bookingForm(1, { consent: '' }), 'Bez souhlasu'],
    ['no consent version', () => bookingForm(1, { consentVersion: '' }), 'Text souhlasu se od otevření formuláře změnil.'],
    ['a teacher without a school level', () => bookingForm(1, { participantType: 'teacher' }), 'Vyberte stupeň školy.'],
  ]
  it.each(cases)('%s', async (_name, form, message) => {
    const before = await writtenRows()
    const response = await post(`/sessions/${sessionId}/book`, form())
    expect(response.status).toBe(400)
    const html = await response.text()
    expect(html).toContain(message)
    expect(html).toContain('aria-invalid="true"')
    expect(await writtenRows()).toEqual(before)
  })

  it('keeps what was typed in the form', async () => {
    const response = await post(
      `/sessions/${sessionId}/book`,
      bookingForm(1, { email: 'not-an-email', fullName: 'Jana Řehořová' }),
    )
    const html = await response.text()
    expect(html).toContain('value="Jana Řehořová"')
    expect(html).toContain('value="not-an-email"')
  })

  it('answers 400 to a body that is not a form', async () => {
    const response = await post(`/sessions/${sessionId}/book`, JSON.stringify({ fullName: 'x' }), {
      'Content-Type': 'application/json',
    })
    expect(response.status).toBe(400)
  })

  it('answers 413 to a huge body', async () => {
    const response = await post(`/sessions/${sessionId}/book`, bookingForm(1, { note: 'x'.repeat(1_000_000) }))
    expect(response.status).toBe(413)
  })

  it('answers 411 to a form body streamed without a length, which it could not bound, and books nothing', async () => {
    const before = await writtenRows()
    const body = new ReadableStream<Uint8Array>({
      start(controller) {
        controller.enqueue(new TextEncoder().encode(bookingForm(1).toString()))
        controller.close()
      },
    })
    const response = await fetch(server.url + `/sessions/${sessionId}/book`, {
      method: 'POST',
      body,
      headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
      redirect: 'manual',
      duplex: 'half',
    } as RequestInit)
    expect(response.status).toBe(411)
    expect(await writtenRows()).toEqual(before)
  })

  it.each(['/sessions/999999/book', '/sessions/abc/book', '/sessions/0/book', '/sessions/99999999999999/book'])(
    '%s → 404',
    async (path) => {
      expect((await post(path, bookingForm(1))).status).toBe(404)
      expect((await fetch(server.url + path)).status).toBe(404)
    },
  )
})

describe('booking over HTTP', () => {
  it('confirms, then waitlists, then books nothing more for an address already booked, the link only by e-mail', async () => {
    const first = await post(`/sessions/${sessionId}/book`, bookingForm(101))
    expect(first.status).toBe(303)
    expect(first.headers.get('location')).toBe(`/sessions/${sessionId}/book?sent=1`)
    await post(`/sessions/${sessionId}/book`, bookingForm(102))
    const third = await post(`/sessions/${sessionId}/book`, bookingForm(103))
    expect(third.headers.get('location')).toBe(`/sessions/${sessionId}/book?sent=1`)
    const manage = await fetch(server.url + (await manageLinkFromOutbox(database.db, 'ucastnik.103@skola.example')))
    expect(manage.headers.get('cache-control')).toBe('no-store')
    const page = await manage.text()
    expect(page).toContain('<meta name="referrer" content="strict-origin"/>')
    expect(page).toContain('Jste v pořadníku, 1. v pořadí')

    const again = await post(`/sessions/${sessionId}/book`, bookingForm(101, { email: 'UCASTNIK.101@skola.example' }))
    expect(again.status).toBe(303)
    expect(again.headers.get('location')).toBe(`/sessions/${sessionId}/book?sent=1`)
    const tally = await bookingTally(database.db, sessionId)
    expect(tally.confirmed).toBe(2)
    expect(tally.waitlisted).toBe(1)
  })

  it('never cancels on a GET, and cancels on the POST after it', async () => {
    await post(`/sessions/${sessionId}/book`, bookingForm(201))
    const manageUrl = await manageLinkFromOutbox(database.db, 'ucastnik.201@skola.example')
    const ask = await fetch(`${server.url}${manageUrl}/cancel`)
    expect(ask.status).toBe(200)
    const email = 'ucastnik.201@skola.example'
    const statusOf = async () =>
      (await database.db.selectFrom('registrations').select('status').where('email', '=', email).executeTakeFirstOrThrow()).status
    // The session is full by now: the page asks about leaving the waiting list, not a seat.
    expect(await statusOf()).toBe('waitlisted')
    expect(await ask.text()).toContain('Opravdu se chcete odhlásit z pořadníku')
    expect(await statusOf()).not.toBe('cancelled')
    const cancel = await post(`${manageUrl}/cancel`, new URLSearchParams())
    expect(cancel.status).toBe(303)
    expect(cancel.headers.get('location')).toBe(`${manageUrl}?done=cancelled`)
    expect(await statusOf()).toBe('cancelled')
  })

  it('serves the invitation of a confirmed booking as text/calendar', async () => {
    const { sessionId: other } = await createBookableSession(database.db, { capacity: 5 })
    await post(`/sessions/${other}/book`, bookingForm(301))
    const manageUrl = await manageLinkFromOutbox(database.db, 'ucastnik.301@skola.example')
    const ics = await fetch(`${server.url}${manageUrl}/invite.ics`)
    expect(ics.status).toBe(200)
    expect(ics.headers.get('content-type')).toBe('text/calendar; charset=utf-8; method=REQUEST')
    expect(await ics.text()).toContain('METHOD:REQUEST')
  })

  it.each([
    '/registrations/abc',
    `/registrations/${'A'.repeat(43)}`,
    `/registrations/${'A'.repeat(43)}/cancel`,
    `/registrations/${'A'.repeat(43)}/invite.ics`,
  ])('%s → 404', async (path) => {
    expect((await fetch(server.url + path)).status).toBe(404)
  })

  it('refuses a booking outside the registration window with the reason', async () => {
    // Booking closed yesterday evening.
    const { sessionId: closed } = await createBookableSession(database.db, {
      capacity: 5,
      fields: { closesDate: day(-1), closesTime: '20:00' },
    })
    const response = await post(`/sessions/${closed}/book`, bookingForm(401))
    expect(response.status).toBe(409)
    expect(await response.text()).toContain('Rezervace na tento termín jsou už uzavřené.')
  })

  it('hides the development mailbox in production', async () => {
    expect((await fetch(`${server.url}/dev/mailbox`)).status).toBe(404)
  })
})

describe('the version of the consent text', () => {
  const older = CONSENT_VERSIONS.find((v) => v.version !== CURRENT_CONSENT_VERSION)!.version
  const consentOf = (email: string) =>
    database.db
      .selectFrom('registrations')
      .select(['consent_version', 'consent_at'])
      .where('email', '=', email)
      .executeTakeFirst()

  it('stores the current version with a booking made through the form', async () => {
    const { sessionId: session } = await createBookableSession(database.db, { capacity: 5 })
    const response = await post(`/sessions/${session}/book`, bookingForm(501))
    expect(response.status).toBe(303)
    const stored = await consentOf('ucastnik.501@skola.example')
    expect(stored?.consent_version).toBe(CURRENT_CONSENT_VERSION)
    expect(stored?.consent_at).not.toBeNull()
  })

  it('shows the current text and posts its version', async () => {
    const { sessionId: session } = await createBookableSession(database.db, { capacity: 5 })
    const html = await (await fetch(`${server.url}/sessions/${session}/book`)).text()
    expect(html).toContain(`<input type="hidden" name="consentVersion" value="${CURRENT_CONSENT_VERSION}"/>`)
    expect(html).toContain('Souhlasím, aby pořadatel mé údaje použil pro tuto přihlášku')
  })

  it('answers an older text with 400, the message next to the consent, the box unticked, the rest kept, nothing stored', async () => {
    const { sessionId: session } = await createBookableSession(database.db, { capacity: 5 })
    const before = await writtenRows()
    const response = await post(
      `/sessions/${session}/book`,
      bookingForm(502, { consentVersion: older, fullName: 'Jana Řehořová', note: 'Přijdu o 5 minut později.' }),
    )
    expect(response.status).toBe(400)
    const html = await response.text()
    expect(html).toMatch(/<p id="consent-error" class="field-error">Text souhlasu se od otevření formuláře změnil\./)
    const checkbox = html.match(/<input type="checkbox" name="consent"[^>]*>/)?.[0]
    expect(checkbox).toContain('aria-invalid="true"')
    expect(checkbox).not.toContain('checked')
    expect(html).toContain('value="Jana Řehořová"')
    expect(html).toContain('value="ucastnik.502@skola.example"')
    expect(html).toContain('value="Obecní úřad Chrastava"')
    expect(html).toContain('Přijdu o 5 minut později.')
    expect(await writtenRows()).toEqual(before)
    expect(await consentOf('ucastnik.502@skola.example')).toBeUndefined()
  })
})
