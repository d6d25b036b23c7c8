import { useT } from '~/i18n/intl'

type Worksheet = { id: number; title: string; /** Shown after the title: the file or the workshop. */ detail: string }

/** The worksheets a person may download, on their manage page and on "my bookings". */
export function WorksheetLinks({ worksheets, href }: { worksheets: Worksheet[]; href: (id: number) => string }) {
  const t = useT()
  if (worksheets.length === 0) return null
  return (
    <section aria-labelledby="worksheets-heading">
      <h2 id="worksheets-heading">{t('worksheets.yours')}</h2>
      <ul>
        {worksheets.map((w) => (
          <li key={w.id}>
            <a href={href(w.id)}>{w.title}</a> <span className="muted">({w.detail})</span>
          </li>
        ))}
      </ul>
    </section>
  )
}
