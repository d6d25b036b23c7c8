import { createHash } from 'node:crypto'
import type { FeedLinks } from '~/components/CalendarSubscribe'
import { translator, type Translate } from '~/i18n/intl'
import { getLocale } from '~/i18n/locale.server'
import { isLocale, type Locale } from '~/i18n/locales'
import { getWorkshopFeed, listCatalogueFeed, openPersonalFeed, type FeedSession } from '~/models/calendar-feeds.server'
import type { CatalogueFilters } from '~/models/catalogue-filters'
import { parseCatalogueFilters } from '~/models/catalogue-filters.server'
import { getDataVersion, getDb } from '~/utils/db.server'
import { getEnv } from '~/utils/env.server'
import { serializeCalendar, type CalendarEvent } from '~/utils/icalendar'
import { PageCache } from '~/utils/page-cache.server'
import { singleton } from '~/utils/singleton.server'
import { refuse } from './refusals.server'

/*
 * Calendar subscription feeds over HTTP (issue 15, part 4). Calendars poll: each answer has a
 * strong ETag computed from its bytes, and a request whose If-None-Match names it gets 304 with
 * no body. Public feeds are kept, as built, for as long as the data version they were built
 * at holds (as the page cache keeps pages, decision 003), so a burst of polls builds each feed
 * once; a minute's limit covers what changes with the clock alone (sessions ending, booking
 * windows). A person's feed is built on every request and never stored by anyone.
 */

const PUBLIC_CACHE_CONTROL = 'public, max-age=300'
const PRIVATE_CACHE_CONTROL = 'private, no-store'
const CONTENT_TYPE = 'text/calendar; charset=utf-8'
/** What subscribers are asked to keep between fetches (REFRESH-INTERVAL, X-PUBLISHED-TTL). */
const REFRESH_MINUTES = 60
const CLOCK_LIMIT_MS = 60_000
const PRODUCT_ID = '-//Workshopy//Calendar feed//CS'

type BuiltFeed = { body: Buffer; etag: string }

const cache = singleton(
  'calendarFeedCache',
  () => new PageCache({ maxEntries: 500, maxBytes: 128 * 1024 * 1024, ttlMs: CLOCK_LIMIT_MS }),
)
const building = singleton('calendarFeedsBuilding', () => new Map<string, Promise<BuiltFeed>>())

/** The feed of the catalogue for the filters in the query string (as the catalogue page reads them). */
export async function catalogueFeedResponse(request: Request): Promise<Response> {
  const params = new URL(request.url).searchParams
  const { filters, errors } = parseCatalogueFilters(params)
  // A calendar cannot show a message next to a field: a feed it could not mean is refused.
  if (Object.keys(errors).length > 0) refuse('bad_request')
  const locale = feedLocale(request, params)
  const key = `catalogue ${locale} ${JSON.stringify(filters)}`
  return publicFeed(request, key, async (now) => {
    const t = translator(locale)
    const sessions = await listCatalogueFeed(getDb(), { filters, now })
    return calendarText(
      t('feeds.name.catalogue'),
      sessions.map((s) => publicEvent(s, t)),
    )
  })
}

/** One workshop's feed; 404 for a workshop that is not published. */
export async function workshopFeedResponse(request: Request, slug: string | undefined): Promise<Response> {
  if (!slug || !/^[a-z0-9]+(?:-[a-z0-9]+)*$/.test(slug) || slug.length > 120) refuse('not_found')
  const params = new URL(request.url).searchParams
  const locale = feedLocale(request, params)
  return publicFeed(request, `workshop ${locale} ${slug}`, async (now) => {
    const t = translator(locale)
    const feed = await getWorkshopFeed(getDb(), { slug, now })
    if (!feed) return undefined
    return calendarText(
      t('feeds.name.workshop', { title: feed.title }),
      feed.sessions.map((s) => publicEvent(s, t)),
    )
  })
}

/** A person's own feed, by the secret in its address; 404 for any token that opens none. */
export async function personalFeedResponse(request: Request, token: string | undefined): Promise<Response> {
  const sessions = await openPersonalFeed(getDb(), { token, now: new Date() })
  if (!sessions) refuse('not_found', { 'Cache-Control': PRIVATE_CACHE_CONTROL })
  const locale = feedLocale(request, new URL(request.url).searchParams)
  const t = translator(locale)
  const myBookings = `${getEnv().APP_URL}/my/bookings`
  const text = calendarText(
    t('feeds.name.mine'),
    sessions.map((s) => ({
      ...publicEvent(s, t),
      description: [s.workshop.summary, t('feeds.event.booked', { url: myBookings }), details(s, t)].join('\n\n'),
    })),
  )
  return answer(request, built(text), { 'Cache-Control': PRIVATE_CACHE_CONTROL, 'X-Robots-Tag': 'noindex' })
}

/** The address of a feed, to subscribe by (webcal:) and to paste by hand (https:). */
export function feedLinks(path: string, params: URLSearchParams = new URLSearchParams()): FeedLinks {
  const query = params.toString()
  const https = `${getEnv().APP_URL}${path}${query ? `?${query}` : ''}`
  return { https, webcal: https.replace(/^https?:/, 'webcal:') }
}

/** The catalogue feed's links for the filters a page was shown with, in its language. */
export function catalogueFeedLinks(filters: CatalogueFilters, locale: Locale): FeedLinks {
  const params = new URLSearchParams()
  if (filters.q) params.set('q', filters.q)
  if (filters.topic) params.set('topic', filters.topic)
  if (filters.audience) params.set('audience', filters.audience)
  if (filters.month) params.set('month', filters.month)
  if (filters.place) params.set('place', filters.place)
  if (filters.freeOnly) params.set('free', '1')
  if (locale !== 'cs') params.set('lang', locale)
  return feedLinks('/workshops/calendar.ics', params)
}

export function workshopFeedLinks(slug: string, locale: Locale): FeedLinks {
  return feedLinks(`/workshops/${slug}/calendar.ics`, new URLSearchParams(locale !== 'cs' ? { lang: locale } : {}))
}

export function personalFeedLinks(token: string, locale: Locale): FeedLinks {
  return feedLinks(`/feeds/${token}.ics`, new URLSearchParams(locale !== 'cs' ? { lang: locale } : {}))
}

/*
 * Calendars fetch without our cookie and often without Accept-Language, so the language
 * travels in the address the page gave them (`lang=en`); Czech otherwise.
 */
function feedLocale(request: Request, params: URLSearchParams): Locale {
  const lang = params.get('lang')
  return isLocale(lang) ? lang : lang === null ? getLocale(request) : 'cs'
}

async function publicFeed(request: Request, key: string, build: (now: Date) => Promise<string | undefined>): Promise<Response> {
  const headers = { 'Cache-Control': PUBLIC_CACHE_CONTROL }
  // Read before building: a change during the build leaves the entry already outdated.
  const version = await getDataVersion(getDb())
  const hit = cache.get(key, version)
  if (hit) return answer(request, { body: hit.body, etag: hit.headers[0]![1] }, headers)

  const flight = `${version} ${key}`
  let pending = building.get(flight)
  if (!pending) {
    pending = (async () => {
      const text = await build(new Date())
      if (text === undefined) refuse('not_found')
      const feed = built(text)
      cache.set(key, { status: 200, headers: [['etag', feed.etag]], body: feed.body, nonce: '', version, storedAt: Date.now() })
      return feed
    })()
    building.set(flight, pending)
    pending.then(
      () => building.delete(flight),
      () => building.delete(flight),
    )
  }
  return answer(request, await pending, headers)
}

function built(text: string): BuiltFeed {
  const body = Buffer.from(text, 'utf8')
  return { body, etag: `"${createHash('sha256').update(body).digest('base64url').slice(0, 32)}"` }
}

function answer(request: Request, feed: BuiltFeed, headers: Record<string, string>): Response {
  const common = { ...headers, ETag: feed.etag }
  if (matchesEtag(request.headers.get('If-None-Match'), feed.etag)) return new Response(null, { status: 304, headers: common })
  return new Response(request.method === 'HEAD' ? null : new Uint8Array(feed.body), {
    status: 200,
    headers: { ...common, 'Content-Type': CONTENT_TYPE, 'Content-Length': String(feed.body.length) },
  })
}

/** If-None-Match compares weakly (RFC 9110 §13.1.2): W/"x" matches "x". */
function matchesEtag(header: string | null, etag: string): boolean {
  if (!header) return false
  return header.split(',').some((candidate) => {
    const tag = candidate.trim()
    return tag === '*' || tag.replace(/^W\//, '') === etag
  })
}

function calendarText(name: string, events: CalendarEvent[]): string {
  return serializeCalendar({ productId: PRODUCT_ID, name, refreshMinutes: REFRESH_MINUTES, events })
}

function publicEvent(session: FeedSession, t: Translate): CalendarEvent {
  const status = session.cancelled
    ? t('feeds.event.cancelled')
    : t('feeds.event.seats', { free: session.freeSeats, capacity: session.capacity })
  return {
    uid: `session-${session.id}@${appHost()}`,
    sequence: session.sequence,
    changedAt: session.changedAt,
    startsAt: session.startsAt,
    endsAt: session.endsAt,
    summary: session.workshop.title,
    description: [session.workshop.summary, status, details(session, t)].join('\n\n'),
    location: place(session, t),
    url: workshopUrl(session),
    status: session.cancelled ? 'CANCELLED' : 'CONFIRMED',
  }
}

function appHost(): string {
  return new URL(getEnv().APP_URL).hostname
}

function details(session: FeedSession, t: Translate): string {
  return t('feeds.event.details', { url: workshopUrl(session) })
}

function workshopUrl(session: FeedSession): string {
  return `${getEnv().APP_URL}/workshops/${session.workshop.slug}`
}

function place({ place }: FeedSession, t: Translate): string {
  if (!place.venueName) return t('feeds.event.online')
  return [place.venueName, place.room, place.address].filter(Boolean).join(', ')
}
