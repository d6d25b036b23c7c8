import type { LoaderFunctionArgs } from '@remix-run/node'
import { workshopFeedResponse } from '~/web/calendar-feeds.server'

/** One workshop's sessions as a calendar to subscribe to. */
export async function loader({ request, params }: LoaderFunctionArgs) {
  return workshopFeedResponse(request, params.slug)
}
