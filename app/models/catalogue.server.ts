import type { SelectQueryBuilder } from 'kysely'
import type { Audience, DB, Session, Topic } from '../../db/schema'
import type { Db } from '~/utils/db.server'
import { pragueMonthKey, pragueMonthRange } from '~/utils/dates'
import { onlinePlatform } from '~/utils/places'
import { searchTerms } from '~/utils/search-text'
import { containsTerm } from '~/utils/sql-search.server'
import { ONLINE_PLACE, type CatalogueFilters } from './catalogue-filters'
import { seatToken } from './seat-token'
import { sessionAvailability, type Availability } from './session-availability'

export type SessionSummary = {
  id: number
  startsAt: string
  endsAt: string
  /**
   * The online link itself is for registered participants only, so it is not part of this;
   * `platform` names the meeting service it is on, where the link's host says so.
   */
  place: {
    venueName: string | null
    address: string | null
    room: string | null
    town: string | null
    online: boolean
    platform: string | null
  }
  capacity: number
  availability: Availability
}

export type CatalogueEntry = {
  slug: string
  title: string
  summary: string
  topic: Topic
  audiences: Audience[]
  lengthHours: number
  language: 'cs' | 'en'
  organiser: string
  nextSession: SessionSummary | null
  /** Upcoming sessions matching the filters, the next one included. */
  upcomingSessions: number
}

/** A catalogue entry as its card gets it: the next session's seats as a seat token (seat-token.ts). */
export type CatalogueCard = Omit<CatalogueEntry, 'nextSession'> & {
  nextSession: (Omit<SessionSummary, 'availability'> & { seats: string }) | null
}

export function catalogueCard({ nextSession, ...entry }: CatalogueEntry): CatalogueCard {
  if (!nextSession) return { ...entry, nextSession: null }
  const { availability, ...session } = nextSession
  return { ...entry, nextSession: { ...session, seats: seatToken(session.id, availability) } }
}

export const SESSION_COLUMNS = [
  'sessions.id',
  'sessions.workshop_id',
  'sessions.starts_at',
  'sessions.ends_at',
  'sessions.venue_name',
  'sessions.address',
  'sessions.room',
  'sessions.town',
  'sessions.online_url',
  'sessions.capacity',
  'sessions.confirmed_count',
  'sessions.waitlisted_count',
  'sessions.registration_opens_at',
  'sessions.registration_closes_at',
  'sessions.status',
] as const

type SessionRow = Pick<
  Session,
  | 'id'
  | 'workshop_id'
  | 'starts_at'
  | 'ends_at'
  | 'venue_name'
  | 'address'
  | 'room'
  | 'town'
  | 'online_url'
  | 'capacity'
  | 'confirmed_count'
  | 'waitlisted_count'
  | 'registration_opens_at'
  | 'registration_closes_at'
  | 'status'
>

export function summariseSession(row: SessionRow, now: Date): SessionSummary {
  return {
    id: row.id,
    startsAt: row.starts_at,
    endsAt: row.ends_at,
    place: {
      venueName: row.venue_name,
      address: row.address,
      room: row.room,
      town: row.town,
      online: row.online_url !== null,
      platform: onlinePlatform(row.online_url),
    },
    capacity: row.capacity,
    availability: sessionAvailability(row, now),
  }
}

/**
 * The public catalogue: published workshops matching the filters, each with its next
 * upcoming session. Workshops with a matching session come first, soonest first.
 */
export async function listCatalogue(
  db: Db,
  { filters, now }: { filters: CatalogueFilters; now: Date },
): Promise<CatalogueEntry[]> {
  const matches = await matchCatalogue(db, { filters, now, withCancelled: false })
  return matches.map(({ workshop: w, audiences, sessions }) => ({
    slug: w.slug,
    title: w.title,
    summary: w.summary,
    topic: w.topic,
    audiences,
    lengthHours: w.length_hours,
    language: w.language,
    organiser: w.organiser_name,
    nextSession: sessions[0]?.summary ?? null,
    upcomingSessions: sessions.length,
  }))
}

/** One workshop the filters match, with its upcoming sessions that match them, soonest first. */
export type CatalogueMatch = {
  workshop: Awaited<ReturnType<ReturnType<typeof catalogueWorkshops>['execute']>>[number]
  audiences: Audience[]
  sessions: { row: SessionRow; summary: SessionSummary }[]
}

/**
 * What the catalogue page and its JSON twin (catalogue-feed.server.ts) list, chosen the same
 * way: the workshop filters, then the session filters (month, place, free seats, and search
 * words found only in a session's place), and a workshop needs a matching scheduled session
 * when a session filter is set. With `withCancelled`, upcoming cancelled sessions in the month
 * are listed too (never with "free seats only"), but they neither make a workshop match nor
 * count for its order.
 */
export async function matchCatalogue(
  db: Db,
  { filters, now, withCancelled }: { filters: CatalogueFilters; now: Date; withCancelled: boolean },
): Promise<CatalogueMatch[]> {
  const workshops = await catalogueWorkshops(db, filters, now).orderBy('workshops.title').execute()
  if (workshops.length === 0) return []
  const ids = workshops.map((w) => w.id)

  let sessionQuery = sessionsMatching(
    db
      .selectFrom('sessions')
      .innerJoin('workshops', 'workshops.id', 'sessions.workshop_id')
      .select(SESSION_COLUMNS)
      .where('sessions.workshop_id', 'in', ids)
      .where('sessions.starts_at', '>', now.toISOString()),
    filters,
  )
  if (!withCancelled || filters.freeOnly) sessionQuery = sessionQuery.where('sessions.status', '=', 'scheduled')
  const [sessions, audiencesByWorkshop] = await Promise.all([
    sessionQuery.orderBy('sessions.starts_at').orderBy('sessions.id').execute(),
    audiencesOf(db, ids),
  ])

  const sessionsByWorkshop = new Map<number, CatalogueMatch['sessions']>()
  const nextByWorkshop = new Map<number, string>()
  for (const row of sessions) {
    const summary = summariseSession(row, now)
    // "Only with free seats" means a seat one could book now, not one behind a closed window.
    if (filters.freeOnly && summary.availability.state !== 'open') continue
    const list = sessionsByWorkshop.get(row.workshop_id) ?? []
    list.push({ row, summary })
    sessionsByWorkshop.set(row.workshop_id, list)
    if (row.status === 'scheduled' && !nextByWorkshop.has(row.workshop_id)) nextByWorkshop.set(row.workshop_id, row.starts_at)
  }

  const terms = searchTerms(filters.q)
  const needsSession = Boolean(filters.month || filters.place || filters.freeOnly)
  // A workshop found by a place ("turnov") is listed for its sessions there, so it needs one.
  const foundByText = (w: { search_text: string }) => terms.every((term) => w.search_text.includes(term))
  return workshops
    .filter((w) => (!needsSession && foundByText(w)) || nextByWorkshop.has(w.id))
    .map((w) => ({ workshop: w, audiences: audiencesByWorkshop.get(w.id) ?? [], sessions: sessionsByWorkshop.get(w.id) ?? [] }))
    .sort((a, b) => compareNullableLast(nextByWorkshop.get(a.workshop.id), nextByWorkshop.get(b.workshop.id)))
}

/** The catalogue's workshops matching the filters, with what the JSON catalogue adds to the page's columns. */
function catalogueWorkshops(db: Db, filters: Pick<CatalogueFilters, 'q' | 'topic' | 'audience'>, now: Date) {
  return matchingWorkshops(db, filters, now).select([
    'workshops.accreditation_ref',
    'organisers.website as organiser_website',
    'workshops.search_text',
  ])
}

/**
 * Published workshops matching the search, topic and audience (the catalogue and its calendar
 * feed). Each search word is in the workshop's text or in the place of one of its upcoming
 * sessions: "turnov" finds what takes place in Turnov. Which sessions match is
 * sessionsMatching's to say.
 */
export function matchingWorkshops(db: Db, filters: Pick<CatalogueFilters, 'q' | 'topic' | 'audience'>, now: Date) {
  let workshopQuery = publishedWorkshops(db)
  for (const term of searchTerms(filters.q)) {
    workshopQuery = workshopQuery.where((eb) =>
      eb.or([
        containsTerm('workshops.search_text', term),
        eb.exists(
          eb
            .selectFrom('sessions')
            .select('sessions.id')
            .whereRef('sessions.workshop_id', '=', 'workshops.id')
            .where('sessions.status', '=', 'scheduled')
            .where('sessions.starts_at', '>', now.toISOString())
            .where(containsTerm('sessions.place_search_text', term)),
        ),
      ]),
    )
  }
  if (filters.topic) workshopQuery = workshopQuery.where('workshops.topic', '=', filters.topic)
  if (filters.audience) {
    const audiences: Audience[] =
      filters.audience === 'teacher' ? ['teacher_ms', 'teacher_zs', 'teacher_ss', 'teacher_vos'] : [filters.audience]
    workshopQuery = workshopQuery.where((eb) =>
      eb.exists(
        eb
          .selectFrom('workshop_audiences')
          .select('workshop_audiences.workshop_id')
          .whereRef('workshop_audiences.workshop_id', '=', 'workshops.id')
          .where('workshop_audiences.audience', 'in', audiences),
      ),
    )
  }
  return workshopQuery
}

/**
 * The sessions (with their workshop joined) that the search, month and place filters match:
 * each search word is in the workshop's text or the session's place, so "kyberneticka turnov"
 * finds the cybersecurity sessions in Turnov and not those elsewhere.
 */
export function sessionsMatching<O>(
  query: SelectQueryBuilder<DB, 'sessions' | 'workshops', O>,
  filters: Pick<CatalogueFilters, 'q' | 'month' | 'place'>,
): SelectQueryBuilder<DB, 'sessions' | 'workshops', O> {
  let matching = query
  for (const term of searchTerms(filters.q)) {
    matching = matching.where((eb) =>
      eb.or([containsTerm('workshops.search_text', term), containsTerm('sessions.place_search_text', term)]),
    )
  }
  if (filters.month) {
    const { start, end } = pragueMonthRange(filters.month)
    matching = matching.where('sessions.starts_at', '>=', start).where('sessions.starts_at', '<', end)
  }
  if (filters.place === ONLINE_PLACE) matching = matching.where('sessions.online_url', 'is not', null)
  else if (filters.place) matching = matching.where('sessions.town', '=', filters.place)
  return matching
}

export type CataloguePlaces = {
  /** Towns with an upcoming session, in Czech alphabetical order. */
  towns: string[]
  /** Whether an upcoming session is online. */
  online: boolean
}

/** Where upcoming sessions of published workshops take place, for the place filter. */
export async function listCataloguePlaces(db: Db, { now }: { now: Date }): Promise<CataloguePlaces> {
  const rows = await db
    .selectFrom('sessions')
    .innerJoin('workshops', 'workshops.id', 'sessions.workshop_id')
    .select(['sessions.town', (eb) => eb('sessions.online_url', 'is not', null).as('online')])
    .distinct()
    .where('workshops.published', '=', 1)
    .where('sessions.status', '=', 'scheduled')
    .where('sessions.starts_at', '>', now.toISOString())
    .execute()
  const collator = new Intl.Collator('cs')
  const towns = [...new Set(rows.flatMap((r) => (r.town ? [r.town] : [])))].sort(collator.compare)
  return { towns, online: rows.some((r) => Boolean(r.online)) }
}

/** Prague months that have an upcoming session of a published workshop, for the month filter. */
export async function listCatalogueMonths(db: Db, { now }: { now: Date }): Promise<string[]> {
  const rows = await db
    .selectFrom('sessions')
    .innerJoin('workshops', 'workshops.id', 'sessions.workshop_id')
    .select('sessions.starts_at')
    .where('workshops.published', '=', 1)
    .where('sessions.status', '=', 'scheduled')
    .where('sessions.starts_at', '>', now.toISOString())
    .orderBy('sessions.starts_at')
    .execute()
  return [...new Set(rows.map((r) => pragueMonthKey(r.starts_at)))].slice(0, 24)
}

/** Published workshops with their organiser's name: what every public page starts from. */
export function publishedWorkshops(db: Db) {
  return db
    .selectFrom('workshops')
    .innerJoin('organisers', 'organisers.id', 'workshops.organiser_id')
    .select([
      'workshops.id',
      'workshops.slug',
      'workshops.title',
      'workshops.summary',
      'workshops.topic',
      'workshops.length_hours',
      'workshops.language',
      'organisers.name as organiser_name',
    ])
    .where('workshops.published', '=', 1)
}

const AUDIENCE_ORDER: Audience[] = ['teacher_ms', 'teacher_zs', 'teacher_ss', 'teacher_vos', 'official', 'public']

/** Each workshop's audiences, in the order the filters list them. */
export async function audiencesOf(db: Db, workshopIds: number[]): Promise<Map<number, Audience[]>> {
  const rows = await db
    .selectFrom('workshop_audiences')
    .select(['workshop_id', 'audience'])
    .where('workshop_id', 'in', workshopIds)
    .execute()
  const byWorkshop = new Map<number, Audience[]>()
  for (const row of rows) byWorkshop.set(row.workshop_id, [...(byWorkshop.get(row.workshop_id) ?? []), row.audience])
  for (const list of byWorkshop.values()) list.sort((a, b) => AUDIENCE_ORDER.indexOf(a) - AUDIENCE_ORDER.indexOf(b))
  return byWorkshop
}

function compareNullableLast(a: string | undefined, b: string | undefined): number {
  if (a === b) return 0
  if (a === undefined) return 1
  if (b === undefined) return -1
  return a < b ? -1 : 1
}

/** Sessions' availability now, by id, as the catalogue computes it; a session gone is left out. */
export async function sessionSeats(db: Db, ids: number[], now: Date): Promise<Map<number, Availability>> {
  if (ids.length === 0) return new Map()
  const rows = await db
    .selectFrom('sessions')
    .select([
      'id',
      'starts_at',
      'status',
      'capacity',
      'confirmed_count',
      'waitlisted_count',
      'registration_opens_at',
      'registration_closes_at',
    ])
    .where('id', 'in', ids)
    .execute()
  return new Map(rows.map((row) => [row.id, sessionAvailability(row, now)]))
}
