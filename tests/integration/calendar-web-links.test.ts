import ICAL from 'ical.js'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { testStart } from '../support/clock'
import { createTestDatabase, type TestDatabase } from '../support/database'
import { createUser, factories, person } from '../support/factories'
import { createBookableSession } from '../support/fixtures'
import { calendarPart, type ReceivedMessage } from '../support/smtp'
import { deliverOverSmtp } from '../support/smtp-delivery'

/*
 * The booking confirmation, through a real SMTP exchange, offers the event for Google Calendar
 * and Outlook.com beside the attached invitation (issue 17.10): the same title, the same UTC
 * times and place as the invitation, its read-only description and never the manage link.
 * Mail that carries no invitation (a place on the waiting list) offers none.
 */

let test: TestDatabase
let delivered: ReceivedMessage[] = []

beforeAll(async () => {
  test = await createTestDatabase()
  const { db } = test
  const { sessionId, workshopId } = await createBookableSession(db, {
    capacity: 1,
    startsInDays: 6,
    workshop: { title: 'Otevřená data & mapy' },
  })
  const staff = await createUser(db, { email: 'spravce.kalendare@workshopy.invalid', name: 'Správce', role: 'admin' })
  const make = factories(() => ({ db, now: testStart, staff, appUrl: 'http://workshops.test' }))
  const online = await make.newSession(workshopId, {
    mode: 'online',
    venueName: '',
    address: '',
    onlineUrl: 'https://meet.example/otevrena-data',
  })
  await make.book(sessionId, 'Petra Malá')
  await make.book(sessionId, 'Ondřej Veselý')
  await make.book(online, person('Petra Malá'), { locale: 'en' })
  const { smtp, stop } = await deliverOverSmtp(db)
  try {
    delivered = await smtp.waitFor(3, 20_000)
  } finally {
    await stop()
  }
})
afterAll(async () => {
  await test?.cleanup()
})

const linksIn = (html: string, origin: string) =>
  [...html.matchAll(/href="([^"]+)"/g)].map((m) => m[1]!.replace(/&amp;/g, '&')).filter((h) => h.startsWith(origin))
/** The one message to an address whose text says (or does not say) something. */
const mailTo = (address: string, { online }: { online: boolean }) =>
  delivered.find((m) => m.envelope.to.includes(address) && (m.parsed.text ?? '').includes('meet.example') === online)!

describe('the booking confirmation e-mail', () => {
  it("adds the invitation's event to Google Calendar and Outlook.com, in UTC", () => {
    const mail = mailTo('petra.mala@example.cz', { online: false })
    const html = String(mail.parsed.html)
    const vevent = new ICAL.Component(ICAL.parse(calendarPart(mail.parsed, mail.raw)!.content)).getFirstSubcomponent('vevent')!
    const start = (vevent.getFirstPropertyValue('dtstart') as ICAL.Time)
      .toJSDate()
      .toISOString()
      .replace(/\.\d{3}/, '')
    const end = (vevent.getFirstPropertyValue('dtend') as ICAL.Time)
      .toJSDate()
      .toISOString()
      .replace(/\.\d{3}/, '')
    const description = String(vevent.getFirstPropertyValue('description'))
    const manage = /http:\/\/[^\s"]+\/registrations\/[A-Za-z0-9_-]+/.exec(mail.parsed.text ?? '')?.[0]
    expect(manage).toBeDefined()

    const [google] = linksIn(html, 'https://calendar.google.com/').map((h) => new URL(h))
    expect(google?.searchParams.get('text')).toBe('Otevřená data & mapy')
    expect(google?.searchParams.get('dates')).toBe(`${start}/${end}`.replace(/[-:]/g, ''))
    expect(google?.searchParams.get('location')).toBe(String(vevent.getFirstPropertyValue('location')))
    expect(google?.searchParams.get('details')).toBe(description)

    const [outlook] = linksIn(html, 'https://outlook.live.com/').map((h) => new URL(h))
    expect(outlook?.searchParams.get('subject')).toBe('Otevřená data & mapy')
    expect(outlook?.searchParams.get('startdt')).toBe(start)
    expect(outlook?.searchParams.get('enddt')).toBe(end)
    expect(outlook?.searchParams.get('body')).toBe(description)

    // The calendar data links to the read-only view, never to the manage link.
    expect(description).toMatch(/\/calendar\//)
    expect([google, outlook].map(String).join(' ')).not.toContain(encodeURIComponent(manage!.split('/').pop()!))
    expect(mail.parsed.text).toContain('Přidat do webového kalendáře:')
    expect(mail.parsed.text).toContain(`Google Kalendář: ${google}`)
  })

  it("names the meeting link as the place of an online session, in the booking's language", () => {
    const mail = mailTo('petra.mala@example.cz', { online: true })
    const [google] = linksIn(String(mail.parsed.html), 'https://calendar.google.com/').map((h) => new URL(h))
    expect(google?.searchParams.get('location')).toBe('https://meet.example/otevrena-data')
    expect(mail.parsed.text).toContain('Add to a web calendar:')
  })

  it('offers none to someone on the waiting list, who has no invitation', () => {
    const mail = mailTo('ondrej.vesely@example.cz', { online: false })
    expect(calendarPart(mail.parsed, mail.raw)).toBeUndefined()
    expect(linksIn(String(mail.parsed.html), 'https://calendar.google.com/')).toEqual([])
    expect(linksIn(String(mail.parsed.html), 'https://outlook.live.com/')).toEqual([])
  })
})
