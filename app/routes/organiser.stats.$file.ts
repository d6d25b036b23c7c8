import type { LoaderFunctionArgs } from '@remix-run/node'
import { statisticsDownload } from '~/web/statistics.server'

/** /organiser/stats/<table>.csv or .xlsx with the dashboard's own query string. */
export function loader({ request, params }: LoaderFunctionArgs) {
  return statisticsDownload(request, params.file)
}
