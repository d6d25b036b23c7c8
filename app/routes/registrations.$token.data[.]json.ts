import type { LoaderFunctionArgs } from '@remix-run/node'
import { bookingPersonalData, personalDataDownload } from '~/web/personal-data.server'

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { data } = await bookingPersonalData(params.token, new Date())
  return personalDataDownload(request, data, 'json')
}
