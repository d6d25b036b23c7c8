import type { Audience, Session, Topic } from '../../db/schema'
import type { Db } from '~/utils/db.server'
import { pragueMonthKey, pragueMonthRange } from '~/utils/dates'
import { searchTerms } from '~/utils/search-text'
import { containsTerm } from '~/utils/sql-search.server'
import type { CatalogueFilters } from './catalogue-filters'
import { sessionAvailability, type Availability } from './session-availability'

export type SessionSummary = {
  id: number
  startsAt: string
  endsAt: string
  /** The online link itself is for registered participants only, so it is not part of this. */
  place: { venueName: string | null; address: string | null; room: string | null; online: boolean }
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

const SESSION_COLUMNS = [
  'sessions.id',
  'sessions.workshop_id',
  'sessions.starts_at',
  'sessions.ends_at',
  'sessions.venue_name',
  'sessions.address',
  'sessions.room',
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
    place: { venueName: row.venue_name, address: row.address, room: row.room, online: row.online_url !== null },
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
 * way: the workshop filters, then the session filters (month, free seats), and a workshop
 * needs a matching scheduled session when a session filter is set. With `withCancelled`,
 * upcoming cancelled sessions in the month are listed too (never with "free seats only"), but
 * they neither make a workshop match nor count for its order.
 */
export async function matchCatalogue(
  db: Db,
  { filters, now, withCancelled }: { filters: CatalogueFilters; now: Date; withCancelled: boolean },
): Promise<CatalogueMatch[]> {
  const workshops = await catalogueWorkshops(db, filters).orderBy('workshops.title').execute()
  if (workshops.length === 0) return []
  const ids = workshops.map((w) => w.id)

  let sessionQuery = db
    .selectFrom('sessions')
    .select(SESSION_COLUMNS)
    .where('sessions.workshop_id', 'in', ids)
    .where('sessions.starts_at', '>', now.toISOString())
  if (!withCancelled || filters.freeOnly) sessionQuery = sessionQuery.where('sessions.status', '=', 'scheduled')
  if (filters.month) {
    const { start, end } = pragueMonthRange(filters.month)
    sessionQuery = sessionQuery.where('sessions.starts_at', '>=', start).where('sessions.starts_at', '<', end)
  }
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

  const needsSession = Boolean(filters.month || filters.freeOnly)
  return workshops
    .filter((w) => !needsSession || nextByWorkshop.has(w.id))
    .map((w) => ({ workshop: w, audiences: audiencesByWorkshop.get(w.id) ?? [], sessions: sessionsByWorkshop.get(w.id) ?? [] }))
    .sort((a, b) => compareNullableLast(nextByWorkshop.get(a.workshop.id), nextByWorkshop.get(b.workshop.id)))
}

/** The catalogue's workshops matching the filters, with what the JSON catalogue adds to the page's columns. */
function catalogueWorkshops(db: Db, filters: Pick<CatalogueFilters, 'q' | 'topic' | 'audience'>) {
  return matchingWorkshops(db, filters).select(['workshops.accreditation_ref', 'organisers.website as organiser_website'])
}

/** Published workshops matching the search, topic and audience (the catalogue and its calendar feed). */
export function matchingWorkshops(db: Db, filters: Pick<CatalogueFilters, 'q' | 'topic' | 'audience'>) {
  let workshopQuery = publishedWorkshops(db)
  for (const term of searchTerms(filters.q)) {
    workshopQuery = workshopQuery.where(containsTerm('workshops.search_text', term))
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
