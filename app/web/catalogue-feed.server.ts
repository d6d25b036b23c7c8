import { createHash } from 'node:crypto'
import { translator } from '~/i18n/intl'
import { getLocale } from '~/i18n/locale.server'
import { parseCatalogueFilters } from '~/models/catalogue-filters.server'
import { catalogueFeed } from '~/models/catalogue-feed.server'
import { getDb } from '~/utils/db.server'
import { getEnv } from '~/utils/env.server'

/*
 * `/workshops.json`: the catalogue for other sites and scripts (docs/schemas/catalogue.schema.json).
 * The same filters as the page; where the page drops a bad value and says so next to the field,
 * a program gets 400 and `{ errors: { <parameter>: <message> } }`, because a list quietly wider
 * than it asked for is worse for it than no list. Public data: any site may read it (CORS), and
 * caches may keep it for a minute; the ETag lets them ask again cheaply.
 */

const PUBLIC_HEADERS = {
  'Access-Control-Allow-Origin': '*',
  'Access-Control-Expose-Headers': 'ETag',
}

export async function catalogueFeedResponse(request: Request, now: Date): Promise<Response> {
  const { filters, errors } = parseCatalogueFilters(new URL(request.url).searchParams)
  const refused = Object.entries(errors)
  if (refused.length > 0) {
    const t = translator(getLocale(request))
    return Response.json(
      { errors: Object.fromEntries(refused.map(([param, message]) => [param, t(message)])) },
      // The messages follow the language of the request.
      { status: 400, headers: { ...PUBLIC_HEADERS, 'Cache-Control': 'no-store', Vary: 'Accept-Language, Cookie' } },
    )
  }
  const feed = await catalogueFeed(getDb(), { filters, now, appUrl: getEnv().APP_URL })
  const body = JSON.stringify(feed)
  // Weak: compression changes the bytes, not what they say.
  const etag = `W/"${createHash('sha256').update(body).digest('base64url').slice(0, 27)}"`
  const headers = { ...PUBLIC_HEADERS, 'Cache-Control': 'public, max-age=60', ETag: etag }
  if (matchesETag(request.headers.get('if-none-match'), etag)) return new Response(null, { status: 304, headers })
  return new Response(body, { headers: { ...headers, 'Content-Type': 'application/json; charset=utf-8' } })
}

/** If-None-Match compares weakly (RFC 9110 13.1.2): W/"x" and "x" are the same. */
function matchesETag(header: string | null, etag: string): boolean {
  if (!header) return false
  const opaque = (tag: string) => tag.trim().replace(/^W\//, '')
  return header.split(',').some((tag) => tag.trim() === '*' || opaque(tag) === opaque(etag))
}
