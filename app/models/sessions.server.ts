import type { Db } from '~/utils/db.server'
import { summariseSession, type SessionSummary } from './catalogue.server'

export type BookingPage = {
  session: SessionSummary
  workshop: { slug: string; title: string; language: 'cs' | 'en'; requiresBirthDate: boolean }
}

/** A session of a published workshop, as the booking form shows it; undefined if there is none. */
export async function getBookingPage(
  db: Db,
  { sessionId, now }: { sessionId: number; now: Date },
): Promise<BookingPage | undefined> {
  const row = await db
    .selectFrom('sessions')
    .innerJoin('workshops', 'workshops.id', 'sessions.workshop_id')
    .selectAll('sessions')
    .select([
      'workshops.slug as workshop_slug',
      'workshops.title as workshop_title',
      'workshops.language as workshop_language',
      'workshops.requires_birth_date',
    ])
    .where('sessions.id', '=', sessionId)
    .where('workshops.published', '=', 1)
    .executeTakeFirst()
  if (!row) return undefined
  return {
    session: summariseSession(row, now),
    workshop: {
      slug: row.workshop_slug,
      title: row.workshop_title,
      language: row.workshop_language,
      requiresBirthDate: row.requires_birth_date === 1,
    },
  }
}
