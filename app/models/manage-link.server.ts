import { findRegistrationByToken, type RegistrationView } from './registrations.server'
import { getDb } from '~/utils/db.server'
import { looksLikeToken } from '~/utils/tokens.server'

/** The booking behind a manage link in a route, or a 404 that says nothing about why. */
export async function requireRegistration(token: string | undefined): Promise<{ token: string; registration: RegistrationView }> {
  const registration = looksLikeToken(token) ? await findRegistrationByToken(getDb(), token) : undefined
  if (!token || !registration) throw new Response('Booking not found', { status: 404, headers: PRIVATE_HEADERS })
  return { token, registration }
}

/**
 * Pages behind a manage link hold personal data and the link itself: never cached or indexed.
 * (The site-wide Referrer-Policy already strips paths cross-origin; the pages add a
 * no-referrer meta tag on top.)
 */
export const PRIVATE_HEADERS = {
  'Cache-Control': 'no-store',
  'X-Robots-Tag': 'noindex',
}
