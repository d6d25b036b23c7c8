import { randomUUID } from 'node:crypto'
import type { Kysely } from 'kysely'
import { setRole, type SignedInUser } from '~/models/auth.server'
import { cancelSession, createSession, type SessionFormData } from '~/models/organiser-sessions.server'
import { CURRENT_CONSENT_VERSION } from '~/models/consent'
import { saveWorkshop } from '~/models/organiser-workshops.server'
import { newCheckInCode } from '~/utils/codes.server'
import { addDays, pragueDateKey } from '~/utils/dates'
import { writeTransaction } from '~/utils/db.server'
import type { DB } from '../schema'
import { seedDemoWorksheets } from './demo-worksheets'
import {
  demoFirstNames,
  demoOrganisations,
  demoOrganisers,
  demoPlaces,
  demoSurnames,
  demoWorkshops,
  type DemoSession,
} from './demo-workshops'

export type SeedMode = 'demo' | 'none'

/*
 * The demo catalogue is written the way organisers write theirs: workshops with saveWorkshop,
 * sessions with createSession, worksheets with createWorksheets, by an admin made the way
 * `npm run create-admin` makes one. The admin's address cannot receive mail, and the role is
 * given back when the seed is done, so the seed leaves nobody who can sign in as an admin.
 */
const SEEDER = { email: 'demo-seed@demo.invalid', name: 'Demo data' }
/** Where links would point; nothing the seed does sends mail, so no link is ever made. */
const DEMO_URL = 'https://demo.invalid'

/** Seeds the demo catalogue when the database has no workshops yet; returns whether it did. */
export async function seedIfEmpty(db: Kysely<DB>, mode: SeedMode, now: Date): Promise<boolean> {
  if (mode === 'none') return false
  const existing = await db.selectFrom('workshops').select('id').limit(1).executeTakeFirst()
  if (existing) return false
  await seedDemoCatalogue(db, now)
  return true
}

export async function seedDemoCatalogue(db: Kysely<DB>, now: Date): Promise<void> {
  const today = pragueDateKey(now.toISOString())
  const seeder = await asAdmin(db, now)
  const organiserIds = await insertDemoOrganisers(db, now)

  let participant = 0
  for (const { organiser, sessions, ...workshop } of demoWorkshops) {
    const saved = await saveWorkshop(db, {
      input: { ...workshop, organiserId: organiserIds.get(organiser)!, accreditationRef: '', requiresBirthDate: false },
      user: seeder,
      now,
    })
    if (saved.kind !== 'saved') throw new Error(`demo workshop ${workshop.slug}: ${saved.kind}`)
    for (const session of sessions) {
      const created = await createSession(db, {
        workshopId: saved.id,
        input: demoSessionForm(session, today),
        user: seeder,
        now,
      })
      if (created.kind !== 'created') throw new Error(`demo session of ${workshop.slug}: ${created.kind}`)
      // Called off before anyone is seated, so no cancellation e-mail is queued for demo people.
      if (session.cancelled) await cancelSession(db, { sessionId: created.id, message: '', user: seeder, now, appUrl: DEMO_URL })
      participant = await seatDemoPeople(db, { sessionId: created.id, session, firstParticipant: participant, now })
    }
  }
  await seedDemoWorksheets(db, { user: seeder, now })
  await setRole(db, { email: SEEDER.email, role: 'participant', actor: null, now })
}

async function asAdmin(db: Kysely<DB>, now: Date): Promise<SignedInUser> {
  const user = await setRole(db, { ...SEEDER, role: 'admin', actor: null, now })
  return { id: user.id, email: user.email, name: user.name, role: user.role, organiserIds: [] }
}

/** Organising bodies have no form in the app; the seed is the only place that makes them. */
async function insertDemoOrganisers(db: Kysely<DB>, now: Date): Promise<Map<string, number>> {
  const ids = new Map<string, number>()
  for (const organiser of demoOrganisers) {
    const { id } = await db
      .insertInto('organisers')
      .values({ name: organiser.name, email: organiser.email, website: organiser.website, created_at: now.toISOString() })
      .returning('id')
      .executeTakeFirstOrThrow()
    ids.set(organiser.key, id)
  }
  return ids
}

/** The session form as an organiser would fill it in, for a session some days from today. */
function demoSessionForm(session: DemoSession, today: string): SessionFormData {
  const day = addDays(today, session.inDays)
  const place = demoPlaces[session.place]
  const online = 'onlineUrl' in place
  return {
    date: day,
    startTime: session.start,
    endTime: session.end,
    mode: online ? 'online' : 'place',
    venueName: online ? '' : place.venueName,
    address: online ? '' : place.address,
    // As an organiser leaves it: the town comes from the address.
    town: '',
    room: online ? '' : (place.room ?? ''),
    onlineUrl: online ? place.onlineUrl : '',
    capacity: session.capacity,
    opensDate: session.opensInDays !== undefined ? addDays(today, session.opensInDays) : '',
    opensTime: session.opensInDays !== undefined ? '08:00' : '',
    // Booking closes the evening before, when organisers print the attendance sheet.
    closesDate: addDays(day, -1),
    closesTime: '20:00',
    lecturer: '',
    releaseUnconfirmed: false,
    message: '',
  }
}

/**
 * The session's bookings, written directly rather than through registerForSession: that would
 * queue a confirmation e-mail to every demo person (which the demo server would then send),
 * and it rightly refuses the past and cancelled sessions whose bookings the demo shows. The
 * seat counters are kept in step with the rows, in the same transaction.
 */
async function seatDemoPeople(
  db: Kysely<DB>,
  { sessionId, session, firstParticipant, now }: { sessionId: number; session: DemoSession; firstParticipant: number; now: Date },
): Promise<number> {
  const people = [
    ...Array.from({ length: session.confirmed }, () => 'confirmed' as const),
    ...Array.from({ length: session.waitlisted ?? 0 }, () => 'waitlisted' as const),
  ]
  if (people.length === 0) return firstParticipant
  await writeTransaction(db, async (trx) => {
    await trx
      .insertInto('registrations')
      .values(
        people.map((status, index) => {
          const { participantType, schoolLevel, ...person } = demoPerson(firstParticipant + index)
          // Spread booking times so the waiting list has an order.
          const bookedAt = new Date(now.getTime() - (people.length - index) * 3_600_000).toISOString()
          return {
            session_id: sessionId,
            ...person,
            email_normalized: person.email,
            participant_type: participantType,
            school_level: schoolLevel,
            status,
            invite_uid: `${randomUUID()}@demo.invalid`,
            check_in_code: newCheckInCode(),
            consent_at: bookedAt,
            consent_version: CURRENT_CONSENT_VERSION,
            confirmed_at: status === 'confirmed' ? bookedAt : null,
            created_at: bookedAt,
            updated_at: bookedAt,
          }
        }),
      )
      .execute()
    await trx
      .updateTable('sessions')
      .set({ confirmed_count: session.confirmed, waitlisted_count: session.waitlisted ?? 0 })
      .where('id', '=', sessionId)
      .execute()
  })
  return firstParticipant + people.length
}

function demoPerson(n: number) {
  const first = demoFirstNames[n % demoFirstNames.length]!
  const [female, male] = demoSurnames[Math.floor(n / demoFirstNames.length) % demoSurnames.length]!
  // Even-indexed first names in the list are women's.
  const surname = (n % demoFirstNames.length) % 2 === 0 ? female : male
  const ascii = `${first}.${surname}`.normalize('NFD').replace(/\p{M}/gu, '').toLowerCase()
  const organisation = demoOrganisations[n % demoOrganisations.length]!
  const school = /^(ZŠ|MŠ|SPŠ|Gymnázium|VOŠ)/.exec(organisation)?.[1]
  const level = school === 'MŠ' ? 'ms' : school === 'ZŠ' ? 'zs' : school === 'VOŠ' ? 'vos' : school ? 'ss' : null
  return {
    full_name: `${first} ${surname}`,
    email: `${ascii}.${n}@demo.example`,
    organisation,
    participantType: level ? ('teacher' as const) : ('official' as const),
    schoolLevel: level as 'ms' | 'zs' | 'ss' | 'vos' | null,
  }
}
