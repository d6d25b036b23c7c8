import type { MetaFunction } from '@remix-run/node'
import { DataTable } from '~/components/DataTable'
import { translator, useLocale, useT } from '~/i18n/intl'
import { OPEN_DATA_LICENCE, OPEN_DATASETS, SUPPRESSION_THRESHOLD } from '~/models/open-data'
import { localeFromMatches, pageMeta } from '~/utils/meta'

export const meta: MetaFunction = ({ matches }) => pageMeta(matches, translator(localeFromMatches(matches))('opendata.title'))

const files = (id: string) => ({
  csv: `/open-data/${id}.csv`,
  json: `/open-data/${id}.json`,
  csvw: `/open-data/${id}.csv-metadata.json`,
  schema: `/open-data/${id}.schema.json`,
  dcat: `/open-data/${id}.jsonld`,
})

/** What the datasets are, how to use them and how a catalogue harvests them; the same in both languages. */
export default function OpenData() {
  const t = useT()
  const locale = useLocale()
  return (
    <div className="narrow prose">
      <h1>{t('opendata.title')}</h1>
      <p className="lead">{t('opendata.intro')}</p>
      <ul>
        <li>{t('opendata.licence')}</li>
        <li>{t('opendata.noPersonalData', { threshold: SUPPRESSION_THRESHOLD })}</li>
        <li>{t('opendata.updated')}</li>
      </ul>
      <p>
        <a href={OPEN_DATA_LICENCE} hrefLang="cs">
          Creative Commons Uveďte původ 4.0 (CC BY 4.0)
        </a>
      </p>
      {OPEN_DATASETS.map((dataset) => {
        const text = dataset[locale]
        const links = files(dataset.id)
        return (
          <section key={dataset.id} aria-labelledby={`dataset-${dataset.id}`}>
            <h2 id={`dataset-${dataset.id}`}>{text.title}</h2>
            <p>{text.description}</p>
            <ul>
              <li>
                <a href={links.csv}>{t('opendata.csv')}</a>
              </li>
              <li>
                <a href={links.json}>{t('opendata.json')}</a>
              </li>
              <li>
                <a href={links.csvw}>{t('opendata.csvw')}</a>
              </li>
              <li>
                <a href={links.schema}>{t('opendata.schema')}</a>
              </li>
              <li>
                <a href={links.dcat}>{t('opendata.dcat')}</a>
              </li>
            </ul>
            <DataTable
              caption={t('opendata.columns', { title: text.title })}
              headers={[t('opendata.column'), t('opendata.meaning')]}
            >
              {dataset.columns.map((c) => (
                <tr key={c.name}>
                  <td>
                    <code>{c.name}</code>
                  </td>
                  <td>{c[locale]}</td>
                </tr>
              ))}
            </DataTable>
          </section>
        )
      })}
      <section aria-labelledby="harvest">
        <h2 id="harvest">{t('opendata.harvestTitle')}</h2>
        <p>{t('opendata.harvest')}</p>
        <p>
          <a href="/open-data/catalog.jsonld">{t('opendata.catalog')}</a>
        </p>
      </section>
    </div>
  )
}

export { ErrorBoundary } from '~/components/RouteErrorBoundary'
