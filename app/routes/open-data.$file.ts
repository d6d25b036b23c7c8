import type { LoaderFunctionArgs } from '@remix-run/node'
import { openDataResponse } from '~/web/open-data.server'

export function loader({ request, params }: LoaderFunctionArgs) {
  return openDataResponse(request, params.file, new Date())
}
