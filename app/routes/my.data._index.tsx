import type { LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { useLoaderData } from '@remix-run/react'
import { DataDownloads, EraseDataPrompt } from '~/components/PersonalDataActions'
import { PersonalDataView } from '~/components/PersonalDataView'
import { translator, useT } from '~/i18n/intl'
import { localeFromMatches, pageMeta } from '~/utils/meta'
import { signedInPersonalData } from '~/web/personal-data.server'

export const meta: MetaFunction = ({ matches }) => pageMeta(matches, translator(localeFromMatches(matches))('data.title'))
export const headers = () => ({ 'Cache-Control': 'no-store' })

export async function loader({ request }: LoaderFunctionArgs) {
  const { user, data } = await signedInPersonalData(request, new Date())
  return { email: user.email, staff: user.role !== 'participant', data }
}

export default function MyData() {
  const { email, data } = useLoaderData<typeof loader>()
  const t = useT()
  return (
    <div className="narrow">
      <h1>{t('data.title')}</h1>
      <p>{t('data.intro', { email })}</p>
      <DataDownloads base="/my/data" />
      <PersonalDataView data={data} />
      <EraseDataPrompt intro={t('data.eraseIntro')} linkLabel={t('data.eraseLink')} href="/my/data/erase" />
    </div>
  )
}

export { ErrorBoundary } from '~/components/RouteErrorBoundary'
