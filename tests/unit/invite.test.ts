import ICAL from 'ical.js'
import { describe, expect, it, vi } from 'vitest'
import {
  renderEmail as renderAt,
  type EmailProps,
  type EmailTemplateName,
  type RegistrationEmailProps,
  type RenderedEmail,
} from '../../emails'
import type { Locale } from '~/i18n/locales'
import { inDays, testStart } from '../support/clock'

// An afternoon ten days ahead, 15:00–17:00 in Prague.
const startsAt = inDays(10, '15:00')
const endsAt = inDays(10, '17:00')
/** When the e-mail was queued: its invitation's DTSTAMP. */
const queuedAt = new Date(Math.floor(testStart.getTime() / 1000) * 1000)
/** The no-break space inside a written date. */
const _ = '\u00a0'
const renderEmail = <T extends EmailTemplateName>(template: T, props: EmailProps<T>, locale: Locale): RenderedEmail =>
  renderAt(template, props, locale, queuedAt)
const manageUrl = 'http://localhost:3000/registrations/Zx9_k-3mQp7Lr2VtYb8NcE4hJ6wA1sD5fG0uI3oK7eM'
const calendarUrl = 'http://localhost:3000/calendar/Qm4_v-8TpR2sLk7WxYa9NbE3hJ5wC1dF6gH0uI2oK4e'

const venueSession: RegistrationEmailProps['session'] = {
  workshopTitle: 'Kybernetická bezpečnost na obecním úřadě',
  startsAt,
  endsAt,
  venueName: 'Krajský úřad Libereckého kraje',
  address: 'U Jezu 642/2a, 461 80 Liberec',
  room: 'zasedací místnost 1.15',
  onlineUrl: null,
  organiserName: 'Datový portál Libereckého kraje',
  organiserEmail: 'datovy.portal@kraj-lbc.example',
}

const onlineSession: RegistrationEmailProps['session'] = {
  ...venueSession,
  workshopTitle: 'Otevřená data pro úředníky: úvod',
  venueName: null,
  address: null,
  room: null,
  onlineUrl: 'https://meet.kraj-lbc.example/workshop?room=42&lang=cs',
}

function props(changes: Partial<RegistrationEmailProps> = {}): RegistrationEmailProps {
  return {
    session: venueSession,
    participant: { name: 'Jana Řehořová', email: 'jana.rehorova@example.cz' },
    manageUrl,
    calendarUrl,
    invite: { uid: '0b7d3c1e-5f0a-4c59-9a0e-2d8f6b1c4e7a@localhost', sequence: 3 },
    ...changes,
  }
}

type ICalTime = InstanceType<typeof ICAL.Time>

/** The e-mail's calendar part, parsed back: the calendar and its one event. */
function parseInvite(email: RenderedEmail) {
  if (!email.icalEvent) throw new Error('expected the e-mail to carry a calendar part')
  const calendar = new ICAL.Component(ICAL.parse(email.icalEvent.content))
  expect(calendar.name).toBe('vcalendar')
  const events = calendar.getAllSubcomponents('vevent')
  expect(events).toHaveLength(1)
  return { calendar, event: events[0]! }
}

function timeOf(event: InstanceType<typeof ICAL.Component>, name: string): ICalTime {
  const value = event.getFirstPropertyValue(name)
  if (!(value instanceof ICAL.Time)) throw new Error(`${name} is not a date-time: ${String(value)}`)
  return value
}

function expectUtcInstant(event: InstanceType<typeof ICAL.Component>, name: string, iso: string) {
  const time = timeOf(event, name)
  expect(time.isDate).toBe(false)
  expect(time.zone).toBe(ICAL.Timezone.utcTimezone)
  expect(time.toString()).toMatch(/Z$/)
  expect(time.toJSDate().toISOString()).toBe(iso)
}

const text = (event: InstanceType<typeof ICAL.Component>, name: string) => String(event.getFirstPropertyValue(name))

const locales: Locale[] = ['cs', 'en']
const allTemplates: EmailTemplateName[] = [
  'registration.confirmed',
  'registration.promoted',
  'registration.cancelled',
  'registration.waitlisted',
  'registration.link',
]

describe.each(locales)('invitations that put the session in a calendar (%s)', (locale) => {
  describe.each(['registration.confirmed', 'registration.promoted'] as const)('%s', (template) => {
    const p = props()
    const email = renderEmail(template, p, locale)

    it('carries a REQUEST invitation, named invite.ics', () => {
      expect(email.icalEvent?.method).toBe('REQUEST')
      expect(email.icalEvent?.filename).toBe('invite.ics')
      const { calendar, event } = parseInvite(email)
      expect(calendar.getFirstPropertyValue('method')).toBe('REQUEST')
      expect(text(event, 'status')).toBe('CONFIRMED')
    })

    it('keeps the registration UID and SEQUENCE and stamps the invitation', () => {
      const { event } = parseInvite(email)
      expect(text(event, 'uid')).toBe(p.invite.uid)
      expect(event.getFirstPropertyValue('sequence')).toBe(p.invite.sequence)
      const stamp = timeOf(event, 'dtstamp')
      expect(stamp.zone).toBe(ICAL.Timezone.utcTimezone)
      // Stamped when the e-mail was queued, not when it was rendered: a retry sends the same bytes.
      expect(stamp.toJSDate().toISOString()).toBe(queuedAt.toISOString())
      vi.useFakeTimers({ toFake: ['Date'], now: queuedAt.getTime() + 3 * 86_400_000 })
      try {
        expect(renderAt(template, p, locale, queuedAt).icalEvent?.content).toBe(email.icalEvent?.content)
      } finally {
        vi.useRealTimers()
      }
    })

    it('gives start and end as UTC instants equal to the session times', () => {
      const { event } = parseInvite(email)
      expectUtcInstant(event, 'dtstart', startsAt)
      expectUtcInstant(event, 'dtend', endsAt)
    })

    it('names the workshop with its diacritics, the venue, and the read-only calendar link (not the manage link)', () => {
      const { event } = parseInvite(email)
      expect(text(event, 'summary')).toBe('Kybernetická bezpečnost na obecním úřadě')
      const location = text(event, 'location')
      expect(location).toContain('Krajský úřad Libereckého kraje')
      expect(location).toContain('zasedací místnost 1.15')
      expect(location).toContain('U Jezu 642/2a, 461 80 Liberec')
      expect(text(event, 'description')).toContain(calendarUrl)
      expect(text(event, 'description')).not.toContain(manageUrl)
    })

    it('is from the organiser, to exactly one attendee: the participant, already accepted', () => {
      const { event } = parseInvite(email)
      const organizer = event.getFirstProperty('organizer')!
      expect(String(organizer.getFirstValue()).toLowerCase()).toBe(`mailto:${venueSession.organiserEmail}`)
      expect(organizer.getParameter('cn')).toBe(venueSession.organiserName)
      const attendees = event.getAllProperties('attendee')
      expect(attendees).toHaveLength(1)
      const attendee = attendees[0]!
      expect(String(attendee.getFirstValue()).toLowerCase()).toBe('mailto:jana.rehorova@example.cz')
      expect(attendee.getParameter('cn')).toBe('Jana Řehořová')
      expect(attendee.getParameter('partstat')).toBe('ACCEPTED')
      expect(attendee.getParameter('rsvp')).toBe('FALSE')
    })
  })

  it('gives an online session its link as the location', () => {
    const { event } = parseInvite(renderEmail('registration.confirmed', props({ session: onlineSession }), locale))
    expect(text(event, 'summary')).toBe('Otevřená data pro úředníky: úvod')
    expect(text(event, 'location')).toContain(onlineSession.onlineUrl)
    expect(text(event, 'url')).toBe(onlineSession.onlineUrl)
  })

  it('cancels the calendar entry of a confirmed booking with the same UID and the new SEQUENCE', () => {
    const p = props({ wasConfirmed: true, invite: { uid: 'cancel-me@localhost', sequence: 4 } })
    const email = renderEmail('registration.cancelled', p, locale)
    expect(email.icalEvent?.method).toBe('CANCEL')
    expect(email.icalEvent?.filename).toBe('cancel.ics')
    const { calendar, event } = parseInvite(email)
    expect(calendar.getFirstPropertyValue('method')).toBe('CANCEL')
    expect(text(event, 'status')).toBe('CANCELLED')
    expect(text(event, 'uid')).toBe('cancel-me@localhost')
    expect(event.getFirstPropertyValue('sequence')).toBe(4)
    expectUtcInstant(event, 'dtstart', startsAt)
    expectUtcInstant(event, 'dtend', endsAt)
    expect(event.getFirstPropertyValue('dtstamp')).toBeInstanceOf(ICAL.Time)
    const attendees = event.getAllProperties('attendee')
    expect(attendees).toHaveLength(1)
    expect(String(attendees[0]!.getFirstValue()).toLowerCase()).toBe('mailto:jana.rehorova@example.cz')
    expect(String(event.getFirstProperty('organizer')!.getFirstValue()).toLowerCase()).toBe(
      `mailto:${venueSession.organiserEmail}`,
    )
  })

  it('sends no calendar part to someone who never had a seat', () => {
    expect(renderEmail('registration.cancelled', props({ wasConfirmed: false }), locale).icalEvent).toBeUndefined()
    expect(renderEmail('registration.cancelled', props(), locale).icalEvent).toBeUndefined()
    expect(renderEmail('registration.waitlisted', props({ position: 2 }), locale).icalEvent).toBeUndefined()
    expect(renderEmail('registration.link', props(), locale).icalEvent).toBeUndefined()
  })
})

describe('the e-mail around the invitation', () => {
  const hostile = props({
    participant: { name: 'Jana <b>Nováková</b>', email: 'jana@example.cz' },
    session: { ...venueSession, venueName: 'Krajský úřad <i>Libereckého</i> kraje' },
  })

  it.each(locales.flatMap((locale) => allTemplates.map((template) => [template, locale] as const)))(
    '%s in %s has the manage link in both the text and the HTML, and escapes what people typed',
    (template, locale) => {
      const email = renderEmail(template, { ...hostile, position: 1, wasConfirmed: true }, locale)
      expect(email.text).toContain(manageUrl)
      expect(email.html).toContain(`href="${manageUrl}"`)
      expect(email.html).not.toMatch(/<[bi]>/)
      expect(email.html).toContain('Krajský úřad &lt;i&gt;Libereckého&lt;/i&gt; kraje')
      if (locale === 'en') {
        expect(email.html).toContain('Jana &lt;b&gt;Nováková&lt;/b&gt;')
        expect(email.text).toContain('Jana <b>Nováková</b>')
      } else {
        // Czech greets with "Dobrý den," alone: the name (no vocative) is not in the e-mail.
        expect(email.text).not.toContain('Nováková')
      }
      expect(email.subject).toContain('Kybernetická bezpečnost na obecním úřadě')
      expect(email.subject).not.toMatch(/[\r\n]/)
    },
  )

  // Tests of one calendar day: Tuesday 1 December 2026, 15:00–17:00 in Prague (CET, UTC+1).
  const december = props({
    session: { ...venueSession, startsAt: '2026-12-01T14:00:00.000Z', endsAt: '2026-12-01T16:00:00.000Z' },
  })

  it('writes the date in the Czech subject as "út 1. 12. 2026" with Prague times', () => {
    const email = renderEmail('registration.confirmed', december, 'cs')
    expect(email.subject).toBe(
      `Potvrzení rezervace: Kybernetická bezpečnost na obecním úřadě, út${_}1.${_}12.${_}2026 15:00–17:00`,
    )
    expect(email.text).toContain(`út${_}1.${_}12.${_}2026 15:00–17:00`)
  })

  it('writes the date in the English subject as "Tue 1 Dec 2026"', () => {
    const email = renderEmail('registration.confirmed', december, 'en')
    expect(email.subject).toBe(`Booking confirmed: Kybernetická bezpečnost na obecním úřadě, Tue${_}1${_}Dec${_}2026 15:00–17:00`)
  })

  it('uses summer time in the subject and UTC in the invitation for a June session', () => {
    // Tuesday 16 June 2026, 15:00–17:00 in Prague (CEST, UTC+2).
    const summer = props({
      session: { ...venueSession, startsAt: '2026-06-16T13:00:00.000Z', endsAt: '2026-06-16T15:00:00.000Z' },
    })
    const email = renderEmail('registration.promoted', summer, 'cs')
    expect(email.subject).toContain(`út${_}16.${_}6.${_}2026 15:00–17:00`)
    const { event } = parseInvite(email)
    expectUtcInstant(event, 'dtstart', '2026-06-16T13:00:00.000Z')
    expectUtcInstant(event, 'dtend', '2026-06-16T15:00:00.000Z')
  })

  it('tells a waitlisted person their position', () => {
    expect(renderEmail('registration.waitlisted', props({ position: 2 }), 'cs').text).toContain('na 2. místo')
    expect(renderEmail('registration.waitlisted', props({ position: 2 }), 'en').text).toContain('number 2 on the waiting list')
  })

  it('keeps a participant name with quotation marks intact in the invitation', () => {
    // The booking form accepts " in names (only control characters and < > are refused).
    const quoted = props({ participant: { name: 'Jan "Honza" Novák', email: 'jan@example.cz' } })
    const { event } = parseInvite(renderEmail('registration.confirmed', quoted, 'cs'))
    const attendees = event.getAllProperties('attendee')
    expect(attendees).toHaveLength(1)
    expect(String(attendees[0]!.getFirstValue()).toLowerCase()).toBe('mailto:jan@example.cz')
    expect(attendees[0]!.getParameter('cn')).toContain('Honza')
    expect(attendees[0]!.getParameter('cn')).toContain('Novák')
  })
})
