import type { LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { isRouteErrorResponse, useLoaderData, useRouteError } from '@remix-run/react'
import { ErrorPage } from '~/components/ErrorPage'
import { SessionList } from '~/components/SessionList'
import { StructuredData } from '~/components/StructuredData'
import { WorkshopTags } from '~/components/WorkshopTags'
import { Breadcrumbs } from '~/components/Breadcrumbs'
import { CalendarSubscribe } from '~/components/CalendarSubscribe'
import { translator, useLocale, useT } from '~/i18n/intl'
import { getLocale } from '~/i18n/locale.server'
import { recordPageSeats } from '~/models/seat-token'
import { workshopEvents } from '~/models/workshop-events'
import { getWorkshopPage, workshopPageView } from '~/models/workshops.server'
import { getDb } from '~/utils/db.server'
import { getEnv } from '~/utils/env.server'
import { localeFromMatches, pageMeta } from '~/utils/meta'
import { workshopFeedLinks } from '~/web/calendar-feeds.server'
import { orNotFound } from '~/web/refusals.server'

const SLUG = /^[a-z0-9]+(?:-[a-z0-9]+)*$/

export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const slug = params.slug ?? ''
  const found = SLUG.test(slug) && slug.length <= 120 ? await getWorkshopPage(getDb(), { slug, now: new Date() }) : undefined
  const workshop = workshopPageView(orNotFound(found))
  // The page cache may bring the sessions' seats up to date in place of a new render.
  recordPageSeats(context.pageSeats, 'workshop', [...workshop.upcoming, ...workshop.past])
  return { workshop, appUrl: getEnv().APP_URL, feed: workshopFeedLinks(slug, getLocale(request)) }
}

export const meta: MetaFunction<typeof loader> = ({ data, matches, error }) => {
  if (error || !data) {
    return pageMeta(matches, translator(localeFromMatches(matches))('notFound.workshopTitle'))
  }
  return pageMeta(matches, data.workshop.title, data.workshop.summary)
}

export default function WorkshopDetail() {
  const { workshop, appUrl, feed } = useLoaderData<typeof loader>()
  const t = useT()
  const locale = useLocale()
  const contentLang = workshop.language === locale ? undefined : workshop.language
  const events = workshopEvents(workshop, { appUrl })
  return (
    <>
      {events.length > 0 ? <StructuredData data={events} /> : null}
      <Breadcrumbs
        items={[
          { label: t('site.nav.workshops'), to: '/workshops' },
          { label: workshop.title, lang: contentLang },
        ]}
      />
      <div className="workshop" lang={contentLang}>
        <h1>{workshop.title}</h1>
        <p className="lead">{workshop.summary}</p>
      </div>
      <div className="workshop-layout">
        <div className="workshop-layout__main">
          <section aria-labelledby="sessions-heading">
            <h2 id="sessions-heading">{t('workshop.sessions')}</h2>
            {workshop.upcoming.length === 0 ? (
              <p>{t('workshop.noUpcoming')}</p>
            ) : (
              <SessionList sessions={workshop.upcoming} bookable />
            )}
            <CalendarSubscribe links={feed} help={t('feeds.subscribe.workshopHelp')} headingLevel={3} />
          </section>
          <section aria-labelledby="about-heading">
            <h2 id="about-heading">{t('workshop.about')}</h2>
            <div className="prose" lang={contentLang} dangerouslySetInnerHTML={{ __html: workshop.descriptionHtml }} />
          </section>
          {workshop.past.length > 0 ? (
            <section aria-labelledby="past-heading">
              <h2 id="past-heading">{t('workshop.pastSessions')}</h2>
              <SessionList sessions={workshop.past} bookable={false} />
            </section>
          ) : null}
        </div>
        <aside className="workshop-layout__side" aria-label={t('workshop.about')}>
          <dl className="facts">
            <div>
              <dt>{t('workshop.topic')}</dt>
              <dd>
                <WorkshopTags topic={workshop.topic} audiences={[]} />
              </dd>
            </div>
            <div>
              <dt>{t('workshop.audiences')}</dt>
              <dd>{workshop.audiences.map((a) => t(`audience.${a}`)).join(', ')}</dd>
            </div>
            <div>
              <dt>{t('workshop.length')}</dt>
              <dd>{t('hours', { hours: workshop.lengthHours })}</dd>
            </div>
            <div>
              <dt>{t('workshop.language')}</dt>
              <dd>{t(`workshop.language.${workshop.language}`)}</dd>
            </div>
            <div>
              <dt>{t('workshop.organiser')}</dt>
              <dd>
                {workshop.organiser.name}
                <br />
                <a href={`mailto:${workshop.organiser.email}`}>{workshop.organiser.email}</a>
              </dd>
            </div>
          </dl>
        </aside>
      </div>
    </>
  )
}

export function ErrorBoundary() {
  const error = useRouteError()
  if (isRouteErrorResponse(error) && error.status === 404) return <ErrorPage kind="workshopNotFound" />
  throw error
}
