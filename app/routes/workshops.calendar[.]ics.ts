import type { LoaderFunctionArgs } from '@remix-run/node'
import { catalogueFeedResponse } from '~/web/calendar-feeds.server'

/** The catalogue as a calendar to subscribe to, filtered by the catalogue's own query parameters. */
export async function loader({ request }: LoaderFunctionArgs) {
  return catalogueFeedResponse(request)
}
