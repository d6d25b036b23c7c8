import { sql, type ExpressionBuilder, type Kysely } from 'kysely'
import type { DB } from '../../db/schema'
import { getStructureVersion, type Db } from '~/utils/db.server'
import { pragueMonthKey, pragueMonthRange } from '~/utils/dates'
import type { CatalogueFilters } from './catalogue-filters'
import { searchTerms } from '~/utils/search-text'
import { containsTerm } from '~/utils/sql-search.server'
import {
  audiencesOf,
  listCataloguePlaces,
  matchingWorkshops,
  publishedWorkshops,
  SESSION_COLUMNS,
  sessionsMatching,
  summariseSession,
  type CatalogueEntry,
  type CataloguePlaces,
} from './catalogue.server'

/*
 * The catalogue page, one page at a time, at national scale: what it costs depends on the page
 * (twelve workshops), not on how many sessions and bookings the database holds. The order and
 * the choice are listCatalogue's (tests/integration/catalogue-page.test.ts holds them equal):
 * workshops with a matching upcoming session first, soonest first, then the rest by title.
 */
export const CATALOGUE_PAGE_SIZE = 12

export type CataloguePage = {
  workshops: CatalogueEntry[]
  /** Workshops matching the filters, on every page. */
  total: number
  page: number
  pages: number
}

/**
 * What makes an upcoming session count for the page besides sessionsMatching's filters (search
 * words, month, place): it is scheduled, and with "free seats" it has a seat one could book now
 * (sessionAvailability's "open").
 */
function bookableEnough(eb: ExpressionBuilder<DB, 'sessions' | 'workshops'>, filters: CatalogueFilters, nowIso: string) {
  const conditions = [eb('sessions.status', '=', 'scheduled'), eb('sessions.starts_at', '>', nowIso)]
  if (filters.freeOnly) {
    conditions.push(
      eb.or([eb('sessions.registration_opens_at', 'is', null), eb('sessions.registration_opens_at', '<=', nowIso)]),
      eb.or([eb('sessions.registration_closes_at', 'is', null), eb('sessions.registration_closes_at', '>', nowIso)]),
      eb('sessions.confirmed_count', '<', eb.ref('sessions.capacity')),
    )
  }
  return eb.and(conditions)
}

/** The sessions that count for the page, with their workshop joined (for the search words). */
function countingSessions(db: Db, filters: CatalogueFilters, nowIso: string) {
  return sessionsMatching(
    db
      .selectFrom('sessions')
      .innerJoin('workshops', 'workshops.id', 'sessions.workshop_id')
      .where((eb) => bookableEnough(eb, filters, nowIso)),
    filters,
  )
}

export async function listCataloguePage(
  db: Db,
  {
    filters,
    now,
    page,
    pageSize = CATALOGUE_PAGE_SIZE,
  }: { filters: CatalogueFilters; now: Date; page: number; pageSize?: number },
): Promise<CataloguePage> {
  const nowIso = now.toISOString()
  // Without "free seats" the order depends on no seat count: it is reused like the options,
  // and the query is built only when it runs.
  const rankKey = `rank ${JSON.stringify([filters.q, filters.topic, filters.audience, filters.month, filters.place])}`
  const order =
    filters.freeOnly || db.isTransaction
      ? await rankingQuery(db, filters, now).execute()
      : await reusedUntilSessionsChange(db as Kysely<DB>, now, rankKey, () => rankingQuery(db, filters, now).execute())

  const pages = Math.max(1, Math.ceil(order.length / pageSize))
  const current = Math.min(Math.max(1, page), pages)
  const onPage = order.slice((current - 1) * pageSize, current * pageSize)
  if (onPage.length === 0) return { workshops: [], total: order.length, page: current, pages }

  const ids = onPage.map((w) => w.id)
  const [details, audiences, sessions] = await Promise.all([
    publishedWorkshops(db).where('workshops.id', 'in', ids).execute(),
    audiencesOf(db, ids),
    nextSessions(db, onPage, filters, nowIso),
  ])
  const byId = new Map(details.map((w) => [w.id, w]))
  return {
    total: order.length,
    page: current,
    pages,
    workshops: onPage.map(({ id, upcoming }) => {
      const w = byId.get(id)!
      const session = sessions.get(id)
      return {
        slug: w.slug,
        title: w.title,
        summary: w.summary,
        topic: w.topic,
        audiences: audiences.get(id) ?? [],
        lengthHours: w.length_hours,
        language: w.language,
        organiser: w.organiser_name,
        nextSession: session ? summariseSession(session, now) : null,
        upcomingSessions: Number(upcoming ?? 0),
      }
    }),
  }
}

/** The matching workshops' ids in catalogue order, with each one's soonest counting session and their count. */
function rankingQuery(db: Db, filters: CatalogueFilters, now: Date) {
  const next = countingSessions(db, filters, now.toISOString())
    .select((eb) => [
      'sessions.workshop_id',
      eb.fn.min('sessions.starts_at').as('next_at'),
      eb.fn.countAll<number>().as('upcoming'),
    ])
    .groupBy('sessions.workshop_id')
  const ranked = matchingWorkshops(db, filters, now)
    .clearSelect()
    .leftJoin(next.as('nx'), 'nx.workshop_id', 'workshops.id')
    .select(['workshops.id', 'nx.next_at', 'nx.upcoming'])
    // Workshops with a session first (NULL last on both engines), soonest first; then by title.
    .orderBy(sql`case when nx.next_at is null then 1 else 0 end`)
    .orderBy('nx.next_at')
    .orderBy('workshops.title')
    .orderBy('workshops.id')
  // A session filter, or a search word found only in a place, lists workshops for their sessions.
  const terms = searchTerms(filters.q)
  if (filters.month || filters.place || filters.freeOnly) return ranked.where('nx.next_at', 'is not', null)
  if (terms.length > 0)
    return ranked.where((eb) =>
      eb.or([eb('nx.next_at', 'is not', null), eb.and(terms.map((term) => containsTerm('workshops.search_text', term)))]),
    )
  return ranked
}

/** Each workshop's first counting session: the one at its `next_at`, the lowest id on a tie. */
async function nextSessions(
  db: Db,
  workshops: { id: number; next_at: string | null }[],
  filters: CatalogueFilters,
  nowIso: string,
) {
  const wanted = workshops.filter((w) => w.next_at !== null)
  const found = new Map<number, Parameters<typeof summariseSession>[0]>()
  if (wanted.length === 0) return found
  const rows = await countingSessions(db, filters, nowIso)
    .select(SESSION_COLUMNS)
    .where((eb) =>
      eb.or(wanted.map((w) => eb.and([eb('sessions.workshop_id', '=', w.id), eb('sessions.starts_at', '=', w.next_at!)]))),
    )
    .orderBy('sessions.id')
    .execute()
  for (const row of rows) if (!found.has(row.workshop_id)) found.set(row.workshop_id, row)
  return found
}

/**
 * Prague months with an upcoming session of a published workshop, for the month filter: one
 * look into the start-time index per month, however many sessions there are.
 */
export async function listCatalogueMonthsFast(
  db: Db,
  { now, months = 24, horizon = 36 }: { now: Date; months?: number; horizon?: number },
) {
  const nowIso = now.toISOString()
  const keys: string[] = []
  let key = pragueMonthKey(nowIso)
  for (let i = 0; i < horizon; i++) {
    keys.push(key)
    const [y, m] = key.split('-').map(Number) as [number, number]
    key = m === 12 ? `${y + 1}-01` : `${y}-${String(m + 1).padStart(2, '0')}`
  }
  const row = await db
    .selectNoFrom((eb) =>
      keys.map((month, i) => {
        const { start, end } = pragueMonthRange(month)
        return eb
          .exists(
            eb
              .selectFrom('sessions')
              .innerJoin('workshops', 'workshops.id', 'sessions.workshop_id')
              .select(sql.lit(1).as('one'))
              .where('workshops.published', '=', 1)
              .where('sessions.status', '=', 'scheduled')
              .where('sessions.starts_at', '>', nowIso)
              .where('sessions.starts_at', '>=', start)
              .where('sessions.starts_at', '<', end),
          )
          .as(`m${i}`)
      }),
    )
    .executeTakeFirstOrThrow()
  const flags = row as Record<string, unknown>
  return keys.filter((_, i) => flags[`m${i}`] === 1 || flags[`m${i}`] === true).slice(0, months)
}

/*
 * The filters' options (months, places) change only when sessions do or when the soonest
 * upcoming session starts (it may have been the last in its month or town): until either, an
 * answer is reused, whatever the catalogue's size. No seat count goes into these answers (the
 * order is reused only without "free seats"), so bookings do not count as a change: the
 * structure version, not the data version.
 */
type Reused = { version: string; until: string; value: unknown }
const reusedAnswers = new WeakMap<object, Map<string, Reused>>()

async function reusedUntilSessionsChange<T>(db: Kysely<DB>, now: Date, name: string, read: () => Promise<T>): Promise<T> {
  const nowIso = now.toISOString()
  // Read first: a change while the answer is read leaves it filed as already outdated.
  const version = await getStructureVersion(db)
  let answers = reusedAnswers.get(db)
  if (!answers) reusedAnswers.set(db, (answers = new Map()))
  // Bounded: searches come from URLs.
  if (answers.size >= 500) answers.clear()
  const cached = answers.get(name)
  if (cached && cached.version === version && nowIso < cached.until) return cached.value as T
  const [value, soonest] = await Promise.all([
    read(),
    db
      .selectFrom('sessions')
      .innerJoin('workshops', 'workshops.id', 'sessions.workshop_id')
      .select((eb) => eb.fn.min('sessions.starts_at').as('starts_at'))
      .where('workshops.published', '=', 1)
      .where('sessions.status', '=', 'scheduled')
      .where('sessions.starts_at', '>', nowIso)
      .executeTakeFirst(),
  ])
  answers.set(name, { version, until: soonest?.starts_at ?? '9999-12-31T23:59:59.999Z', value })
  return value
}

/** The month filter's options. */
export function catalogueMonths(db: Kysely<DB>, { now }: { now: Date }): Promise<string[]> {
  return reusedUntilSessionsChange(db, now, 'months', () => listCatalogueMonthsFast(db, { now }))
}

/** The place filter's options. */
export function cataloguePlaces(db: Kysely<DB>, { now }: { now: Date }): Promise<CataloguePlaces> {
  return reusedUntilSessionsChange(db, now, 'places', () => listCataloguePlaces(db, { now }))
}
