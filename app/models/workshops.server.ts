import type { Audience, Topic } from '../../db/schema'
import type { Db } from '~/utils/db.server'
import { renderMarkdown } from '~/utils/markdown.server'
import { foldForSearch } from '~/utils/search-text'
import { audiencesOf, publishedWorkshops, summariseSession, type SessionSummary } from './catalogue.server'
import { seatToken } from './seat-token'

export function workshopSearchText(workshop: { title: string; summary: string; descriptionMd: string }): string {
  return foldForSearch([workshop.title, workshop.summary, workshop.descriptionMd].join(' '))
}

/** `lecturer`: who leads it, published with the session (removed with its bookings by retention). */
export type SessionOnPage = SessionSummary & { cancelled: boolean; lecturer: string | null }

export type WorkshopPage = {
  slug: string
  title: string
  summary: string
  descriptionHtml: string
  topic: Topic
  audiences: Audience[]
  lengthHours: number
  language: 'cs' | 'en'
  organiser: { name: string; email: string; website: string | null }
  upcoming: SessionOnPage[]
  past: SessionOnPage[]
}

/** A session as the page gets it: its seats as a seat token (seat-token.ts), for the page cache. */
export type SessionOnPageView = Omit<SessionOnPage, 'availability'> & { seats: string }

export type WorkshopPageView = Omit<WorkshopPage, 'upcoming' | 'past'> & {
  upcoming: SessionOnPageView[]
  past: SessionOnPageView[]
}

export function workshopPageView({ upcoming, past, ...workshop }: WorkshopPage): WorkshopPageView {
  const view = ({ availability, ...session }: SessionOnPage): SessionOnPageView => ({
    ...session,
    seats: seatToken(session.id, availability),
  })
  return { ...workshop, upcoming: upcoming.map(view), past: past.map(view) }
}

/** A published workshop with all its sessions, or undefined when no such page exists. */
export async function getWorkshopPage(db: Db, { slug, now }: { slug: string; now: Date }): Promise<WorkshopPage | undefined> {
  const workshop = await publishedWorkshops(db)
    .select(['workshops.description_md', 'organisers.email as organiser_email', 'organisers.website as organiser_website'])
    .where('workshops.slug', '=', slug)
    .executeTakeFirst()
  if (!workshop) return undefined

  const [sessions, audiences] = await Promise.all([
    db.selectFrom('sessions').selectAll().where('workshop_id', '=', workshop.id).orderBy('starts_at').execute(),
    audiencesOf(db, [workshop.id]),
  ])
  const nowIso = now.toISOString()
  const toPage = (row: (typeof sessions)[number]): SessionOnPage => ({
    ...summariseSession(row, now),
    cancelled: row.status === 'cancelled',
    lecturer: row.lecturer,
  })
  return {
    slug: workshop.slug,
    title: workshop.title,
    summary: workshop.summary,
    descriptionHtml: renderMarkdown(workshop.description_md),
    topic: workshop.topic,
    audiences: audiences.get(workshop.id) ?? [],
    lengthHours: workshop.length_hours,
    language: workshop.language,
    organiser: { name: workshop.organiser_name, email: workshop.organiser_email, website: workshop.organiser_website },
    upcoming: sessions.filter((s) => s.starts_at > nowIso).map(toPage),
    // Most recent first: that is the one people look for.
    past: sessions
      .filter((s) => s.starts_at <= nowIso)
      .reverse()
      .map(toPage),
  }
}
