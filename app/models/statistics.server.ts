import { sql, type ExpressionBuilder, type RawBuilder } from 'kysely'
import type { DB } from '../../db/schema'
import type { Db } from '~/utils/db.server'
import { addDays, pragueLocalToUtc, pragueMonthRange } from '~/utils/dates'
import { ATTENDED } from './attendance-status'
import { recordAudit } from './audit.server'
import type { StatisticsFilters } from './statistics-filters'
import { monthsOf, type Period } from './statistics-periods'
import type { Audience } from './vocabulary'

/*
 * The numbers management asks for, over a period and a set of filters. Every figure is one
 * SQL aggregate (GROUP BY) that runs the same on SQLite and PostgreSQL; nothing walks the
 * registrations in JavaScript.
 *
 * Definitions (docs/architecture.md, "Statistics", says the same):
 * - A session belongs to the period when it *starts* on one of the period's Prague days.
 * - Held: a session in the period that was not cancelled and has started (start < now).
 *   Cancelled: called off, whenever; upcoming: not cancelled and not started yet. Every figure
 *   below is about held sessions only.
 * - Seats offered: the capacity of held sessions (a walk-in admitted to a full session adds a
 *   seat, so the fill rate never passes 100 %).
 * - Bookings: registrations holding a seat (status confirmed), walk-ins included; walk-ins are
 *   also counted on their own. Fill rate = bookings / seats offered.
 * - Cancelled bookings: registrations the person or an organiser cancelled before the start.
 * - Waiting-list demand: people still on the waiting list when the session started (nobody is
 *   promoted once a session has begun, so they stay waitlisted).
 * - Attendance counts only sessions whose attendance the organiser closed: "expected" are the
 *   bookings there; each is present, late, excused, absent or unmarked. Attendance rate =
 *   (present + late) / expected; no-show rate = absent / expected; excused people are neither.
 * - Certificates: issued and not revoked, for people of held sessions in the period.
 * - Feedback: answers given for held sessions in the period (by session, so answers of
 *   anonymised bookings still count); average rating of those answers; response rate =
 *   answers / people asked (present or late on a session with attendance closed).
 * - Participants by type and by organisation: bookings and attendees (as above). Anonymised
 *   bookings count everywhere, except that their organisation is gone: they fall under
 *   "not stated or anonymised", with bookings that named none.
 * - Months are Prague calendar months, by the session's start.
 */

export type { StatisticsFilters }

export type StatisticsScope = {
  /** The organising bodies whose workshops count; undefined means all of them (admins). */
  organiserIds?: number[]
}

export type StatisticsQuery = {
  period: Period
  scope: StatisticsScope
  filters: StatisticsFilters
  now: Date
}

/** Counts that add up over months. */
export type Counts = {
  sessionsHeld: number
  sessionsCancelled: number
  sessionsUpcoming: number
  seatsOffered: number
  bookings: number
  walkIns: number
  cancelledBookings: number
  waitingListDemand: number
  sessionsWithAttendance: number
  expected: number
  present: number
  late: number
  excused: number
  absent: number
  unmarked: number
  certificatesIssued: number
  feedbackResponses: number
  feedbackRatingTotal: number
}

/** Shares from 0 to 1, or null when there is nothing to divide by. */
export type Rates = {
  fillRate: number | null
  attendanceRate: number | null
  noShowRate: number | null
  excusedRate: number | null
  feedbackAverage: number | null
  feedbackResponseRate: number | null
  /** Present or late on a session with attendance closed: the people trained, and those asked for feedback. */
  attended: number
}

export type Figures = Counts & Rates
export type MonthFigures = Figures & { month: string }

export const PARTICIPANT_GROUPS = [
  'teacher_ms',
  'teacher_zs',
  'teacher_ss',
  'teacher_vos',
  'teacher_unstated',
  'official',
  'other',
  'unstated',
] as const
export type ParticipantGroup = (typeof PARTICIPANT_GROUPS)[number]

export type GroupRow = { bookings: number; attended: number }
export type TypeRow = GroupRow & { group: ParticipantGroup }
/** `organisation` null: not stated, or anonymised. */
export type OrganisationRow = GroupRow & { organisation: string | null }

export type Statistics = {
  period: Period
  totals: Figures
  months: MonthFigures[]
  byType: TypeRow[]
  byOrganisation: OrganisationRow[]
}

const COUNT_KEYS = [
  'sessionsHeld',
  'sessionsCancelled',
  'sessionsUpcoming',
  'seatsOffered',
  'bookings',
  'walkIns',
  'cancelledBookings',
  'waitingListDemand',
  'sessionsWithAttendance',
  'expected',
  'present',
  'late',
  'excused',
  'absent',
  'unmarked',
  'certificatesIssued',
  'feedbackResponses',
  'feedbackRatingTotal',
] as const satisfies readonly (keyof Counts)[]

const zeroCounts = (): Counts => Object.fromEntries(COUNT_KEYS.map((k) => [k, 0])) as Counts

/** The UTC instants [start, end) of a period's Prague days. */
export function periodBounds(period: Period): { start: string; end: string } {
  return { start: pragueLocalToUtc(period.from, '00:00'), end: pragueLocalToUtc(addDays(period.to, 1), '00:00') }
}

type Eb = ExpressionBuilder<DB, 'sessions' | 'workshops'>

/** The audiences a workshop must have one of for the audience and school-level filters. */
function audiencesFor(filters: StatisticsFilters): Audience[][] {
  const sets: Audience[][] = []
  if (filters.audience === 'teacher') sets.push(['teacher_ms', 'teacher_zs', 'teacher_ss', 'teacher_vos'])
  else if (filters.audience) sets.push([filters.audience])
  if (filters.schoolLevel) sets.push([`teacher_${filters.schoolLevel}`])
  return sets
}

/** The sessions a query is about: in the period, in scope, through the filters. */
function sessionsOf(db: Db, { period, scope, filters }: StatisticsQuery) {
  const { start, end } = periodBounds(period)
  let query = db
    .selectFrom('sessions')
    .innerJoin('workshops', 'workshops.id', 'sessions.workshop_id')
    .where('sessions.starts_at', '>=', start)
    .where('sessions.starts_at', '<', end)
  if (scope.organiserIds !== undefined) {
    const ids = scope.organiserIds
    query = ids.length > 0 ? query.where('workshops.organiser_id', 'in', ids) : query.where(sql<boolean>`1 = 0`)
  }
  if (filters.organiserId !== undefined) query = query.where('workshops.organiser_id', '=', filters.organiserId)
  if (filters.workshopId !== undefined) query = query.where('sessions.workshop_id', '=', filters.workshopId)
  if (filters.topic) query = query.where('workshops.topic', '=', filters.topic)
  for (const audiences of audiencesFor(filters)) {
    query = query.where((eb: Eb) =>
      eb.exists(
        eb
          .selectFrom('workshop_audiences')
          .select(sql`1`.as('one'))
          .whereRef('workshop_audiences.workshop_id', '=', 'workshops.id')
          .where('workshop_audiences.audience', 'in', audiences),
      ),
    )
  }
  return query
}

/**
 * The Prague month of a session's start, as a CASE over the months' UTC bounds (portable, no
 * time-zone functions). Queries group by it as `group by 1`: PostgreSQL would not see that a
 * GROUP BY with its own parameters is the same expression as the selected one.
 */
function monthOfStart(months: string[]): RawBuilder<string> {
  const branches = months.slice(0, -1).map((month, i) => {
    const next = pragueMonthRange(months[i + 1]!).start
    return sql`when sessions.starts_at < ${next} then cast(${month} as text)`
  })
  const last = months[months.length - 1]!
  const lastMonth = sql`cast(${last} as text)`
  return branches.length === 0 ? sql<string>`${lastMonth}` : sql<string>`case ${sql.join(branches, sql` `)} else ${lastMonth} end`
}

const sum = (condition: RawBuilder<unknown>) => sql<number>`sum(case when ${condition} then 1 else 0 end)`
const sumOf = (condition: RawBuilder<unknown>, value: RawBuilder<unknown>) =>
  sql<number>`sum(case when ${condition} then ${value} else 0 end)`

/** Everything the dashboard shows for a period; see the definitions at the top of this file. */
export async function statistics(db: Db, query: StatisticsQuery): Promise<Statistics> {
  const months = monthsOf(query.period)
  const month = monthOfStart(months)
  const now = query.now.toISOString()
  const held = sql`(sessions.status = 'scheduled' and sessions.starts_at < ${now})`
  const closed = sql`sessions.attendance_closed_at is not null`
  const confirmed = sql`registrations.status = 'confirmed'`
  const attendedList = sql.join(ATTENDED.map((a) => sql`${a}`))
  const attended = sql`(${confirmed} and ${closed} and registrations.attendance in (${attendedList}))`
  const marked = (status: string) => sql`(${confirmed} and ${closed} and registrations.attendance = ${status})`

  const heldSessions = () =>
    sessionsOf(db, query).where('sessions.status', '=', 'scheduled').where('sessions.starts_at', '<', now)

  const [sessionRows, registrationRows, certificateRows, feedbackRows, typeRows, organisationRows] = await Promise.all([
    sessionsOf(db, query)
      .select([
        month.as('month'),
        sum(held).as('sessionsHeld'),
        sum(sql`sessions.status = 'cancelled'`).as('sessionsCancelled'),
        sum(sql`(sessions.status = 'scheduled' and sessions.starts_at >= ${now})`).as('sessionsUpcoming'),
        sumOf(held, sql`sessions.capacity`).as('seatsOffered'),
        sum(sql`(${held} and ${closed})`).as('sessionsWithAttendance'),
      ])
      .groupBy(sql`1`)
      .execute(),
    heldSessions()
      .innerJoin('registrations', 'registrations.session_id', 'sessions.id')
      .select([
        month.as('month'),
        sum(confirmed).as('bookings'),
        sum(sql`(${confirmed} and registrations.walk_in = 1)`).as('walkIns'),
        sum(sql`registrations.status = 'cancelled'`).as('cancelledBookings'),
        sum(sql`registrations.status = 'waitlisted'`).as('waitingListDemand'),
        sum(sql`(${confirmed} and ${closed})`).as('expected'),
        sum(marked('present')).as('present'),
        sum(marked('late')).as('late'),
        sum(marked('excused')).as('excused'),
        sum(marked('absent')).as('absent'),
        sum(sql`(${confirmed} and ${closed} and registrations.attendance is null)`).as('unmarked'),
      ])
      .groupBy(sql`1`)
      .execute(),
    heldSessions()
      .innerJoin('registrations', 'registrations.session_id', 'sessions.id')
      .innerJoin('certificates', 'certificates.registration_id', 'registrations.id')
      .where('certificates.revoked_at', 'is', null)
      .select([month.as('month'), sql<number>`count(*)`.as('certificatesIssued')])
      .groupBy(sql`1`)
      .execute(),
    heldSessions()
      .innerJoin('feedback_responses', 'feedback_responses.session_id', 'sessions.id')
      .select([
        month.as('month'),
        sql<number>`count(*)`.as('feedbackResponses'),
        sql<number>`sum(feedback_responses.rating)`.as('feedbackRatingTotal'),
      ])
      .groupBy(sql`1`)
      .execute(),
    heldSessions()
      .innerJoin('registrations', 'registrations.session_id', 'sessions.id')
      .where('registrations.status', '=', 'confirmed')
      .select([
        'registrations.participant_type',
        'registrations.school_level',
        sql<number>`count(*)`.as('bookings'),
        sum(attended).as('attended'),
      ])
      .groupBy(['registrations.participant_type', 'registrations.school_level'])
      .execute(),
    heldSessions()
      .innerJoin('registrations', 'registrations.session_id', 'sessions.id')
      .where('registrations.status', '=', 'confirmed')
      .select([organisationKey.as('organisation'), sql<number>`count(*)`.as('bookings'), sum(attended).as('attended')])
      .groupBy(sql`1`)
      .execute(),
  ])

  const byMonth = new Map(months.map((m) => [m, zeroCounts()]))
  for (const rows of [sessionRows, registrationRows, certificateRows, feedbackRows]) {
    for (const row of rows) {
      const counts = byMonth.get(row.month)
      if (!counts) continue
      for (const [key, value] of Object.entries(row)) if (key !== 'month') counts[key as keyof Counts] = Number(value ?? 0)
    }
  }
  const totals = zeroCounts()
  for (const counts of byMonth.values()) for (const key of COUNT_KEYS) totals[key] += counts[key]

  return {
    period: query.period,
    totals: withRates(totals),
    months: months.map((m) => ({ month: m, ...withRates(byMonth.get(m)!) })),
    byType: participantGroups(typeRows),
    byOrganisation: organisationRows
      .map((r) => ({ organisation: r.organisation, bookings: Number(r.bookings), attended: Number(r.attended ?? 0) }))
      .sort(
        (a, b) =>
          // "Not stated or anonymised" last; otherwise most bookings first, then by name.
          Number(a.organisation === null) - Number(b.organisation === null) ||
          b.bookings - a.bookings ||
          (a.organisation ?? '').localeCompare(b.organisation ?? '', 'cs'),
      ),
  }
}

/** The organisation a booking names, trimmed; null when it names none or was anonymised. */
const organisationKey = sql<
  string | null
>`case when registrations.anonymised_at is null then nullif(trim(registrations.organisation), '') end`

function ratio(part: number, whole: number): number | null {
  return whole > 0 ? part / whole : null
}

function withRates(c: Counts): Figures {
  const attended = c.present + c.late
  return {
    ...c,
    attended,
    fillRate: ratio(c.bookings, c.seatsOffered),
    attendanceRate: ratio(attended, c.expected),
    noShowRate: ratio(c.absent, c.expected),
    excusedRate: ratio(c.excused, c.expected),
    feedbackAverage: ratio(c.feedbackRatingTotal, c.feedbackResponses),
    feedbackResponseRate: ratio(c.feedbackResponses, attended),
  }
}

function groupOf(type: string | null, level: string | null): ParticipantGroup {
  if (type === 'teacher') return level ? (`teacher_${level}` as ParticipantGroup) : 'teacher_unstated'
  if (type === 'official' || type === 'other') return type
  return 'unstated'
}

/** Every group with its bookings and attendees; the two "unstated" groups only when someone is in them. */
function participantGroups(
  rows: { participant_type: string | null; school_level: string | null; bookings: number; attended: number | null }[],
): TypeRow[] {
  const counts = new Map<ParticipantGroup, GroupRow>(PARTICIPANT_GROUPS.map((g) => [g, { bookings: 0, attended: 0 }]))
  for (const row of rows) {
    const group = counts.get(groupOf(row.participant_type, row.school_level))!
    group.bookings += Number(row.bookings)
    group.attended += Number(row.attended ?? 0)
  }
  return PARTICIPANT_GROUPS.flatMap((group) => {
    const c = counts.get(group)!
    return (group === 'teacher_unstated' || group === 'unstated') && c.bookings === 0 ? [] : [{ group, ...c }]
  })
}

/** What the filters may name for someone with this scope: their bodies and those bodies' workshops. */
export async function statisticsChoices(db: Db, { scope }: { scope: StatisticsScope }) {
  if (scope.organiserIds !== undefined && scope.organiserIds.length === 0) return { bodies: [], workshops: [] }
  let bodies = db.selectFrom('organisers').select(['id', 'name'])
  let workshops = db.selectFrom('workshops').select(['id', 'title', 'organiser_id as organiserId'])
  if (scope.organiserIds !== undefined) {
    bodies = bodies.where('id', 'in', scope.organiserIds)
    workshops = workshops.where('organiser_id', 'in', scope.organiserIds)
  }
  const [bodyRows, workshopRows] = await Promise.all([bodies.execute(), workshops.execute()])
  const byName =
    <T>(name: (x: T) => string) =>
    (a: T, b: T) =>
      name(a).localeCompare(name(b), 'cs')
  return {
    bodies: bodyRows.sort(byName((b) => b.name)),
    workshops: workshopRows.sort(byName((w) => w.title)),
  }
}

/** A download of the organisations table, in the audit log (counts only), as other exports are. */
export async function recordStatisticsDownload(
  db: Db,
  {
    user,
    format,
    table,
    rows,
    now,
  }: { user: { id: number; email: string }; format: 'csv' | 'xlsx'; table: string; rows: number; now: Date },
): Promise<void> {
  await recordAudit(db, {
    actor: user,
    action: `export.${format}`,
    entityType: 'statistics',
    entityId: null,
    details: { table, rows },
    now,
  })
}
