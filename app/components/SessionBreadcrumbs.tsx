import { useLocale, useT } from '~/i18n/intl'
import type { ManagedSession } from '~/models/organiser-sessions.server'
import { formatTimeRange } from '~/utils/dates'
import { Breadcrumbs } from './Breadcrumbs'

/** Workspace › workshop › session › this page, for the pages of one session. */
export function SessionBreadcrumbs({
  session,
  current,
}: {
  session: Pick<ManagedSession, 'id' | 'workshopId' | 'workshopTitle' | 'startsAt' | 'endsAt'>
  current: string
}) {
  const t = useT()
  const locale = useLocale()
  return (
    <Breadcrumbs
      items={[
        { label: t('org.title'), to: '/organiser' },
        { label: session.workshopTitle, to: `/organiser/workshops/${session.workshopId}` },
        { label: formatTimeRange(session.startsAt, session.endsAt, locale), to: `/organiser/sessions/${session.id}` },
        { label: current },
      ]}
    />
  )
}
