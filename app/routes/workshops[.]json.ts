import type { LoaderFunctionArgs } from '@remix-run/node'
import { catalogueFeedResponse } from '~/web/catalogue-feed.server'

/** The public catalogue as JSON, with the page's filters (docs/schemas/catalogue.schema.json). */
export async function loader({ request }: LoaderFunctionArgs) {
  return catalogueFeedResponse(request, new Date())
}
