import { readFileSync } from 'node:fs'
import Ajv2020 from 'ajv/dist/2020'
import addFormats from 'ajv-formats'
import ICAL from 'ical.js'
import type { Kysely } from 'kysely'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { columnsHoldingPeople } from '../../db/classification'
import type { DB } from '../../db/schema'
import { verifyCertificate } from '~/models/attendance.server'
import { renewPersonalFeed } from '~/models/calendar-feeds.server'
import { CURRENT_CONSENT_VERSION } from '~/models/consent'
import { erase, planErasure } from '~/models/erasure.server'
import { personalDataExport } from '~/models/personal-data.server'
import { monthsAfter } from '~/models/retention-policy'
import { testStart } from '../support/clock'
import { createTestDatabase, type TestDatabase } from '../support/database'
import {
  APP_URL,
  at,
  PETRA,
  personalDataWorld,
  petraSignsIn,
  QUIDO,
  sessionStatistics,
  WANDA,
  ZUZANA,
  type PersonalDataWorld,
} from '../support/personal-data-world'
import { calendarPart } from '../support/smtp'
import { deliverOverSmtp } from '../support/smtp-delivery'

const schema = JSON.parse(readFileSync(new URL('../../docs/schemas/personal-data-export.schema.json', import.meta.url), 'utf8'))
const ajv = new Ajv2020({ allErrors: true, strict: true })
addFormats(ajv)
const validateExport = ajv.compile(schema)

let test: TestDatabase
let db: Kysely<DB>
let world: PersonalDataWorld

beforeEach(async () => {
  test = await createTestDatabase()
  db = test.db
  world = await personalDataWorld(db)
  await petraSignsIn(db)
  // …and subscribed to her bookings in her calendar.
  const account = await db.selectFrom('users').select('id').where('email', '=', PETRA.email).executeTakeFirstOrThrow()
  await renewPersonalFeed(db, { userId: account.id, now: at(0, -1) })
})

afterEach(async () => {
  await test.cleanup()
})

const others = [QUIDO, WANDA, ZUZANA]

describe('what a person sees and downloads', () => {
  it('exports everything held about the address — bookings, attendance, certificate, feedback, sign-ins — valid against the schema in docs/, and nothing about anyone else', async () => {
    const exported = await personalDataExport(db, {
      subject: { email: PETRA.email.toUpperCase() },
      now: testStart,
      appUrl: APP_URL,
    })
    expect(validateExport(exported), JSON.stringify(validateExport.errors)).toBe(true)
    expect(exported.subject).toEqual({ kind: 'person', email: PETRA.email })
    expect(exported.account).toMatchObject({ email: PETRA.email, role: 'participant' })
    expect(exported.registrations.map((r) => [r.id, r.status, r.attendance])).toEqual([
      [world.petraPast.registrationId, 'confirmed', 'present'],
      [world.petraNext.registrationId, 'confirmed', null],
    ])
    expect(exported.registrations[0]).toMatchObject({
      fullName: PETRA.fullName,
      organisation: PETRA.organisation,
      note: PETRA.note,
      participantType: 'teacher',
      schoolLevel: 'zs',
      consent: { version: CURRENT_CONSENT_VERSION },
    })
    expect(exported.registrations[0]!.emails.map((e) => e.kind)).toContain('registration.certificate')
    expect(exported.certificates).toHaveLength(1)
    expect(exported.certificates[0]).toMatchObject({ registrationId: world.petraPast.registrationId, holderName: PETRA.fullName })
    expect(exported.feedback).toEqual([expect.objectContaining({ rating: 5, comment: 'Pracovní listy použiji v 7. třídě.' })])
    expect(exported.signIns.links).toHaveLength(1)
    expect(exported.signIns.sessions).toHaveLength(1)
    expect(exported.signIns.calendarFeeds).toEqual([{ createdAt: at(0, -1).toISOString(), lastUsedAt: null }])

    const text = JSON.stringify(exported)
    for (const other of others) {
      expect(text).not.toContain(other.fullName)
      expect(text).not.toContain(other.email)
    }
    expect(text).not.toContain('Méně teorie')
  })

  it('exports one booking for its manage link: that booking only, no account, no sign-ins', async () => {
    const exported = await personalDataExport(db, {
      subject: { registrationId: world.petraNext.registrationId },
      now: testStart,
      appUrl: APP_URL,
    })
    expect(validateExport(exported), JSON.stringify(validateExport.errors)).toBe(true)
    expect(exported.registrations.map((r) => r.id)).toEqual([world.petraNext.registrationId])
    expect(exported.account).toBeNull()
    expect(exported.signIns).toEqual({ links: [], sessions: [], calendarFeeds: [] })
    expect(exported.certificates).toEqual([])
  })
})

describe('erasing a person', () => {
  it('cancels the future booking as a cancellation would (the waiting person is promoted, both invitations arrive), anonymises the past one, keeps every statistic, the feedback and the certificate for its retention', async () => {
    const statsBefore = {
      past: await sessionStatistics(db, world.pastSessionId),
      next: await sessionStatistics(db, world.nextSessionId),
    }
    const petraInvite = await db
      .selectFrom('registrations')
      .select(['invite_uid', 'invite_sequence'])
      .where('id', '=', world.petraNext.registrationId)
      .executeTakeFirstOrThrow()

    const plan = await planErasure(db, { subject: { email: PETRA.email }, now: testStart, certificateMonths: 24 })
    expect(plan).toMatchObject({ toAnonymise: 2, feedback: 1, account: true })
    expect(plan!.toCancel).toHaveLength(1)
    const certificateRow = await db
      .selectFrom('certificates')
      .select(['code', 'issued_at'])
      .where('registration_id', '=', world.petraPast.registrationId)
      .executeTakeFirstOrThrow()
    const keptUntil = monthsAfter(new Date(certificateRow.issued_at), 24).toISOString()
    expect(plan!.certificates).toEqual([{ workshopTitle: expect.any(String), keptUntil }])

    const result = await erase(db, {
      subject: { email: PETRA.email },
      role: 'participant',
      certificateMonths: 24,
      now: testStart,
      appUrl: APP_URL,
    })
    expect(result).toMatchObject({ kind: 'erased', cancelled: 1, anonymised: 2, promoted: 1 })

    // Statistics: the past session's are exactly as they were; the next session lost Petra's
    // seat to Wanda, as when anyone cancels, and still counts two bookings of the same kinds.
    expect(await sessionStatistics(db, world.pastSessionId)).toEqual(statsBefore.past)
    const next = await sessionStatistics(db, world.nextSessionId)
    expect(next.bookings).toBe(statsBefore.next.bookings)
    expect(next.byType).toEqual(statsBefore.next.byType)
    expect(next.seats).toEqual({ capacity: 1, confirmed_count: 1, waitlisted_count: 0 })
    expect(next.byStatus).toEqual({ cancelled: 1, confirmed: 1 })

    // Nothing personal is left in Petra's bookings: every column the classification marks for
    // the booking rule is emptied.
    const petraRows = await db
      .selectFrom('registrations')
      .selectAll()
      .where('id', 'in', [world.petraPast.registrationId, world.petraNext.registrationId])
      .execute()
    for (const column of columnsHoldingPeople().filter((c) => c.table === 'registrations')) {
      for (const row of petraRows) {
        expect(row[column.column as keyof typeof row], column.column).toBe(
          typeof column.removal === 'object' ? column.removal.set : undefined,
        )
      }
    }
    expect(petraRows.every((r) => r.anonymised_at === testStart.toISOString())).toBe(true)
    expect(
      await db
        .selectFrom('registration_tokens')
        .select('token_hash')
        .where(
          'registration_id',
          'in',
          petraRows.map((r) => r.id),
        )
        .execute(),
    ).toEqual([])

    // The feedback stays with its session, cut off from the person.
    const feedback = await db
      .selectFrom('feedback_responses')
      .selectAll()
      .where('session_id', '=', world.pastSessionId)
      .orderBy('rating')
      .execute()
    expect(feedback.map((f) => [f.rating, f.registration_id])).toEqual([
      [3, world.quidoPast.registrationId],
      [5, null],
    ])

    // The certificate verifies with her name until the certificates' retention ends, and says so.
    expect(await verifyCertificate(db, { code: certificateRow.code, certificateMonths: 24 })).toMatchObject({
      holderName: PETRA.fullName,
      nameKeptUntil: keptUntil,
    })

    // The account, its sessions and sign-in links are gone; the export now finds nothing.
    expect(await db.selectFrom('users').select('id').where('email', '=', PETRA.email).execute()).toEqual([])
    expect(await db.selectFrom('login_tokens').select('email').where('email', '=', PETRA.email).execute()).toEqual([])
    const after = await personalDataExport(db, { subject: { email: PETRA.email }, now: testStart, appUrl: APP_URL })
    expect(after).toMatchObject({ account: null, registrations: [], certificates: [], feedback: [] })
    expect(after.signIns).toEqual({ links: [], sessions: [], calendarFeeds: [] })
    expect(await db.selectFrom('calendar_feeds').select('user_id').execute()).toEqual([])

    // The log says that a person was erased, with counts and nothing of the person.
    const logged = await db.selectFrom('audit_log').selectAll().where('action', '=', 'person.erase').execute()
    expect(logged).toHaveLength(1)
    expect(JSON.stringify(logged)).not.toMatch(/petra|šťastná/i)
    expect(JSON.parse(logged[0]!.details!)).toEqual({ cancelled: 1, anonymised: 2, promoted: 1 })

    // Over SMTP: Petra's calendar gets a CANCEL for the same event, Wanda a REQUEST.
    const pending = await db.selectFrom('outbox').select('id').where('status', '=', 'pending').execute()
    const { smtp, stop } = await deliverOverSmtp(db)
    try {
      const delivered = await smtp.waitFor(pending.length, 15_000)
      const toPetra = delivered.filter((m) => m.envelope.to.includes(PETRA.email))
      expect(toPetra.map((m) => m.parsed.subject)).toEqual([expect.stringMatching(/^Zrušeno: /)])
      const cancel = calendarPart(toPetra[0]!.parsed, toPetra[0]!.raw)!
      expect(cancel.method).toBe('CANCEL')
      const cancelEvent = new ICAL.Component(ICAL.parse(cancel.content)).getFirstSubcomponent('vevent')!
      expect(cancelEvent.getFirstPropertyValue('uid')).toBe(petraInvite.invite_uid)
      expect(Number(cancelEvent.getFirstPropertyValue('sequence'))).toBeGreaterThan(petraInvite.invite_sequence)
      // The notice offers no link: her links no longer open anything.
      expect(toPetra[0]!.parsed.text).not.toContain('/registrations/')

      const toWanda = delivered.filter((m) => m.envelope.to.includes(WANDA.email))
      const promoted = toWanda.map((m) => calendarPart(m.parsed, m.raw)).find((c) => c?.method === 'REQUEST')
      expect(promoted).toBeDefined()
      const request = new ICAL.Component(ICAL.parse(promoted!.content)).getFirstSubcomponent('vevent')!
      expect(request.getFirstPropertyValue('status')).toBe('CONFIRMED')

      // Once delivered, not even the address of the erasure notice stays in the outbox.
      await expect
        .poll(async () => db.selectFrom('outbox').select('id').where('recipient', '=', PETRA.email).execute())
        .toEqual([])
    } finally {
      await stop()
    }
  })

  it("one manage link erases its own booking and nothing else of the person's", async () => {
    const result = await erase(db, {
      subject: { token: world.petraNext.token },
      certificateMonths: 24,
      now: testStart,
      appUrl: APP_URL,
    })
    expect(result).toMatchObject({ kind: 'erased', cancelled: 1, anonymised: 1, promoted: 1 })
    const past = await db
      .selectFrom('registrations')
      .select(['full_name', 'email'])
      .where('id', '=', world.petraPast.registrationId)
      .executeTakeFirstOrThrow()
    expect(past).toEqual({ full_name: PETRA.fullName, email: PETRA.email })
    expect(await db.selectFrom('users').select('id').where('email', '=', PETRA.email).execute()).toHaveLength(1)
    // The link has done its work: it opens nothing now, and erasing again finds nothing.
    expect(
      await erase(db, { subject: { token: world.petraNext.token }, certificateMonths: 24, now: testStart, appUrl: APP_URL }),
    ).toEqual({
      kind: 'not_found',
    })
  })

  it('leaves staff accounts to an admin', async () => {
    const result = await erase(db, {
      subject: { email: world.organiser.email },
      role: 'organiser',
      certificateMonths: 24,
      now: testStart,
      appUrl: APP_URL,
    })
    expect(result).toEqual({ kind: 'staff' })
    expect(await db.selectFrom('users').select('id').where('email', '=', world.organiser.email).execute()).toHaveLength(1)
  })
})
