import { Link } from '@remix-run/react'
import { useLocale, useT } from '~/i18n/intl'
import type { CatalogueCard } from '~/models/catalogue.server'
import { readSeatToken } from '~/models/seat-token'
import { CardSeats } from './CardSeats'
import { SessionPlace } from './SessionPlace'
import { WorkshopTags } from './WorkshopTags'
import { TimeRange } from './TimeRange'

export function WorkshopCard({ workshop }: { workshop: CatalogueCard }) {
  const t = useT()
  const locale = useLocale()
  const next = workshop.nextSession
  return (
    <article className="card">
      <h3 className="card__title">
        <Link to={`/workshops/${workshop.slug}`} lang={workshop.language === locale ? undefined : workshop.language}>
          {workshop.title}
        </Link>
      </h3>
      <WorkshopTags topic={workshop.topic} audiences={workshop.audiences} />
      <p className="card__summary" lang={workshop.language === locale ? undefined : workshop.language}>
        {workshop.summary}
      </p>
      <dl className="card__facts">
        <div>
          <dt>{t('catalogue.nextSession')}</dt>
          <dd>
            {next ? (
              <>
                <TimeRange startsAt={next.startsAt} endsAt={next.endsAt} />
                {', '}
                <SessionPlace place={next.place} short />
                {workshop.upcomingSessions > 1 ? (
                  <span className="muted"> {t('catalogue.moreSessions', { count: workshop.upcomingSessions - 1 })}</span>
                ) : null}
              </>
            ) : (
              t('catalogue.noSessions')
            )}
          </dd>
        </div>
        {next ? (
          <div>
            <dt>{t('workshop.seats')}</dt>
            <CardSeats sessionId={next.id} availability={readSeatToken(next.seats)} />
          </div>
        ) : null}
        <div>
          <dt>{t('workshop.length')}</dt>
          <dd>{t('hours', { hours: workshop.lengthHours })}</dd>
        </div>
      </dl>
    </article>
  )
}
