import { sql, type Insertable, type Kysely } from 'kysely'
import type { Audience, DB, ParticipantType, RegistrationTable, SchoolLevel, Topic } from '../../db/schema'
import { writeTransaction } from '~/utils/db.server'

/*
 * A bench fixture, not a test fixture: a national-scale database (by default 10,000 sessions
 * and 100,000 registrations) written fast with batch inserts inside write transactions,
 * bypassing the booking path and its e-mail. The counters are kept consistent
 * (confirmed_count and waitlisted_count match the rows; capacity holds every confirmed seat);
 * certificates and feedback are written by INSERT … SELECT from the attendance. Random but
 * repeatable (a seeded generator).
 */

const DAY_MS = 86_400_000

/** mulberry32: small, fast, seeded. */
function random(seed: number) {
  let a = seed
  return () => {
    a = (a + 0x6d2b79f5) | 0
    let t = Math.imul(a ^ (a >>> 15), 1 | a)
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296
  }
}

const TOPICS: Topic[] = ['data_literacy', 'cybersecurity', 'open_data', 'other']
const AUDIENCE_SETS: Audience[][] = [
  ['teacher_zs', 'teacher_ss'],
  ['official'],
  ['teacher_ms', 'teacher_zs'],
  ['official', 'public'],
  ['teacher_vos'],
]
const TYPES: { type: ParticipantType; level: SchoolLevel | null }[] = [
  { type: 'teacher', level: 'ms' },
  { type: 'teacher', level: 'zs' },
  { type: 'teacher', level: 'zs' },
  { type: 'teacher', level: 'ss' },
  { type: 'teacher', level: 'vos' },
  { type: 'official', level: null },
  { type: 'official', level: null },
  { type: 'other', level: null },
]

export type LargeFixture = { organisers: number; workshops: number; sessions: number; registrations: number }

export async function buildLargeFixture(
  db: Kysely<DB>,
  {
    now,
    sessions = 10_000,
    registrations = 100_000,
    bodies = 20,
    workshopsPerBody = 10,
  }: {
    now: Date
    sessions?: number
    registrations?: number
    bodies?: number
    workshopsPerBody?: number
  },
): Promise<LargeFixture> {
  const next = random(20261207)
  const nowIso = now.toISOString()
  const organisations = Array.from({ length: 500 }, (_, i) => `Organizace č. ${i + 1}`)

  const workshopIds: number[] = []
  await writeTransaction(db, async (trx) => {
    for (let b = 0; b < bodies; b++) {
      const { id: organiserId } = await trx
        .insertInto('organisers')
        .values({ name: `Pořadatel ${b + 1}`, email: `poradatel${b + 1}@bench.example`, created_at: nowIso })
        .returning('id')
        .executeTakeFirstOrThrow()
      for (let w = 0; w < workshopsPerBody; w++) {
        const n = b * workshopsPerBody + w
        const { id } = await trx
          .insertInto('workshops')
          .values({
            slug: `bench-${n}`,
            title: `Workshop ${n}`,
            summary: 'Bench',
            description_md: 'Bench',
            topic: TOPICS[n % TOPICS.length]!,
            length_hours: 3,
            language: 'cs',
            organiser_id: organiserId,
            published: 1,
            search_text: `workshop ${n}`,
            created_at: nowIso,
            updated_at: nowIso,
          })
          .returning('id')
          .executeTakeFirstOrThrow()
        await trx
          .insertInto('workshop_audiences')
          .values(AUDIENCE_SETS[n % AUDIENCE_SETS.length]!.map((audience) => ({ workshop_id: id, audience })))
          .execute()
        workshopIds.push(id)
      }
    }
  })

  // Sessions over the last two years and the next two months; registrations spread over them.
  const perSession = registrations / sessions
  let written = 0
  for (let first = 0; first < sessions; first += 500) {
    await writeTransaction(db, async (trx) => {
      const batch = Array.from({ length: Math.min(500, sessions - first) }, (_, i) => {
        const index = first + i
        const startsAt = new Date(now.getTime() - 730 * DAY_MS + (790 * DAY_MS * index) / sessions + (next() - 0.5) * DAY_MS)
        const cancelled = next() < 0.08
        const past = startsAt < now
        const bookings = Math.round(perSession * (index + 1)) - Math.round(perSession * index)
        return { index, startsAt, cancelled, past, bookings, closed: past && !cancelled && next() < 0.8 }
      })
      const rows = await trx
        .insertInto('sessions')
        .values(
          batch.map((s) => ({
            workshop_id: workshopIds[s.index % workshopIds.length]!,
            starts_at: s.startsAt.toISOString(),
            ends_at: new Date(s.startsAt.getTime() + 3 * 3_600_000).toISOString(),
            venue_name: 'Krajský úřad',
            capacity: Math.max(1, Math.round(s.bookings * 0.9)),
            status: s.cancelled ? ('cancelled' as const) : ('scheduled' as const),
            attendance_closed_at: s.closed ? new Date(s.startsAt.getTime() + 4 * 3_600_000).toISOString() : null,
            created_at: nowIso,
            updated_at: nowIso,
          })),
        )
        .returning(['id', 'capacity'])
        .execute()
      const people: Insertable<RegistrationTable>[] = []
      const counts: { id: number; confirmed: number; waitlisted: number }[] = []
      batch.forEach((s, i) => {
        const { id, capacity } = rows[i]!
        let confirmed = 0
        let waitlisted = 0
        for (let p = 0; p < s.bookings; p++) {
          const who = TYPES[Math.floor(next() * TYPES.length)]!
          const roll = next()
          const walkIn = s.past && roll > 0.97
          let status: 'confirmed' | 'waitlisted' | 'cancelled' =
            roll < 0.07 ? 'cancelled' : confirmed < capacity || walkIn ? 'confirmed' : 'waitlisted'
          if (status === 'confirmed' && confirmed >= capacity && !walkIn) status = 'waitlisted'
          if (status === 'confirmed') confirmed++
          if (status === 'waitlisted') waitlisted++
          const mark = next()
          const attendance =
            status === 'confirmed' && s.closed
              ? mark < 0.75
                ? ('present' as const)
                : mark < 0.82
                  ? ('late' as const)
                  : mark < 0.9
                    ? ('excused' as const)
                    : mark < 0.98
                      ? ('absent' as const)
                      : null
              : null
          const anonymised = s.past && next() < 0.05
          const email = anonymised ? '' : `p${s.index}-${p}@bench.example`
          people.push({
            session_id: id,
            full_name: anonymised ? '' : `Účastník ${s.index}-${p}`,
            email,
            email_normalized: anonymised ? null : email,
            organisation: anonymised ? null : organisations[Math.floor(next() * organisations.length)]!,
            participant_type: who.type,
            school_level: who.level,
            locale: 'cs' as const,
            status,
            walk_in: walkIn ? 1 : 0,
            attendance,
            attendance_marked_at: attendance ? s.startsAt.toISOString() : null,
            confirmed_at: status === 'confirmed' ? nowIso : null,
            cancelled_at: status === 'cancelled' ? nowIso : null,
            anonymised_at: anonymised ? nowIso : null,
            created_at: nowIso,
            updated_at: nowIso,
          })
        }
        // A walk-in on a full session adds a seat, as addParticipant does.
        counts.push({ id, confirmed, waitlisted })
      })
      for (let i = 0; i < people.length; i += 500)
        await trx
          .insertInto('registrations')
          .values(people.slice(i, i + 500))
          .execute()
      for (const c of counts) {
        await trx
          .updateTable('sessions')
          .set({
            confirmed_count: c.confirmed,
            waitlisted_count: c.waitlisted,
            capacity: sql<number>`case when capacity < ${c.confirmed} then ${c.confirmed} else capacity end`,
          })
          .where('id', '=', c.id)
          .execute()
      }
      written += people.length
    })
  }

  await writeTransaction(db, async (trx) => {
    // A certificate for everyone present or late on a closed session; every 50th revoked.
    await sql`insert into certificates (registration_id, code, issued_at, revoked_at)
      select r.id, 'B' || r.id, s.attendance_closed_at, case when r.id % 50 = 0 then s.attendance_closed_at end
      from registrations r join sessions s on s.id = r.session_id
      where r.status = 'confirmed' and r.attendance in ('present', 'late') and s.attendance_closed_at is not null`.execute(trx)
    // A third of them answer; anonymised ones lose the link to the booking.
    await sql`insert into feedback_responses (registration_id, session_id, rating, created_at, updated_at)
      select case when r.anonymised_at is null then r.id end, r.session_id, 1 + r.id % 5, s.attendance_closed_at, s.attendance_closed_at
      from registrations r join sessions s on s.id = r.session_id
      where r.status = 'confirmed' and r.attendance in ('present', 'late') and s.attendance_closed_at is not null and r.id % 3 = 0`.execute(
      trx,
    )
  })
  return { organisers: bodies, workshops: workshopIds.length, sessions, registrations: written }
}
