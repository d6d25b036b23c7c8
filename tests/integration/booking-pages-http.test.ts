import { getDocument } from 'pdfjs-dist/legacy/build/pdf.mjs'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { AttendanceStatus } from '../../db/schema'
import { closeAttendance, markAttendance } from '~/models/attendance.server'
import { registerForSession } from '~/models/registrations.server'
import { DAY_MS, testStart } from '../support/clock'
import { createTestDatabase, type TestDatabase } from '../support/database'
import { createUser, person } from '../support/factories'
import { addBookableSession, createBookableSession } from '../support/fixtures'
import { startServer, type RunningServer } from '../support/server'

/*
 * A booking's own pages over HTTP say what is true for it now (issue 17.8): before the session
 * a seat, an invitation and cancelling; after it, that the workshop took place, what the
 * attendance record says, and what follows (certificate, feedback, worksheets) — never "you
 * have a seat" or an invitation. The cancel page promises the seat to the waiting list only
 * when someone is on it.
 */

let database: TestDatabase
let server: RunningServer
const tokens: Record<string, string> = {}

/** Books someone (at `at`) and keeps the manage token under their first name. */
async function book(sessionId: number, name: string, at: Date): Promise<number> {
  const booked = await registerForSession(database.db, {
    sessionId,
    form: person(name),
    locale: 'cs',
    now: at,
    appUrl: 'http://localhost',
  })
  if (booked.kind !== 'registered') throw new Error(`expected a booking for ${name}`)
  tokens[name.split(' ')[0]!] = booked.token
  return booked.registrationId
}

beforeAll(async () => {
  database = await createTestDatabase()
  const db = database.db
  const admin = await createUser(db, { email: 'spravce@workshopy.example', name: 'Správce', role: 'admin' })
  // A session nine days ago: four seats, one more person waiting; attendance closed half a day ago.
  const bookedAt = new Date(testStart.getTime() - 10 * DAY_MS)
  const past = await createBookableSession(db, { capacity: 4, now: bookedAt, startsInDays: 1 })
  const marks: [string, AttendanceStatus | null][] = [
    ['Eva Cibulková', 'present'],
    ['Tomáš Šťastný', 'absent'],
    ['Olga Malá', 'excused'],
    ['Pavel Novák', null],
  ]
  const change = {
    sessionId: past.sessionId,
    user: admin,
    now: new Date(testStart.getTime() - DAY_MS / 2),
    appUrl: 'http://localhost',
  }
  for (const [name, attendance] of marks) {
    const id = await book(past.sessionId, name, bookedAt)
    if (attendance) await markAttendance(db, { ...change, registrationId: id, attendance })
  }
  await book(past.sessionId, 'Věra Dlouhá', bookedAt)
  await closeAttendance(db, { ...change, unmarked: 'leave' })
  // Another past session whose attendance nobody has closed yet.
  const notClosed = await addBookableSession(db, { workshopId: past.workshopId, capacity: 4, now: bookedAt, startsInDays: 2 })
  await book(notClosed, 'Jan Dvořák', bookedAt)
  // A week ahead: one seat taken with someone waiting, and a session where nobody waits.
  const full = await addBookableSession(db, { workshopId: past.workshopId, capacity: 1 })
  await book(full, 'Jana Řehořová', testStart)
  await book(full, 'Karel Waitlisted', testStart)
  const roomy = await addBookableSession(db, { workshopId: past.workshopId, capacity: 5, startsInDays: 8 })
  await book(roomy, 'Lucie Volná', testStart)
  server = await startServer({ DATABASE_URL: database.url })
})

afterAll(async () => {
  await server?.stop()
  await database?.cleanup()
})

async function page(path: string, language = 'cs'): Promise<string> {
  const response = await fetch(`${server.url}${path}`, { headers: { 'Accept-Language': language } })
  expect(response.status, path).toBe(200)
  return response.text()
}

const manage = (who: string, language = 'cs') => page(`/registrations/${tokens[who]}`, language)

describe('the manage page before the session', () => {
  it('says the seat is booked and offers the invitation and cancelling', async () => {
    const html = await manage('Jana')
    expect(html).toContain('Máte rezervované místo')
    expect(html).toContain(`/registrations/${tokens.Jana}/invite.ics`)
    expect(html).toContain(`/registrations/${tokens.Jana}/cancel`)
    expect(html).not.toContain('Workshop proběhl')
  })
})

describe('the manage page after the session', () => {
  it('someone present: it took place, attendance recorded, the certificate and feedback; no seat, no invitation, no cancelling', async () => {
    const html = await manage('Eva')
    expect(html).toContain('Workshop proběhl')
    expect(html).toContain('Vaše účast je zapsaná v docházce.')
    expect(html).toContain(`/registrations/${tokens.Eva}/certificate.pdf`)
    expect(html).toContain('Stáhnout osvědčení (PDF)')
    expect(html).toContain(`href="/registrations/${tokens.Eva}/feedback"`)
    expect(html).toContain('Ohodnotit workshop')
    expect(html).toContain('Zpětnou vazbu můžete dát do')
    expect(html).not.toContain('Máte rezervované místo')
    expect(html).not.toContain('invite.ics')
    expect(html).not.toContain(`/registrations/${tokens.Eva}/cancel`)
    expect(html).not.toContain('Kód pro příchod')
  })

  it('says the same in English', async () => {
    const html = await manage('Eva', 'en')
    expect(html).toContain('The workshop has taken place')
    expect(html).toContain('Your attendance is recorded.')
    expect(html).toContain('Give feedback on the workshop')
    expect(html).not.toContain('You have a seat')
  })

  it.each([
    ['Tomáš', 'V docházce je u vás zapsaná nepřítomnost. Pokud je to omyl, napište pořadateli.'],
    ['Olga', 'V docházce je u vás zapsaná omluvená nepřítomnost.'],
    ['Pavel', 'Vaše účast v docházce zapsaná není. Pokud je to omyl, napište pořadateli.'],
    ['Jan', 'Pořadatel docházku zatím neuzavřel.'],
    ['Věra', 'Místo se na vás tentokrát neuvolnilo.'],
  ])('%s: says what the attendance record says, and offers no certificate, feedback or invitation', async (who, says) => {
    const html = await manage(who)
    expect(html).toContain('Workshop proběhl')
    expect(html).toContain(says)
    expect(html).not.toMatch(/Máte rezervované místo|Jste v pořadníku/)
    expect(html).not.toMatch(/certificate\.pdf|invite\.ics|\/feedback"|\/cancel"/)
  })

  it('the certificate link opens the PDF, named after its holder, that names her', async () => {
    const response = await fetch(`${server.url}/registrations/${tokens.Eva}/certificate.pdf`)
    expect(response.status).toBe(200)
    expect(response.headers.get('content-type')).toBe('application/pdf')
    const disposition = response.headers.get('content-disposition') ?? ''
    expect(decodeURIComponent(/filename\*=UTF-8''(.*)$/.exec(disposition)?.[1] ?? '')).toMatch(
      /^Osvědčení – Eva Cibulková – .+\.pdf$/,
    )
    expect(disposition).not.toMatch(/ {2}/)
    const pdf = new Uint8Array(await response.arrayBuffer())
    const doc = await getDocument({ data: pdf, useSystemFonts: false }).promise
    try {
      const content = await (await doc.getPage(1)).getTextContent()
      const text = content.items.flatMap((item) => ('str' in item ? [item.str] : [])).join('\n')
      expect(text).toContain('Eva Cibulková')
      expect(text).toContain('účast na workshopu')
    } finally {
      await doc.destroy()
    }
  })
})

describe('the cancel and free-seat pages say where the seat goes', () => {
  it('to the first person waiting, when someone waits', async () => {
    const html = await page(`/registrations/${tokens.Jana}/cancel`)
    expect(html).toContain('Vaše místo hned dostane první člověk z pořadníku.')
    expect(await page(`/registrations/${tokens.Jana}/free-seat`)).toContain('dostane ho hned první člověk z čekací listiny')
  })

  it('to nobody in particular, and no waiting list is named, when nobody waits', async () => {
    const html = await page(`/registrations/${tokens.Lucie}/cancel`)
    expect(html).toContain('Místo se uvolní pro další zájemce.')
    expect(html).not.toMatch(/pořadník|čekací listin/)
    const free = await page(`/registrations/${tokens.Lucie}/free-seat`)
    expect(free).toContain('vaše přihláška se zruší a místo bude volné pro další zájemce')
    expect(free).not.toMatch(/čekací listin/)
  })

  it('someone waiting is asked about leaving the waiting list, not a seat', async () => {
    const html = await page(`/registrations/${tokens.Karel}/cancel`)
    expect(html).toContain('Opravdu se chcete odhlásit z pořadníku')
    expect(html).not.toContain('Vaše místo')
  })
})
