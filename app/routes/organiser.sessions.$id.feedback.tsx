import type { LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { useLoaderData } from '@remix-run/react'
import { SessionBreadcrumbs } from '~/components/SessionBreadcrumbs'
import { FeedbackSummaryView } from '~/components/FeedbackSummaryView'
import { translator, useLocale, useT } from '~/i18n/intl'
import { openFeedbackSummary } from '~/models/feedback.server'
import { formatTimeRange } from '~/utils/dates'
import { getDb } from '~/utils/db.server'
import { localeFromMatches, pageMeta } from '~/utils/meta'
import { requireManagedSession } from '~/web/guards.server'

export const meta: MetaFunction = ({ matches }) => pageMeta(matches, translator(localeFromMatches(matches))('fb.title'))
export const headers = () => ({ 'Cache-Control': 'no-store' })

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { user, session } = await requireManagedSession(request, params.id)
  return { session, summary: await openFeedbackSummary(getDb(), { scope: { sessionId: session.id }, user, now: new Date() }) }
}

export default function SessionFeedback() {
  const { session, summary } = useLoaderData<typeof loader>()
  const t = useT()
  const locale = useLocale()
  const when = formatTimeRange(session.startsAt, session.endsAt, locale)
  const base = `/organiser/sessions/${session.id}`
  return (
    <>
      <SessionBreadcrumbs session={session} current={t('fb.title')} />
      <h1>
        {t('fb.title')}: {when}
      </h1>
      <FeedbackSummaryView summary={summary} exportBase={`${base}/feedback`} />
    </>
  )
}

export { ErrorBoundary } from '~/components/RouteErrorBoundary'
