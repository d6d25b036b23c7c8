import type { Kysely } from 'kysely'
import type { DB, SessionStatus } from '../../db/schema'
import { writeTransaction, type Db } from '~/utils/db.server'
import { hashToken, looksLikeToken, newToken } from '~/utils/tokens.server'
import type { CatalogueFilters } from './catalogue-filters'
import { matchingWorkshops, publishedWorkshops, sessionsMatching } from './catalogue.server'
import { sessionAvailability } from './session-availability'

/*
 * What the calendar feeds are made of (the text itself: app/web/calendar-feeds.server.ts).
 * Public feeds list the sessions of published workshops that have not ended yet, scheduled or
 * cancelled: a cancelled one stays until its time has passed, as STATUS:CANCELLED, so that
 * calendars which keep events missing from a feed still drop it. A person's private feed lists
 * the sessions they hold a confirmed seat at; its address carries a secret stored only hashed,
 * and making a new one revokes the old.
 */

export type FeedSession = {
  id: number
  sequence: number
  startsAt: string
  endsAt: string
  changedAt: string
  cancelled: boolean
  workshop: { slug: string; title: string; summary: string }
  place: { venueName: string | null; room: string | null; address: string | null; online: boolean }
  capacity: number
  freeSeats: number
}

type FeedRow = {
  id: number
  sequence: number
  starts_at: string
  ends_at: string
  updated_at: string
  status: SessionStatus
  venue_name: string | null
  room: string | null
  address: string | null
  online_url: string | null
  capacity: number
  confirmed_count: number
  slug: string
  title: string
  summary: string
}

function feedSession(row: FeedRow): FeedSession {
  return {
    id: row.id,
    sequence: row.sequence,
    startsAt: row.starts_at,
    endsAt: row.ends_at,
    changedAt: row.updated_at,
    cancelled: row.status === 'cancelled',
    workshop: { slug: row.slug, title: row.title, summary: row.summary },
    // The meeting link is for people with a seat (decision 010): a public feed says "online".
    place: { venueName: row.venue_name, room: row.room, address: row.address, online: row.online_url !== null },
    capacity: row.capacity,
    freeSeats: Math.max(0, row.capacity - row.confirmed_count),
  }
}

/**
 * How far ahead, and how many sessions, the catalogue's feed lists: a calendar asked to hold
 * a whole catalogue (10,000 sessions are 6 MB of iCalendar) refreshes slowly or gives up, and
 * the filters narrow what a feed holds. A workshop's feed and a person's list all of theirs.
 */
export const CATALOGUE_FEED_DAYS = 365
export const CATALOGUE_FEED_MAX_EVENTS = 1000

/** Sessions with their workshop, not yet over. */
function sessionsNotOver(db: Db, now: Date) {
  return db
    .selectFrom('sessions')
    .innerJoin('workshops', 'workshops.id', 'sessions.workshop_id')
    .select([
      'sessions.id',
      'sessions.sequence',
      'sessions.starts_at',
      'sessions.ends_at',
      'sessions.updated_at',
      'sessions.status',
      'sessions.venue_name',
      'sessions.room',
      'sessions.address',
      'sessions.online_url',
      'sessions.capacity',
      'sessions.confirmed_count',
      'sessions.waitlisted_count',
      'sessions.registration_opens_at',
      'sessions.registration_closes_at',
      'workshops.slug',
      'workshops.title',
      'workshops.summary',
    ])
    .where('sessions.ends_at', '>', now.toISOString())
    .orderBy('sessions.starts_at')
    .orderBy('sessions.id')
}

/** The catalogue's feed: the sessions the catalogue would show for these filters, and the cancelled ones among them. */
export async function listCatalogueFeed(
  db: Db,
  { filters, now }: { filters: CatalogueFilters; now: Date },
): Promise<FeedSession[]> {
  const workshops = await matchingWorkshops(db, filters, now).execute()
  if (workshops.length === 0) return []
  const query = sessionsMatching(
    sessionsNotOver(db, now).where(
      'sessions.workshop_id',
      'in',
      workshops.map((w) => w.id),
    ),
    filters,
  )
  const horizon = new Date(now.getTime() + CATALOGUE_FEED_DAYS * 86_400_000).toISOString()
  const rows = await query
    .where('sessions.starts_at', '<', horizon)
    .$if(!filters.freeOnly, (q) => q.limit(CATALOGUE_FEED_MAX_EVENTS))
    .execute()
  return (
    rows
      // "Only with free seats" as the catalogue means it: a seat one could book now. A
      // cancelled session stays, so that calendars drop it.
      .filter((row) => !filters.freeOnly || row.status === 'cancelled' || sessionAvailability(row, now).state === 'open')
      .slice(0, CATALOGUE_FEED_MAX_EVENTS)
      .map(feedSession)
  )
}

/** One published workshop's feed, or undefined when there is no such workshop. */
export async function getWorkshopFeed(
  db: Db,
  { slug, now }: { slug: string; now: Date },
): Promise<{ title: string; sessions: FeedSession[] } | undefined> {
  const workshop = await publishedWorkshops(db).where('workshops.slug', '=', slug).executeTakeFirst()
  if (!workshop) return undefined
  const rows = await sessionsNotOver(db, now).where('sessions.workshop_id', '=', workshop.id).execute()
  return { title: workshop.title, sessions: rows.map(feedSession) }
}

export type PersonalFeedState = { createdAt: string; lastUsedAt: string | null } | null

/** Whether this person has a private feed, and since when. */
export async function getPersonalFeedState(db: Db, userId: number): Promise<PersonalFeedState> {
  const row = await db
    .selectFrom('calendar_feeds')
    .select(['created_at', 'last_used_at'])
    .where('user_id', '=', userId)
    .orderBy('created_at', 'desc')
    .executeTakeFirst()
  return row ? { createdAt: row.created_at, lastUsedAt: row.last_used_at } : null
}

/** A new secret address for this person's feed; the one before stops working. The token is shown once. */
export async function renewPersonalFeed(
  db: Kysely<DB>,
  { userId, now }: { userId: number; now: Date },
): Promise<{ token: string }> {
  const token = newToken()
  await writeTransaction(db, async (trx) => {
    await trx.deleteFrom('calendar_feeds').where('user_id', '=', userId).execute()
    await trx
      .insertInto('calendar_feeds')
      .values({ token_hash: hashToken(token), user_id: userId, created_at: now.toISOString(), last_used_at: null })
      .execute()
  })
  return { token }
}

/** Turns this person's feed off. */
export async function stopPersonalFeed(db: Kysely<DB>, { userId }: { userId: number }): Promise<void> {
  await db.deleteFrom('calendar_feeds').where('user_id', '=', userId).execute()
}

/**
 * The sessions behind a private feed's token: those its person holds a confirmed seat at (their
 * bookings are those made with their address, as on "My bookings"), not yet over and not called
 * off. Undefined for a token that opens no feed.
 */
export async function openPersonalFeed(
  db: Db,
  { token, now }: { token: string | undefined; now: Date },
): Promise<FeedSession[] | undefined> {
  if (!looksLikeToken(token)) return undefined
  const tokenHash = hashToken(token)
  const feed = await db
    .selectFrom('calendar_feeds')
    .innerJoin('users', 'users.id', 'calendar_feeds.user_id')
    .select(['users.email', 'calendar_feeds.last_used_at'])
    .where('calendar_feeds.token_hash', '=', tokenHash)
    .executeTakeFirst()
  if (!feed) return undefined
  const rows = await sessionsNotOver(db, now)
    .innerJoin('registrations', 'registrations.session_id', 'sessions.id')
    .where('registrations.email_normalized', '=', feed.email.toLowerCase())
    .where('registrations.status', '=', 'confirmed')
    .where('sessions.status', '=', 'scheduled')
    .execute()
  // Kept to the day: a calendar polling every hour must not write every hour.
  const day = now.toISOString().slice(0, 10)
  if (!feed.last_used_at?.startsWith(day)) {
    await db
      .updateTable('calendar_feeds')
      .set({ last_used_at: `${day}T00:00:00.000Z` })
      .where('token_hash', '=', tokenHash)
      .execute()
  }
  return rows.map(feedSession)
}
