import type { ParsedMail } from 'mailparser'
import { getDocument } from 'pdfjs-dist/legacy/build/pdf.mjs'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { closeAttendance, markAttendance } from '~/models/attendance.server'
import { requestSignIn } from '~/models/auth.server'
import type { SignedInUser } from '~/models/auth.server'
import { cancelRegistration } from '~/models/registrations.server'
import { inviteOrganiser } from '~/models/users.server'
import { atDay, day, NBSP } from '../support/clock'
import { createTestDatabase, type TestDatabase } from '../support/database'
import { createStaff, emailOf, factories, person } from '../support/factories'
import type { ReceivedMessage } from '../support/smtp'
import { deliverOverSmtp } from '../support/smtp-delivery'

/*
 * What the e-mails say, read where people read them: queued by the model functions, sent by
 * the outbox worker over a real SMTP exchange on loopback, parsed back with mailparser.
 * The sign-in e-mail must not read like phishing (issue 17.7); every registration e-mail
 * offers only what is true for the booking now (17.8); the certificate arrives as a PDF that
 * names its holder (17.12). The clock is days behind the wall clock, so the worker sends at once.
 */

const now = atDay(-3, '10:00')
const APP_URL = 'https://workshopy.kraj-lbc.example'
const HOST = 'workshopy.kraj-lbc.example'
const TITLE = 'Kybernetická bezpečnost na obecním úřadě'

let test: TestDatabase
let admin: SignedInUser
let bodyAId: number
let workshopId: number

const { book, newSession, newWorkshop } = factories(() => ({
  db: test.db,
  now,
  appUrl: APP_URL,
  staff: admin,
  session: { date: day(6), startTime: '09:00', endTime: '12:00', capacity: 1 },
}))

beforeEach(async () => {
  test = await createTestDatabase()
  ;({ admin, bodyAId } = await createStaff(test.db, now))
  workshopId = await newWorkshop(bodyAId, { title: TITLE })
})

afterEach(async () => {
  await test.cleanup()
})

/** Everything queued so far, delivered or refused; answers the delivered messages by recipient and subject. */
async function deliver(count: number): Promise<(address: string, subjectPart?: string) => ReceivedMessage> {
  const { smtp, stop } = await deliverOverSmtp(test.db)
  try {
    await smtp.waitFor(count)
    // Until the worker has dealt with every message, not just the first `count`.
    const deadline = Date.now() + 10_000
    for (;;) {
      const open = await test.db.selectFrom('outbox').select('id').where('status', 'in', ['pending', 'sending']).execute()
      if (open.length === 0) break
      if (Date.now() > deadline) throw new Error(`${open.length} message(s) still unsent`)
      await new Promise((resolve) => setTimeout(resolve, 20))
    }
    expect(smtp.messages).toHaveLength(count)
  } finally {
    await stop()
  }
  return (address, subjectPart = '') => {
    const found = smtp.messages.filter((m) => m.envelope.to.includes(address) && (m.parsed.subject ?? '').includes(subjectPart))
    expect(found, `${address} ${subjectPart}`).toHaveLength(1)
    return found[0]!
  }
}

const textOf = (mail: ParsedMail) => mail.text ?? ''

async function pdfText(pdf: Buffer): Promise<string> {
  expect(pdf.subarray(0, 5).toString('latin1')).toBe('%PDF-')
  const doc = await getDocument({ data: new Uint8Array(pdf), useSystemFonts: false }).promise
  try {
    const page = await doc.getPage(1)
    const content = await page.getTextContent()
    return content.items.flatMap((item) => ('str' in item ? [item.str] : [])).join('\n')
  } finally {
    await doc.destroy()
  }
}

describe('the sign-in e-mail (17.7)', () => {
  it('greets, says who sends it and why, how long the link works, and that we never ask for a password, in Czech', async () => {
    const email = 'jana.novakova@example.cz'
    await requestSignIn(test.db, { email, ip: '192.0.2.10', locale: 'cs', now, appUrl: APP_URL })
    const { parsed } = (await deliver(1))(email)
    const text = textOf(parsed)

    expect(parsed.subject).toBe('Odkaz pro přihlášení: Workshopy o datech a kybernetické bezpečnosti')
    // A greeting first; then, in its own paragraph, who asked for what on which site.
    expect(text.startsWith('Dobrý den,\n\n')).toBe(true)
    expect(text).toContain(
      `na webu Workshopy o datech a kybernetické bezpečnosti (${HOST}) bylo právě požádáno o přihlášení s adresou ${email}.`,
    )
    expect(text).not.toMatch(/někdo \(nejspíš vy\)/)
    // What to do: the link, where it leads, how long and how often it works.
    const link = new RegExp(`${APP_URL}/sign-in/[A-Za-z0-9_-]{40,}`).exec(text)?.[0]
    expect(link).toBeDefined()
    expect(parsed.html).toContain(`href="${link}"`)
    expect(text).toContain(`Odkaz vede na adresu ${HOST}, platí 15${NBSP}minut a použít ho jde jen jednou:`)
    // What never to do, and what to do if it was not them.
    expect(text).toContain('nikdy vás nebudeme žádat o heslo ani o žádný kód – e-mailem, telefonem ani jinak')
    expect(text).toContain('Nečekáte tento e-mail? Pak ho ignorujte a odkaz nikomu nepřeposílejte.')
    expect(text).toContain(`Tento e-mail poslal automaticky web Workshopy o datech a kybernetické bezpečnosti (${HOST}).`)
    // No plural participle for the one reader.
    expect(text).not.toMatch(/nežádali|jste .*li\b/)
    expect(parsed.html).toContain('<html lang="cs">')
  })

  it('says the same in English', async () => {
    const email = 'john.smith@example.org'
    await requestSignIn(test.db, { email, ip: '192.0.2.11', locale: 'en', now, appUrl: APP_URL })
    const { parsed } = (await deliver(1))(email)
    const text = textOf(parsed)

    expect(parsed.subject).toBe('Your sign-in link: Workshops on data and cybersecurity')
    expect(text.startsWith('Hello,\n\n')).toBe(true)
    expect(text).toContain(`A sign-in to Workshops on data and cybersecurity (${HOST}) was just requested for ${email}`)
    expect(text).toContain(`The link leads to ${HOST}, works for 15${NBSP}minutes and only once:`)
    expect(text).toContain('we will never ask you for a password or any code – not by e-mail, by phone or in any other way')
    expect(text).toContain('Not expecting this e-mail? Then ignore it and do not forward the link.')
    expect(text).not.toContain('someone (probably you)')
    expect(parsed.html).toContain('<html lang="en">')
  })

  it('an invitation to organise greets and names the site, the body and the same warnings', async () => {
    const email = 'marie.svobodova@kraj-lbc.example'
    await inviteOrganiser(test.db, {
      email,
      name: 'Marie Svobodová',
      organiserId: bodyAId,
      actor: admin,
      locale: 'cs',
      now,
      appUrl: APP_URL,
    })
    const { parsed } = (await deliver(1))(email)
    const text = textOf(parsed)
    expect(text.startsWith('Dobrý den,\n\n')).toBe(true)
    expect(text).toContain(
      `správce webu Workshopy o datech a kybernetické bezpečnosti (${HOST}) vás zve ke správě workshopů pořadatele Datový portál Libereckého kraje.`,
    )
    expect(text).toContain('nikdy vás nebudeme žádat o heslo')
    expect(text).not.toMatch(/byli jste pozváni/)
  })
})

describe('registration e-mails say what is true for the booking now (17.8, 13, 14)', () => {
  const SEAT = 'Na stránce přihlášky si stáhnete pozvánku do kalendáře, nebo přihlášku zrušíte:'
  const WAITING = 'Na stránce přihlášky uvidíte své pořadí v pořadníku a můžete se z něj odhlásit:'
  const CANCELLED = 'Zrušenou přihlášku a údaje k ní si můžete prohlédnout na její stránce:'

  it('a seat offers the invitation and cancelling; the waiting list only its place; a cancellation neither', async () => {
    const sessionId = await newSession(workshopId)
    const jana = await book(sessionId, 'Jana Řehořová')
    const petr = await book(sessionId, 'Petr Horák')
    expect([jana.status, petr.status]).toEqual(['confirmed', 'waitlisted'])
    // Petr leaves the waiting list; then Jana gives up her seat, with nobody left waiting.
    expect((await cancelRegistration(test.db, { token: petr.token, now, appUrl: APP_URL })).kind).toBe('cancelled')
    expect((await cancelRegistration(test.db, { token: jana.token, now, appUrl: APP_URL })).kind).toBe('cancelled')
    const mail = await deliver(4)

    const confirmed = textOf(mail(emailOf('Jana Řehořová'), 'Potvrzení rezervace').parsed)
    expect(confirmed.startsWith('Dobrý den,\n\n')).toBe(true)
    expect(confirmed).not.toContain('Jana Řehořová')
    expect(confirmed).toContain(`máte rezervované místo na workshopu ${TITLE}`)
    expect(confirmed).toContain(SEAT)

    const waitlisted = textOf(mail(emailOf('Petr Horák'), 'Jste v pořadníku').parsed)
    expect(waitlisted).toContain(WAITING)
    expect(waitlisted).not.toMatch(/pozvánk/)

    const leftTheList = mail(emailOf('Petr Horák'), 'Zrušení přihlášky')
    const left = textOf(leftTheList.parsed)
    expect(left).toContain(`vaši přihlášku do pořadníku na workshop ${TITLE} jsme zrušili.`)
    // He never had the session in a calendar, and his booking offers nothing more to do.
    expect(left).not.toMatch(/kalendář|pozvánk|zrušíte/)
    expect(left).toContain(CANCELLED)
    expect(leftTheList.parsed.html).toContain('Zobrazit přihlášku')
    expect(leftTheList.parsed.html).not.toContain('Spravovat přihlášku')

    const gaveUp = textOf(mail(emailOf('Jana Řehořová'), 'Zrušení přihlášky').parsed)
    expect(gaveUp).toContain(`vaši přihlášku na workshop ${TITLE} jsme zrušili. Pokud máte termín v kalendáři, odstraní se.`)
    expect(gaveUp).toContain(CANCELLED)
    expect(gaveUp).not.toContain(SEAT)
  })

  it('says the same in English, greeting by name', async () => {
    const sessionId = await newSession(workshopId)
    await book(sessionId, 'John Smith', { locale: 'en' })
    await book(sessionId, 'Mary Jones', { locale: 'en' })
    const mail = await deliver(2)
    const seat = textOf(mail(emailOf('John Smith')).parsed)
    expect(seat.startsWith('Dear John Smith,\n\nYou have a seat at')).toBe(true)
    expect(seat).toContain('On your booking page you can download the calendar invitation or cancel the booking:')
    const waiting = textOf(mail(emailOf('Mary Jones')).parsed)
    expect(waiting).toContain('Your booking page shows your place on the waiting list; you can also leave the list there:')
    expect(waiting).not.toMatch(/invitation/)
  })

  it('after the session: the certificate attached as a PDF that names its holder and linked directly; no invitation, no cancelling (17.12)', async () => {
    const sessionId = await newSession(workshopId, { capacity: 5 })
    const eva = await book(sessionId, 'Eva Cibulková')
    const tomas = await book(sessionId, 'Tomáš Šťastný')
    const change = { sessionId, user: admin, now, appUrl: APP_URL }
    await markAttendance(test.db, { ...change, registrationId: eva.registrationId, attendance: 'present' })
    await markAttendance(test.db, { ...change, registrationId: tomas.registrationId, attendance: 'absent' })
    expect((await closeAttendance(test.db, change)).kind).toBe('closed')
    // Two confirmations, Eva's certificate and her request for feedback, and Tomáš's next dates.
    const mail = await deliver(5)

    const certificate = mail(emailOf('Eva Cibulková'), 'Osvědčení')
    const text = textOf(certificate.parsed)
    expect(text).toContain(
      `děkujeme za účast na workshopu ${TITLE}. Osvědčení o absolvování posíláme v příloze tohoto e-mailu (PDF).`,
    )
    const manageUrl = new RegExp(`${APP_URL}/registrations/[A-Za-z0-9_-]{40,}`).exec(text)?.[0]
    expect(manageUrl).toBeDefined()
    expect(text).toContain(`Stáhnout osvědčení (PDF): ${manageUrl}/certificate.pdf`)
    expect(certificate.parsed.html).toContain(`href="${manageUrl}/certificate.pdf"`)
    expect(text).toContain('Osvědčení najdete kdykoli i na stránce své přihlášky:')
    expect(text).not.toMatch(/pozvánk|zrušíte|Kód pro příchod/)

    const pdfs = certificate.parsed.attachments.filter((a) => a.contentType === 'application/pdf')
    expect(pdfs).toHaveLength(1)
    expect(pdfs[0]!.filename).toBe(`Osvědčení – Eva Cibulková – ${TITLE}.pdf`)
    expect(pdfs[0]!.contentDisposition).toBe('attachment')
    const printed = await pdfText(pdfs[0]!.content)
    expect(printed).toContain('Eva Cibulková')
    expect(printed).toContain('OSVĚDČENÍ')
    expect(printed).toContain('účast na workshopu')
    expect(printed).toContain(TITLE)
    expect(printed).not.toMatch(/\(a\)/)

    const feedback = textOf(mail(emailOf('Eva Cibulková'), 'Jak se vám líbil').parsed)
    expect(feedback).toContain(`děkujeme za účast na workshopu ${TITLE}.`)
    expect(feedback).toContain('Svou přihlášku najdete na její stránce:')
    expect(feedback).not.toMatch(/pozvánk|zrušíte/)
    // Tomáš, absent, gets no certificate: the next dates, and no plural participle in the subject.
    expect(() => mail(emailOf('Tomáš Šťastný'), 'Osvědčení')).toThrow()
    const missed = mail(emailOf('Tomáš Šťastný'), 'Příště vás rádi uvidíme')
    expect(textOf(missed.parsed)).toContain('Svou přihlášku najdete na její stránce:')
    expect(textOf(missed.parsed)).not.toMatch(/pozvánk|zrušíte|Chyběli jste/)
  })

  it('does not send a certificate revoked between closing and sending', async () => {
    const sessionId = await newSession(workshopId, { capacity: 5 })
    const eva = await book(sessionId, person('Eva Cibulková'))
    const change = { sessionId, user: admin, now, appUrl: APP_URL }
    await markAttendance(test.db, { ...change, registrationId: eva.registrationId, attendance: 'present' })
    await closeAttendance(test.db, change)
    // The organiser corrects the roster before the worker got to the e-mail.
    await markAttendance(test.db, { ...change, registrationId: eva.registrationId, attendance: 'absent' })
    // Her confirmation and the request for feedback go out; the certificate does not.
    const mail = await deliver(2)
    expect(textOf(mail(emailOf('Eva Cibulková'), 'Potvrzení rezervace').parsed)).toContain('máte rezervované místo')
    expect(() => mail(emailOf('Eva Cibulková'), 'Osvědčení')).toThrow()
    const row = await test.db
      .selectFrom('outbox')
      .select(['status', 'last_error'])
      .where('template', '=', 'registration.certificate')
      .executeTakeFirstOrThrow()
    expect(row).toEqual({ status: 'failed', last_error: 'not sent: the certificate was revoked before sending' })
  })
})
