import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Visibility } from '../../db/schema'
import type { SignedInUser } from '~/models/auth.server'
import { closeAttendance, findValidCertificate, markAttendance } from '~/models/attendance.server'
import { findRegistrationByToken } from '~/models/registrations.server'
import { mayDownload, worksheetsForRegistration } from '~/models/worksheets.server'
import { makeUser } from '../support/auth'
import { atDay } from '../support/clock'
import { createTestDatabase, type TestDatabase } from '../support/database'
import { addBookableSession, createBookableSession, organiserOf } from '../support/fixtures'
import { createUser, factories, person, uploadWorksheet } from '../support/factories'

/*
 * A manage link proves one thing: that its holder received the e-mail about that one booking.
 * Anyone can book with anyone's address and receive such a link (by the redirect after the
 * booking, before point 7 of issue 10, or by owning the mailbox of a booking they made), so the
 * link may open what its own registration earns and nothing that other bookings of the same
 * address earn. A signed-in person has proven the address and keeps what all its bookings earn.
 */

const now = atDay(0, '10:00')
const appUrl = 'http://localhost:3000'
const PETRA = 'petra.ucastnice@skola.example'

let test: TestDatabase
let organiser: SignedInUser
const ids = { workshop: 0, attended: 0, other: 0, elsewhere: 0 }
const worksheet = { attendees: 0, registered: 0 }
/** Petra's own booking of the session she attended, and the two an impostor made with her address. */
const tokens = { petra: '', sameWorkshop: '', otherWorkshop: '' }
const regs = { petra: 0, sameWorkshop: 0, otherWorkshop: 0 }

/** Bookings with Petra's address, whoever makes them. */
const withPetrasAddress = (fullName: string) => person(fullName, { email: PETRA, organisation: 'ZŠ Chrastava' })

const { book } = factories(() => ({ db: test.db, now, appUrl, staff: organiser }))

const worksheetOf = (workshopId: number, visibility: Visibility, title: string) =>
  uploadWorksheet(test.db, { workshopId, title, visibility, user: organiser, now })

beforeAll(async () => {
  test = await createTestDatabase()
  const a = await createBookableSession(test.db, { capacity: 10, now })
  const b = await createBookableSession(test.db, { capacity: 10, now })
  ids.workshop = a.workshopId
  ids.attended = a.sessionId
  ids.elsewhere = b.sessionId
  // A second session of the same workshop, a day later.
  ids.other = await addBookableSession(test.db, { workshopId: a.workshopId, capacity: 10, now, startsInDays: 8 })

  organiser = await createUser(test.db, {
    email: 'lektorka@kraj.example',
    name: null,
    role: 'organiser',
    organiserIds: [await organiserOf(test.db, a.workshopId)],
  })
  worksheet.attendees = await worksheetOf(a.workshopId, 'attendees', 'Řešení pro přítomné')
  worksheet.registered = await worksheetOf(a.workshopId, 'registered', 'Podklady pro přihlášené')

  // Petra books, attends, and attendance is closed: she earns a certificate and everything.
  const petra = await book(ids.attended, withPetrasAddress('Petra Účastnice'))
  tokens.petra = petra.token
  regs.petra = petra.registrationId
  expect(
    await markAttendance(test.db, {
      sessionId: ids.attended,
      registrationId: petra.registrationId,
      attendance: 'present',
      user: organiser,
      now,
      appUrl,
    }),
  ).toMatchObject({ kind: 'marked' })
  expect(
    await closeAttendance(test.db, { sessionId: ids.attended, user: organiser, now, appUrl, unmarked: 'leave' }),
  ).toMatchObject({
    kind: 'closed',
  })

  // Someone else books with Petra's address: another session of the workshop, and another workshop.
  const same = await book(ids.other, withPetrasAddress('Nikdo Cizí'))
  tokens.sameWorkshop = same.token
  regs.sameWorkshop = same.registrationId
  const other = await book(ids.elsewhere, withPetrasAddress('Nikdo Cizí'))
  tokens.otherWorkshop = other.token
  regs.otherWorkshop = other.registrationId
})
afterAll(async () => {
  await test.cleanup()
})

const byLink = (registrationId: number) => ({ kind: 'registration' as const, registrationId })
const allowed = async (worksheetId: number, registrationId: number) =>
  (await mayDownload(test.db, worksheetId, byLink(registrationId))).allowed

describe('a manage link grants what its own registration earns', () => {
  it("opens everything Petra's own booking earns", async () => {
    expect(await allowed(worksheet.attendees, regs.petra)).toBe(true)
    expect(await allowed(worksheet.registered, regs.petra)).toBe(true)
    expect((await findRegistrationByToken(test.db, tokens.petra, now))?.certificateCode).toMatch(/^[0-9A-Z]{12}$/)
  })

  it("a booking of another session with her address does not open the attendees' worksheet", async () => {
    expect(await allowed(worksheet.attendees, regs.sameWorkshop)).toBe(false)
    // Its own booking of the workshop earns what every registered person gets.
    expect(await allowed(worksheet.registered, regs.sameWorkshop)).toBe(true)
    const listed = (await worksheetsForRegistration(test.db, regs.sameWorkshop)).map((w) => w.id)
    expect(listed).toEqual([worksheet.registered])
  })

  it("a booking of another workshop with her address opens none of this workshop's worksheets", async () => {
    expect(await allowed(worksheet.attendees, regs.otherWorkshop)).toBe(false)
    expect(await allowed(worksheet.registered, regs.otherWorkshop)).toBe(false)
    expect(await worksheetsForRegistration(test.db, regs.otherWorkshop)).toEqual([])
  })

  it("no certificate is reached through the impostor's links", async () => {
    for (const token of [tokens.sameWorkshop, tokens.otherWorkshop]) {
      const view = await findRegistrationByToken(test.db, token, now)
      expect(view?.certificateCode).toBeNull()
      expect(await findValidCertificate(test.db, { registrationId: view!.id })).toBeUndefined()
    }
  })

  it('a signed-in Petra, who has proven the address, still gets what all her bookings earn', async () => {
    const id = await makeUser(test.db, { email: PETRA, role: 'participant' })
    const user: SignedInUser = { id, email: PETRA, name: null, role: 'participant', organiserIds: [] }
    expect((await mayDownload(test.db, worksheet.attendees, { kind: 'user', user })).allowed).toBe(true)
  })
})
