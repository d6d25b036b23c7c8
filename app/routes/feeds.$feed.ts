import type { LoaderFunctionArgs } from '@remix-run/node'
import { personalFeedResponse } from '~/web/calendar-feeds.server'

/** A person's confirmed sessions, at /feeds/<secret>.ics (the secret is masked in logs). */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const file = params.feed ?? ''
  return personalFeedResponse(request, file.endsWith('.ics') ? file.slice(0, -'.ics'.length) : undefined)
}
