import type { MetaDescriptor } from '@remix-run/node'
import { pageMeta, TOKEN_PAGE_REFERRER } from '~/utils/meta'

/*
 * Pages whose address holds a booking's link: they show personal data and the link itself, so
 * they are never cached or indexed. (The site-wide Referrer-Policy already strips paths
 * cross-origin; these pages add a strict-origin meta tag, which strips them same-origin too.)
 */

export const PRIVATE_HEADERS = {
  'Cache-Control': 'no-store',
  'X-Robots-Tag': 'noindex',
}

export function tokenPageMeta(matches: Parameters<typeof pageMeta>[0], title: string): MetaDescriptor[] {
  return [...pageMeta(matches, title), { name: 'robots', content: 'noindex' }, TOKEN_PAGE_REFERRER]
}
