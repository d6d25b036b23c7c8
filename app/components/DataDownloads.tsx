import { useT } from '~/i18n/intl'

export const EXPORT_SCHEMA_PATH = '/schemas/personal-data-export.json'

/** The two downloads of "my data", as plain links: each answers with a file. */
export function DataDownloads({ base }: { base: string }) {
  const t = useT()
  return (
    <section aria-labelledby="download-heading" className="summary-box">
      <h2 id="download-heading">{t('data.download')}</h2>
      <ul>
        <li>
          <a href={`${base}.json`} download>
            {t('data.downloadJson')}
          </a>
        </li>
        <li>
          <a href={`${base}.html`} download>
            {t('data.downloadHtml')}
          </a>
        </li>
      </ul>
      <p className="hint">
        {t('data.schemaNote')} <a href={EXPORT_SCHEMA_PATH}>{t('data.schemaLink')}</a>
      </p>
    </section>
  )
}
