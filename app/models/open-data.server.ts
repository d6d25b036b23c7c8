import type { Db } from '~/utils/db.server'
import { pragueDateKey } from '~/utils/dates'
import { SUPPRESSION_THRESHOLD, type OpenDatasetId } from './open-data'
import { PARTICIPANT_GROUPS, statistics, type Statistics } from './statistics.server'
import type { Period } from './statistics-periods'

/*
 * The rows of the open datasets, from the same statistics the dashboard shows, so the figures
 * agree to the unit. Each organising body is its own scope; years and months follow Prague.
 */

export type OpenDataValue = string | number | null
export type OpenDataRow = Record<string, OpenDataValue>

type Body = { id: number; name: string; firstDay: string }

/** Every body that has had a session, with the Prague day of its first one. */
async function bodies(db: Db): Promise<Body[]> {
  const rows = await db
    .selectFrom('organisers')
    .innerJoin('workshops', 'workshops.organiser_id', 'organisers.id')
    .innerJoin('sessions', 'sessions.workshop_id', 'workshops.id')
    .select(['organisers.id', 'organisers.name', (eb) => eb.fn.min('sessions.starts_at').as('first_start')])
    .groupBy(['organisers.id', 'organisers.name'])
    .orderBy('organisers.id')
    .execute()
  return rows.map((r) => ({ id: r.id, name: r.name, firstDay: pragueDateKey(String(r.first_start)) }))
}

/** Calendar years from the first session to today, each as a period (the last one up to today). */
function years(firstDay: string, today: string): { year: string; period: Period }[] {
  const list: { year: string; period: Period }[] = []
  for (let y = Number(firstDay.slice(0, 4)); y <= Number(today.slice(0, 4)); y++) {
    list.push({ year: String(y), period: { from: `${y}-01-01`, to: `${y}-12-31` } })
  }
  return list
}

const withheld = (n: number): number | null => (n > 0 && n < SUPPRESSION_THRESHOLD ? null : n)
const rounded = (value: number | null, digits = 4): number | null =>
  value === null ? null : Math.round(value * 10 ** digits) / 10 ** digits

export async function openDataRows(db: Db, { id, now }: { id: OpenDatasetId; now: Date }): Promise<OpenDataRow[]> {
  const today = pragueDateKey(now.toISOString())
  const rows: OpenDataRow[] = []
  for (const body of await bodies(db)) {
    const scope = { organiserIds: [body.id] }
    const organiser = { organiser_id: body.id, organiser: body.name }
    if (id === 'workshops-monthly') {
      const stats = await statistics(db, {
        period: { from: `${body.firstDay.slice(0, 7)}-01`, to: today },
        scope,
        filters: {},
        now,
      })
      rows.push(...monthlyRows(stats, organiser))
      continue
    }
    for (const { year, period } of years(body.firstDay, today)) {
      const stats = await statistics(db, { period, scope, filters: {}, now })
      if (id === 'participants-by-type') {
        for (const group of PARTICIPANT_GROUPS) {
          const row = stats.byType.find((r) => r.group === group)
          if (!row || row.bookings === 0) continue
          const bookings = withheld(row.bookings)
          // Withheld bookings withhold attendance too: "none of them came" would say something about each.
          const attended = bookings === null ? null : withheld(row.attended)
          rows.push({ year, ...organiser, participant_type: group, bookings, attended })
        }
      } else {
        for (const row of stats.byOrganisation) {
          // A school or office with fewer than five people would name them: the whole row is withheld.
          if (row.bookings < SUPPRESSION_THRESHOLD) continue
          rows.push({
            year,
            ...organiser,
            organisation: row.organisation,
            bookings: row.bookings,
            attended: withheld(row.attended),
          })
        }
      }
    }
  }
  return rows
}

function monthlyRows(stats: Statistics, organiser: { organiser_id: number; organiser: string }): OpenDataRow[] {
  return stats.months
    .filter((m) => m.sessionsHeld + m.sessionsCancelled > 0)
    .map((m) => ({
      month: m.month,
      ...organiser,
      sessions_held: m.sessionsHeld,
      sessions_cancelled: m.sessionsCancelled,
      seats_offered: m.seatsOffered,
      bookings: m.bookings,
      walk_ins: m.walkIns,
      cancelled_bookings: m.cancelledBookings,
      waiting_list_demand: m.waitingListDemand,
      expected: m.expected,
      attended: m.attended,
      excused: m.excused,
      absent: m.absent,
      certificates_issued: m.certificatesIssued,
      feedback_responses: m.feedbackResponses,
      fill_rate: rounded(m.fillRate),
      attendance_rate: rounded(m.attendanceRate),
      no_show_rate: rounded(m.noShowRate),
      // An average of fewer answers would tell what one person said.
      feedback_average: m.feedbackResponses >= SUPPRESSION_THRESHOLD ? rounded(m.feedbackAverage, 2) : null,
    }))
}
