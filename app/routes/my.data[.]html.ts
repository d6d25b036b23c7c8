import type { LoaderFunctionArgs } from '@remix-run/node'
import { personalDataDownload, signedInPersonalData } from '~/web/personal-data.server'

export async function loader({ request }: LoaderFunctionArgs) {
  const { data } = await signedInPersonalData(request, new Date())
  return personalDataDownload(request, data, 'html')
}
