import { randomUUID } from 'node:crypto'
import type { Kysely } from 'kysely'
import { createWorkshop } from '~/models/workshops.server'
import { newCheckInCode } from '~/utils/codes.server'
import { addDays, pragueDateKey, pragueLocalToUtc } from '~/utils/dates'
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
  const timestamp = now.toISOString()
  await db.transaction().execute(async (trx) => {
    const organiserIds = new Map<string, number>()
    for (const organiser of demoOrganisers) {
      const { id } = await trx
        .insertInto('organisers')
        .values({ name: organiser.name, email: organiser.email, website: organiser.website, created_at: timestamp })
        .returning('id')
        .executeTakeFirstOrThrow()
      organiserIds.set(organiser.key, id)
    }

    let participant = 0
    for (const workshop of demoWorkshops) {
      const workshopId = await createWorkshop(trx, { ...workshop, organiserId: organiserIds.get(workshop.organiser)! }, now)
      for (const session of workshop.sessions) {
        const sessionId = await insertDemoSession(trx, workshopId, session, today, timestamp)
        const people = [
          ...Array.from({ length: session.confirmed }, () => 'confirmed' as const),
          ...Array.from({ length: session.waitlisted ?? 0 }, () => 'waitlisted' as const),
        ]
        if (people.length === 0) continue
        await trx
          .insertInto('registrations')
          .values(
            people.map((status, index) => {
              const { participantType, schoolLevel, ...person } = demoPerson(participant++)
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
                confirmed_at: status === 'confirmed' ? bookedAt : null,
                created_at: bookedAt,
                updated_at: bookedAt,
              }
            }),
          )
          .execute()
      }
    }
    await seedDemoWorksheets(trx, now)
  })
}

async function insertDemoSession(
  db: Kysely<DB>,
  workshopId: number,
  session: DemoSession,
  today: string,
  timestamp: string,
): Promise<number> {
  const day = addDays(today, session.inDays)
  const startsAt = pragueLocalToUtc(day, session.start)
  const place = demoPlaces[session.place]
  const { id } = await db
    .insertInto('sessions')
    .values({
      workshop_id: workshopId,
      starts_at: startsAt,
      ends_at: pragueLocalToUtc(day, session.end),
      venue_name: 'venueName' in place ? place.venueName : null,
      address: 'address' in place ? place.address : null,
      room: 'room' in place ? place.room : null,
      online_url: 'onlineUrl' in place ? place.onlineUrl : null,
      capacity: session.capacity,
      confirmed_count: session.confirmed,
      waitlisted_count: session.waitlisted ?? 0,
      registration_opens_at:
        session.opensInDays !== undefined ? pragueLocalToUtc(addDays(today, session.opensInDays), '08:00') : null,
      // Booking closes the evening before, when organisers print the attendance sheet.
      registration_closes_at: pragueLocalToUtc(addDays(day, -1), '20:00'),
      status: session.cancelled ? 'cancelled' : 'scheduled',
      created_at: timestamp,
      updated_at: timestamp,
    })
    .returning('id')
    .executeTakeFirstOrThrow()
  return id
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
