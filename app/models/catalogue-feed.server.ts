import type { Audience, SessionStatus, Topic } from '../../db/schema'
import type { Db } from '~/utils/db.server'
import type { CatalogueFilters } from './catalogue-filters'
import { matchCatalogue } from './catalogue.server'
import type { AvailabilityState } from './session-availability'

/*
 * The public catalogue for machines (`/workshops.json`, docs/schemas/catalogue.schema.json):
 * the workshops the catalogue page lists for the same filters, in the same order, each with
 * every upcoming session that matches them. Nothing here is personal, and the online link of
 * a session is for its participants only, so it is never part of this.
 */

/** The `$id` of docs/schemas/catalogue.schema.json; a change that breaks readers gets a new one. */
export const CATALOGUE_FEED_SCHEMA = 'https://workshopy.example/schemas/catalogue/v1'

export type FeedSession = {
  id: number
  status: SessionStatus
  startsAt: string
  endsAt: string
  online: boolean
  place: { venueName: string; room: string | null; address: string | null; town: string | null } | null
  capacity: number
  freeSeats: number
  booking: {
    /** Whether the booking form takes a booking now (onto the waiting list when full). */
    open: boolean
    state: Exclude<AvailabilityState, 'past'>
    url: string
    opensAt: string | null
    closesAt: string | null
  }
}

export type FeedWorkshop = {
  id: number
  slug: string
  url: string
  title: string
  summary: string
  topic: Topic
  audiences: Audience[]
  language: 'cs' | 'en'
  lengthHours: number
  organiser: { name: string; website: string | null }
  accreditationRef: string | null
  sessions: FeedSession[]
}

export type CatalogueFeed = {
  $schema: typeof CATALOGUE_FEED_SCHEMA
  count: number
  workshops: FeedWorkshop[]
}

export async function catalogueFeed(
  db: Db,
  { filters, now, appUrl }: { filters: CatalogueFilters; now: Date; appUrl: string },
): Promise<CatalogueFeed> {
  const matches = await matchCatalogue(db, { filters, now, withCancelled: true })
  const workshops = matches.map(({ workshop: w, audiences, sessions }): FeedWorkshop => ({
    id: w.id,
    slug: w.slug,
    url: `${appUrl}/workshops/${w.slug}`,
    title: w.title,
    summary: w.summary,
    topic: w.topic,
    audiences,
    language: w.language,
    lengthHours: w.length_hours,
    organiser: { name: w.organiser_name, website: w.organiser_website },
    accreditationRef: w.accreditation_ref || null,
    sessions: sessions.map(({ row, summary }): FeedSession => {
      const { state, freeSeats, opensAt } = summary.availability
      return {
        id: row.id,
        status: row.status,
        startsAt: row.starts_at,
        endsAt: row.ends_at,
        online: summary.place.online,
        place: row.venue_name ? { venueName: row.venue_name, room: row.room, address: row.address, town: row.town } : null,
        capacity: row.capacity,
        freeSeats: row.status === 'cancelled' ? 0 : freeSeats,
        booking: {
          open: state === 'open' || state === 'full',
          // Every session here is upcoming, so none is "past".
          state: state === 'past' ? 'closed' : state,
          url: `${appUrl}/sessions/${row.id}/book`,
          opensAt,
          closesAt: row.registration_closes_at,
        },
      }
    }),
  }))
  return { $schema: CATALOGUE_FEED_SCHEMA, count: workshops.length, workshops }
}
