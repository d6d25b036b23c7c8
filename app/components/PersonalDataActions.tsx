import { Link } from '@remix-run/react'
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

/** Below the data: erasing starts on a page that first says what will happen. */
export function EraseDataPrompt({ intro, linkLabel, href }: { intro: string; linkLabel: string; href: string }) {
  const t = useT()
  return (
    <section aria-labelledby="erase-heading">
      <h2 id="erase-heading">{t('data.eraseHeading')}</h2>
      <p>{intro}</p>
      <p>
        <Link to={href} className="button button--secondary">
          {linkLabel}
        </Link>
      </p>
      <p>
        <Link to="/privacy">{t('data.retention')}</Link>
      </p>
    </section>
  )
}
