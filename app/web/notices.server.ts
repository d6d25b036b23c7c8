import { redirect } from '@remix-run/node'

/**
 * After every successful POST the browser is sent on (303, so a reload never re-sends the
 * form); what happened travels in the query string of the page it lands on, where
 * `useRedirectNotice` reads it. It works without JavaScript and without a cookie, and the
 * notice goes away with the next navigation.
 */
export function redirectWithNotice(
  path: string,
  notice: Record<string, string | number | undefined>,
  { hash, headers }: { hash?: string; headers?: HeadersInit } = {},
) {
  const url = new URL(path, 'http://app.invalid')
  for (const [key, value] of Object.entries(notice)) if (value !== undefined) url.searchParams.set(key, String(value))
  return redirect(`${url.pathname}${url.search}${hash ? `#${hash}` : ''}`, { status: 303, headers })
}

/** After a POST with nothing to announce. */
export function redirectAfterPost(path: string, headers?: HeadersInit) {
  return redirect(path, { status: 303, headers })
}
