import { Link } from '@remix-run/react'
import { useT } from '~/i18n/intl'

export type Crumb = { label: string; to?: string; lang?: string }

/** The trail to this page; the last crumb is the page itself. */
export function Breadcrumbs({ items }: { items: Crumb[] }) {
  const t = useT()
  return (
    <nav aria-label={t('workshop.breadcrumb')} className="breadcrumb">
      <ol>
        {items.map((item, i) => (
          <li key={i} aria-current={i === items.length - 1 ? 'page' : undefined} lang={item.lang}>
            {item.to && i < items.length - 1 ? <Link to={item.to}>{item.label}</Link> : item.label}
          </li>
        ))}
      </ol>
    </nav>
  )
}
