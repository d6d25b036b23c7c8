import type { LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { useLoaderData } from '@remix-run/react'
import { DataDownloads, EraseDataPrompt } from '~/components/PersonalDataActions'
import { PersonalDataView } from '~/components/PersonalDataView'
import { translator, useT } from '~/i18n/intl'
import { localeFromMatches } from '~/utils/meta'
import { bookingPersonalData } from '~/web/personal-data.server'
import { PRIVATE_HEADERS, tokenPageMeta } from '~/web/token-pages'

export async function loader({ params }: LoaderFunctionArgs) {
  return bookingPersonalData(params.token, new Date())
}

export const headers = () => PRIVATE_HEADERS

export const meta: MetaFunction = ({ matches }) =>
  tokenPageMeta(matches, translator(localeFromMatches(matches))('data.titleBooking'))

export default function BookingData() {
  const { token, data } = useLoaderData<typeof loader>()
  const t = useT()
  return (
    <div className="narrow">
      <h1>{t('data.titleBooking')}</h1>
      <p>{t('data.introBooking')}</p>
      <DataDownloads base={`/registrations/${token}/data`} />
      <PersonalDataView data={data} />
      <EraseDataPrompt
        intro={t('data.eraseIntroBooking')}
        linkLabel={t('data.eraseLinkBooking')}
        href={`/registrations/${token}/erase`}
      />
    </div>
  )
}

export { ErrorBoundary } from './registrations.$token._index'
