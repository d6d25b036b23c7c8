import type { Kysely } from 'kysely'
import type { DB } from '../../db/schema'
import type { AttendanceStatus } from '~/models/attendance-status'
import { anonymiseRegistrations } from '~/models/anonymise.server'
import { closeAttendance, markAttendance } from '~/models/attendance.server'
import { saveFeedback } from '~/models/feedback.server'
import { cancelSession } from '~/models/organiser-sessions.server'
import type { RegistrationFormData } from '~/models/registration-form.server'
import { cancelRegistration } from '~/models/registrations.server'
import { writeTransaction } from '~/utils/db.server'
import { day, testStart } from './clock'
import { createStaff, factories, person } from './factories'
import { addBookableSession } from './fixtures'

/*
 * A fixture with known numbers for the statistics, made through the functions production
 * uses. Days are counted from the test's clock (at(-20) is twenty days ago). The period
 * `PERIOD` runs from day(-60) to day(30).
 *
 * Body A — workshop "data" (data literacy, for teachers of ZŠ and SŠ) and "cyber" (cyber
 * security, for officials); body B — workshop "nukib" (cyber security, officials and public).
 *
 * S1 data, at(-20), 3 seats: Anna (ZŠ, present), Bára (SŠ, cancels; Dana is promoted), Cyril
 *    (ZŠ, late), Dana (MŠ, absent), Emil (official, still waitlisted at the start), Filip
 *    (other, no organisation, walk-in: a 4th seat, present). Closed: 3 certificates; feedback
 *    Anna 5, Cyril 4.
 * S2 cyber, at(-10), 10 seats: Gustav (official, present; later anonymised), Hana (excused),
 *    Ivan (present at closing, then corrected to absent: certificate revoked), Jana (other,
 *    unmarked). Closed: 1 certificate standing; feedback Gustav 3.
 * S3 data, at(-5), 5 seats: Kamila (VOŠ, marked present, attendance not closed), Lukáš (ZŠ).
 * S4 cyber, at(-15), 8 seats: Marie booked, then the session was cancelled.
 * S5 data, at(+10), 6 seats: Nina booked (upcoming).
 * S6 nukib, at(-8), 12 seats: Otto (official, present), Pavla (official, absent). Closed:
 *    1 certificate; feedback Otto 2.
 * S7 data, at(-90), outside the period: Quido present, closed.
 */

export const APP_URL = 'http://workshops.test'
const DAY = 86_400_000
export const at = (days: number, hours = 0) => new Date(testStart.getTime() + days * DAY + hours * 3_600_000)
export const PERIOD = { from: day(-60), to: day(30) }

const teacher = (name: string, level: 'ms' | 'zs' | 'ss' | 'vos', organisation: string) =>
  person(name, { participantType: 'teacher', schoolLevel: level, organisation })
const official = (name: string, organisation: string) => person(name, { participantType: 'official', organisation })
const other = (name: string) => person(name, { participantType: 'other', organisation: '' })

export const ORGANISATIONS = {
  school: 'ZŠ Husova, Liberec',
  gymnasium: 'Gymnázium F. X. Šaldy',
  nursery: 'Mateřská škola Sluníčko',
  town: 'Městský úřad Turnov',
  region: 'Krajský úřad Libereckého kraje',
  college: 'VOŠ zdravotnická',
  village: 'Obec Chrastava',
}

export async function statisticsWorld(db: Kysely<DB>) {
  const staff = await createStaff(db, at(-120))
  const admin = staff.admin
  const make = (now: Date) => factories(() => ({ db, now, staff: admin, appUrl: APP_URL }))
  const data = await make(at(-120)).newWorkshop(staff.bodyAId, {
    title: 'Data ve výuce',
    topic: 'data_literacy',
    audiences: ['teacher_zs', 'teacher_ss'],
  })
  const cyber = await make(at(-120)).newWorkshop(staff.bodyAId, { topic: 'cybersecurity', audiences: ['official'] })
  const nukib = await make(at(-120)).newWorkshop(staff.bodyBId, {
    title: 'Kybernetická hygiena',
    topic: 'cybersecurity',
    audiences: ['official', 'public'],
  })

  /** A session starting at at(startDay), made ten days before it. */
  const session = (workshopId: number, startDay: number, capacity: number) =>
    addBookableSession(db, { workshopId, capacity, now: at(startDay - 10), startsInDays: 10 })
  const book = async (sessionId: number, startDay: number, form: RegistrationFormData) =>
    make(at(startDay - 7)).book(sessionId, form)
  const mark = async (sessionId: number, registrationId: number, attendance: AttendanceStatus, now: Date) => {
    const marked = await markAttendance(db, { sessionId, registrationId, attendance, user: admin, now, appUrl: APP_URL })
    if (marked.kind !== 'marked') throw new Error(`expected attendance marked, got ${marked.kind}`)
  }
  const close = async (sessionId: number, now: Date) => {
    const closed = await closeAttendance(db, { sessionId, user: admin, now, appUrl: APP_URL, unmarked: 'leave' })
    if (closed.kind !== 'closed') throw new Error(`expected attendance closed, got ${closed.kind}`)
  }
  const feedback = async (token: string, rating: number, now: Date) => {
    const saved = await saveFeedback(db, { token, form: { rating, useInWork: '', improve: '', comment: '' }, now })
    if (saved.kind !== 'saved') throw new Error(`expected feedback saved, got ${saved.kind}`)
  }

  // S1: a waiting list, a cancellation with a promotion, a walk-in, every mark.
  const s1 = await session(data, -20, 3)
  const anna = await book(s1, -20, teacher('Anna Dvořáková', 'zs', ORGANISATIONS.school))
  const bara = await book(s1, -20, teacher('Bára Šťastná', 'ss', ORGANISATIONS.gymnasium))
  const cyril = await book(s1, -20, teacher('Cyril Řezníček', 'zs', ORGANISATIONS.school))
  const dana = await book(s1, -20, teacher('Dana Malá', 'ms', ORGANISATIONS.nursery))
  const emil = await book(s1, -20, official('Emil Veselý', ORGANISATIONS.town))
  if (dana.status !== 'waitlisted' || emil.status !== 'waitlisted') throw new Error('expected Dana and Emil on the waiting list')
  const cancelled = await cancelRegistration(db, { token: bara.token, now: at(-25), appUrl: APP_URL })
  if (cancelled.kind !== 'cancelled' || cancelled.promoted !== 1)
    throw new Error(`expected Dana promoted, got ${JSON.stringify(cancelled)}`)
  const filip = await factories(() => ({ db, now: at(-20, 0.2), staff: admin, appUrl: APP_URL })).walkIn(s1, other('Filip Kos'))
  await mark(s1, anna.registrationId, 'present', at(-20, 1))
  await mark(s1, cyril.registrationId, 'late', at(-20, 1))
  await mark(s1, dana.registrationId, 'absent', at(-20, 1))
  await mark(s1, filip, 'present', at(-20, 1))
  await close(s1, at(-20, 3))
  await feedback(anna.token, 5, at(-19))
  await feedback(cyril.token, 4, at(-19))

  // S2: excused, a revoked certificate, someone unmarked, an anonymised booking with feedback.
  const s2 = await session(cyber, -10, 10)
  const gustav = await book(s2, -10, official('Gustav Novák', ORGANISATIONS.town))
  const hana = await book(s2, -10, official('Hana Horáková', ORGANISATIONS.town))
  const ivan = await book(s2, -10, official('Ivan Beneš', ORGANISATIONS.region))
  await book(s2, -10, other('Jana Kučerová'))
  await mark(s2, gustav.registrationId, 'present', at(-10, 1))
  await mark(s2, hana.registrationId, 'excused', at(-10, 1))
  await mark(s2, ivan.registrationId, 'present', at(-10, 1))
  await close(s2, at(-10, 3))
  await mark(s2, ivan.registrationId, 'absent', at(-9))
  await feedback(gustav.token, 3, at(-9))
  await writeTransaction(db, (trx) => anonymiseRegistrations(trx, [gustav.registrationId], at(-2)))

  // S3: held, attendance not closed yet.
  const s3 = await session(data, -5, 5)
  const kamila = await book(s3, -5, teacher('Kamila Svobodová', 'vos', ORGANISATIONS.college))
  await book(s3, -5, teacher('Lukáš Marek', 'zs', ORGANISATIONS.school))
  await mark(s3, kamila.registrationId, 'present', at(-5, 1))

  // S4: cancelled by the organiser after someone booked.
  const s4 = await session(cyber, -15, 8)
  await book(s4, -15, official('Marie Pokorná', ORGANISATIONS.town))
  const called = await cancelSession(db, { sessionId: s4, message: '', user: admin, now: at(-18), appUrl: APP_URL })
  if (called.kind !== 'cancelled') throw new Error(`expected S4 cancelled, got ${called.kind}`)

  // S5: upcoming.
  const s5 = await session(data, 10, 6)
  await book(s5, 10, teacher('Nina Králová', 'zs', ORGANISATIONS.school))

  // S6: body B.
  const s6 = await session(nukib, -8, 12)
  const otto = await book(s6, -8, official('Otto Fiala', ORGANISATIONS.village))
  const pavla = await book(s6, -8, official('Pavla Fialová', ORGANISATIONS.village))
  await mark(s6, otto.registrationId, 'present', at(-8, 1))
  await mark(s6, pavla.registrationId, 'absent', at(-8, 1))
  await close(s6, at(-8, 3))
  await feedback(otto.token, 2, at(-7))

  // S7: before the period.
  const s7 = await session(data, -90, 10)
  const quido = await book(s7, -90, official('Quido Řehoř', ORGANISATIONS.town))
  await mark(s7, quido.registrationId, 'present', at(-90, 1))
  await close(s7, at(-90, 3))

  return { staff, workshops: { data, cyber, nukib }, sessions: { s1, s2, s3, s4, s5, s6, s7 } }
}
