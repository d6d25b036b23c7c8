import { data, type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node'
import { useLoaderData, useNavigation } from '@remix-run/react'
import { CalendarSubscribe } from '~/components/CalendarSubscribe'
import { CatalogueFilterForm } from '~/components/CatalogueFilterForm'
import { WorkshopCard } from '~/components/WorkshopCard'
import { translator, useT } from '~/i18n/intl'
import { getLocale } from '~/i18n/locale.server'
import { hasActiveFilters, parseCatalogueFilters } from '~/models/catalogue-filters'
import { listCatalogue, listCatalogueMonths, listCataloguePlaces } from '~/models/catalogue.server'
import { getDb } from '~/utils/db.server'
import { localeFromMatches, pageMeta } from '~/utils/meta'
import { catalogueFeedLinks } from '~/web/calendar-feeds.server'

export async function loader({ request }: LoaderFunctionArgs) {
  const params = new URL(request.url).searchParams
  const { filters, errors } = parseCatalogueFilters(params)
  const now = new Date()
  const db = getDb()
  const [workshops, months, places] = await Promise.all([
    listCatalogue(db, { filters, now }),
    listCatalogueMonths(db, { now }),
    listCataloguePlaces(db, { now }),
  ])
  const values = {
    q: params.get('q') ?? '',
    topic: params.get('topic') ?? '',
    audience: params.get('audience') ?? '',
    month: params.get('month') ?? '',
    place: (params.get('place') ?? '').trim(),
    free: filters.freeOnly,
  }
  const status = Object.keys(errors).length > 0 ? 400 : 200
  // The feed of what this page shows: the filters as read (a dropped value is not in it).
  const feed = catalogueFeedLinks(filters, getLocale(request))
  return data({ workshops, months, places, values, errors, filtered: hasActiveFilters(filters), feed }, { status })
}

export const meta: MetaFunction<typeof loader> = ({ matches }) => {
  const t = translator(localeFromMatches(matches))
  return pageMeta(matches, t('catalogue.title'), t('catalogue.intro'))
}

export default function Catalogue() {
  const { workshops, months, places, values, errors, filtered, feed } = useLoaderData<typeof loader>()
  const t = useT()
  const searching = useNavigation().location?.pathname === '/workshops'
  return (
    <>
      <h1>{t('catalogue.title')}</h1>
      <p className="lead">{t('catalogue.intro')}</p>
      <CatalogueFilterForm values={values} errors={errors} months={months} places={places} filtered={filtered} />
      <section aria-labelledby="results-heading" className="results" aria-busy={searching}>
        <h2 id="results-heading" className="results__count">
          {t('catalogue.results', { count: workshops.length })}
        </h2>
        {workshops.length === 0 ? (
          <p>{t('catalogue.empty')}</p>
        ) : (
          <ul className="card-list">
            {workshops.map((workshop) => (
              <li key={workshop.slug}>
                <WorkshopCard workshop={workshop} />
              </li>
            ))}
          </ul>
        )}
      </section>
      {/* After the results: on a phone, what the page is for comes first. */}
      <CalendarSubscribe links={feed} help={t('feeds.subscribe.catalogueHelp')} />
    </>
  )
}
