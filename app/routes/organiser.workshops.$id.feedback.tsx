import type { LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { useLoaderData } from '@remix-run/react'
import { Breadcrumbs } from '~/components/Breadcrumbs'
import { FeedbackSummaryView } from '~/components/FeedbackSummaryView'
import { translator, useT } from '~/i18n/intl'
import { openFeedbackSummary } from '~/models/feedback.server'
import { getDb } from '~/utils/db.server'
import { localeFromMatches, pageMeta } from '~/utils/meta'
import { requireManagedWorkshop } from '~/web/guards.server'

export const meta: MetaFunction = ({ matches }) => pageMeta(matches, translator(localeFromMatches(matches))('fb.title'))
export const headers = () => ({ 'Cache-Control': 'no-store' })

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { user, workshop } = await requireManagedWorkshop(request, params.id)
  return {
    workshop: { id: workshop.id, title: workshop.title },
    summary: await openFeedbackSummary(getDb(), { scope: { workshopId: workshop.id }, user, now: new Date() }),
  }
}

export default function WorkshopFeedback() {
  const { workshop, summary } = useLoaderData<typeof loader>()
  const t = useT()
  return (
    <>
      <Breadcrumbs
        items={[
          { label: t('org.title'), to: '/organiser' },
          { label: workshop.title, to: `/organiser/workshops/${workshop.id}` },
          { label: t('fb.title') },
        ]}
      />
      <h1>
        {t('fb.title')}: {workshop.title}
      </h1>
      <FeedbackSummaryView summary={summary} exportBase={`/organiser/workshops/${workshop.id}/feedback`} />
    </>
  )
}

export { ErrorBoundary } from '~/components/RouteErrorBoundary'
