import { Link } from '@remix-run/react'
import { useT } from '~/i18n/intl'

/**
 * Previous / next and the page numbers, as GOV.UK's pagination: links that keep the rest of the
 * query (the filters), the current page marked for screen readers.
 */
export function Pagination({ page, pages, search }: { page: number; pages: number; search: string }) {
  const t = useT()
  if (pages <= 1) return null
  const href = (n: number) => {
    const params = new URLSearchParams(search)
    if (n === 1) params.delete('page')
    else params.set('page', String(n))
    const query = params.toString()
    return query ? `?${query}` : '?'
  }
  return (
    <nav className="pagination" aria-label={t('pagination.label')}>
      {page > 1 && (
        <Link className="pagination__prev" to={href(page - 1)} rel="prev">
          {t('pagination.previous')}
        </Link>
      )}
      <ul className="pagination__list">
        {Array.from({ length: pages }, (_, i) => i + 1).map((n) => (
          <li key={n}>
            {n === page ? (
              <span className="pagination__current" aria-current="page">
                <span className="visually-hidden">{t('pagination.page')} </span>
                {n}
              </span>
            ) : (
              <Link to={href(n)} aria-label={t('pagination.pageOf', { page: n, pages })}>
                {n}
              </Link>
            )}
          </li>
        ))}
      </ul>
      {page < pages && (
        <Link className="pagination__next" to={href(page + 1)} rel="next">
          {t('pagination.next')}
        </Link>
      )}
    </nav>
  )
}
