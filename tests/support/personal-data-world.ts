import type { Kysely } from 'kysely'
import type { DB } from '../../db/schema'
import { closeAttendance, markAttendance } from '~/models/attendance.server'
import { completeSignIn, createSignInToken, type SignedInUser } from '~/models/auth.server'
import { feedbackSummary, saveFeedback } from '~/models/feedback.server'
import { testStart } from './clock'
import { createStaff, factories, person } from './factories'
import { addBookableSession, createBookableSession } from './fixtures'

/*
 * A person with a history, for the personal-data tests: Petra Šťastná attended a session a
 * month ago (certificate, feedback) and holds the only seat of a session next week, for which
 * Wanda waits. Quido attended the past session too, and Zuzana booked the next one's sibling.
 * Everything happens before the test's clock, so the outbox worker (which reads the real
 * clock) sends what it queued.
 */

export const APP_URL = 'http://workshops.test'
const DAY = 86_400_000
export const at = (days: number, hours = 0) => new Date(testStart.getTime() + days * DAY + hours * 3_600_000)

export const PETRA = person('Petra Šťastná', {
  organisation: 'ZŠ Husova, Liberec',
  participantType: 'teacher',
  schoolLevel: 'zs',
  note: 'Bezbariérový přístup, prosím',
})
export const QUIDO = person('Quido Řehoř', { organisation: 'Městský úřad Jablonec' })
export const WANDA = person('Wanda Nováková', { participantType: 'other', organisation: '' })
export const ZUZANA = person('Zuzana Malá', {
  participantType: 'teacher',
  schoolLevel: 'ss',
  organisation: 'Gymnázium F. X. Šaldy',
})

export type PersonalDataWorld = Awaited<ReturnType<typeof personalDataWorld>>

export async function personalDataWorld(db: Kysely<DB>) {
  const staff = await createStaff(db, at(-60))
  const organiser: SignedInUser = staff.organiserA
  const past = await createBookableSession(db, {
    organiserId: staff.bodyAId,
    capacity: 20,
    now: at(-40),
    startsInDays: 10,
    fields: { lecturer: 'Mgr. Lenka Lektorová' },
  })
  const make = (now: Date) => factories(() => ({ db, now, staff: staff.admin, organiser, appUrl: APP_URL }))
  const petraPast = await make(at(-39)).book(past.sessionId, PETRA)
  const quidoPast = await make(at(-39, 1)).book(past.sessionId, QUIDO)
  const walkIn = await make(at(-30, 1)).walkIn(past.sessionId, ZUZANA)
  for (const [registrationId, attendance] of [
    [petraPast.registrationId, 'present'],
    [quidoPast.registrationId, 'late'],
    [walkIn, 'present'],
  ] as const) {
    const marked = await markAttendance(db, {
      sessionId: past.sessionId,
      registrationId,
      attendance,
      user: organiser,
      now: at(-30, 1),
      appUrl: APP_URL,
    })
    if (marked.kind !== 'marked') throw new Error(`expected attendance marked, got ${marked.kind}`)
  }
  const closed = await closeAttendance(db, {
    sessionId: past.sessionId,
    user: organiser,
    now: at(-29),
    appUrl: APP_URL,
    unmarked: 'leave',
  })
  if (closed.kind !== 'closed') throw new Error(`expected attendance closed, got ${closed.kind}`)
  for (const [token, rating, comment] of [
    [petraPast.token, '5', 'Pracovní listy použiji v 7. třídě.'],
    [quidoPast.token, '3', 'Méně teorie.'],
  ] as const) {
    const form = { rating: Number(rating), useInWork: '', improve: '', comment }
    const saved = await saveFeedback(db, { token, form, now: at(-28) })
    if (saved.kind !== 'saved') throw new Error(`expected feedback saved, got ${saved.kind}`)
  }

  const next = await addBookableSession(db, { workshopId: past.workshopId, capacity: 1, now: at(-2), startsInDays: 9 })
  const sibling = await addBookableSession(db, { workshopId: past.workshopId, capacity: 10, now: at(-2), startsInDays: 10 })
  const petraNext = await make(at(-1)).book(next, PETRA)
  const wandaNext = await make(at(-1, 1)).book(next, WANDA)
  const zuzanaSibling = await make(at(-1, 2)).book(sibling, ZUZANA)
  return {
    staff,
    organiser,
    workshopId: past.workshopId,
    pastSessionId: past.sessionId,
    nextSessionId: next,
    siblingSessionId: sibling,
    petraPast,
    petraNext,
    quidoPast,
    wandaNext,
    zuzanaSibling,
  }
}

/** Petra signs in, an hour before the test's clock: she has an account, a used link and a session. */
export async function petraSignsIn(db: Kysely<DB>) {
  const signedIn = await completeSignIn(db, { token: await createSignInToken(db, PETRA.email, at(0, -1)), now: at(0, -1) })
  if (signedIn.kind !== 'signed_in') throw new Error(`expected a sign-in, got ${signedIn.kind}`)
}

/** What statistics are made of, per session: counts by status, attendance and type, seats, certificates, feedback. */
export async function sessionStatistics(db: Kysely<DB>, sessionId: number) {
  const rows = await db
    .selectFrom('registrations')
    .select(['status', 'attendance', 'participant_type', 'school_level', 'walk_in'])
    .where('session_id', '=', sessionId)
    .execute()
  const tally = (key: (r: (typeof rows)[number]) => string) => {
    const counts: Record<string, number> = {}
    for (const r of rows) counts[key(r)] = (counts[key(r)] ?? 0) + 1
    return counts
  }
  const session = await db
    .selectFrom('sessions')
    .select(['capacity', 'confirmed_count', 'waitlisted_count'])
    .where('id', '=', sessionId)
    .executeTakeFirstOrThrow()
  const certificates = await db
    .selectFrom('certificates')
    .innerJoin('registrations', 'registrations.id', 'certificates.registration_id')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('registrations.session_id', '=', sessionId)
    .where('certificates.revoked_at', 'is', null)
    .executeTakeFirstOrThrow()
  const feedback = await feedbackSummary(db, { sessionId })
  return {
    bookings: rows.length,
    byStatus: tally((r) => r.status),
    byAttendance: tally((r) => r.attendance ?? 'unmarked'),
    byType: tally((r) => `${r.participant_type}/${r.school_level ?? '-'}`),
    walkIns: rows.filter((r) => r.walk_in === 1).length,
    seats: session,
    certificates: Number(certificates.n),
    feedback: { responses: feedback.responses, asked: feedback.asked, average: feedback.average, rate: feedback.rate },
  }
}
