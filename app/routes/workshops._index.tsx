import { data, type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node'
import { useLoaderData, useLocation, useNavigation } from '@remix-run/react'
import { CalendarSubscribe } from '~/components/CalendarSubscribe'
import { CatalogueFilterForm } from '~/components/CatalogueFilterForm'
import { Pagination } from '~/components/Pagination'
import { WorkshopCard } from '~/components/WorkshopCard'
import { translator, useT } from '~/i18n/intl'
import { getLocale } from '~/i18n/locale.server'
import { hasActiveFilters } from '~/models/catalogue-filters'
import { parseCatalogueFilters } from '~/models/catalogue-filters.server'
import { catalogueMonths, cataloguePlaces, listCataloguePage } from '~/models/catalogue-page.server'
import { catalogueCard } from '~/models/catalogue.server'
import { recordPageSeats } from '~/models/seat-token'
import { getDb } from '~/utils/db.server'
import { localeFromMatches, pageMeta } from '~/utils/meta'
import { catalogueFeedLinks } from '~/web/calendar-feeds.server'

export async function loader({ request, context }: LoaderFunctionArgs) {
  const params = new URL(request.url).searchParams
  const { filters, errors } = parseCatalogueFilters(params)
  const now = new Date()
  const db = getDb()
  const [catalogue, months, places] = await Promise.all([
    listCataloguePage(db, { filters, now, page: pageNumber(params.get('page')) }),
    catalogueMonths(db, { now }),
    cataloguePlaces(db, { now }),
  ])
  const { total, page, pages } = catalogue
  const workshops = catalogue.workshops.map(catalogueCard)
  // Without "free seats", seat counts change nothing on this page but the cards' seats: the
  // page cache may bring those up to date in place of a new render (seat-patch.server.tsx).
  if (!filters.freeOnly) {
    recordPageSeats(
      context.pageSeats,
      'catalogue',
      workshops.flatMap(({ nextSession }) => (nextSession ? [nextSession] : [])),
    )
  }
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
  return data(
    { workshops, total, page, pages, months, places, values, errors, filtered: hasActiveFilters(filters), feed },
    { status },
  )
}

/** A page number as sent; anything else is the first page. */
function pageNumber(raw: string | null): number {
  const n = Number(raw)
  return Number.isSafeInteger(n) && n >= 1 ? n : 1
}

export const meta: MetaFunction<typeof loader> = ({ matches }) => {
  const t = translator(localeFromMatches(matches))
  return pageMeta(matches, t('catalogue.title'), t('catalogue.intro'))
}

export default function Catalogue() {
  const { workshops, total, page, pages, months, places, values, errors, filtered, feed } = useLoaderData<typeof loader>()
  const t = useT()
  const { search } = useLocation()
  const searching = useNavigation().location?.pathname === '/workshops'
  return (
    <>
      <h1>{t('catalogue.title')}</h1>
      <p className="lead">{t('catalogue.intro')}</p>
      <CatalogueFilterForm values={values} errors={errors} months={months} places={places} filtered={filtered} />
      <section aria-labelledby="results-heading" className="results" aria-busy={searching}>
        <h2 id="results-heading" className="results__count">
          {t('catalogue.results', { count: total })}
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
        <Pagination page={page} pages={pages} search={search} />
      </section>
      {/* After the results: on a phone, what the page is for comes first. */}
      <CalendarSubscribe links={feed} help={t('feeds.subscribe.catalogueHelp')} />
    </>
  )
}
