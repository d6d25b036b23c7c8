import { useLocale, useT, type MessageId } from '~/i18n/intl'
import type { FeedbackSummary } from '~/models/feedback.server'
import { formatDateTime } from '~/utils/dates'
import { DataTable } from './DataTable'

const ANSWERS: { key: 'useInWork' | 'improve' | 'comment'; label: MessageId }[] = [
  { key: 'useInWork', label: 'feedback.useInWork' },
  { key: 'improve', label: 'feedback.improve' },
  { key: 'comment', label: 'fb.comment' },
]

/** Counts, the rating and what people wrote (never who), with the downloads. */
export function FeedbackSummaryView({ summary, exportBase }: { summary: FeedbackSummary; exportBase: string }) {
  const t = useT()
  const locale = useLocale()
  const percent = new Intl.NumberFormat(locale, { style: 'percent' })
  const decimal = new Intl.NumberFormat(locale, { maximumFractionDigits: 2 })
  return (
    <>
      <p>
        {t('fb.counts', { responses: summary.responses, asked: summary.asked })}
        {summary.rate !== null ? ` (${percent.format(summary.rate)})` : ''}
      </p>
      {summary.average !== null ? <p>{t('fb.average', { average: decimal.format(summary.average) })}</p> : null}
      <DataTable headers={[t('feedback.col.rating'), t('fb.col.count')]}>
        {([5, 4, 3, 2, 1] as const).map((rating) => (
          <tr key={rating}>
            <th scope="row">{t('feedback.ratingValue', { rating })}</th>
            <td>{summary.distribution[rating]}</td>
          </tr>
        ))}
      </DataTable>
      <p className="actions">
        <a href={`${exportBase}.xlsx`}>{t('fb.exportXlsx')}</a>
        <a href={`${exportBase}.csv`}>{t('fb.exportCsv')}</a>
      </p>
      <h2>{t('fb.comments')}</h2>
      {summary.comments.length === 0 ? (
        <p>{t('fb.noComments')}</p>
      ) : (
        <ul className="feedback-comments">
          {summary.comments.map((c, i) => (
            <li key={i}>
              <p className="hint">{formatDateTime(c.sessionStartsAt, locale)}</p>
              <dl>
                {ANSWERS.filter((a) => c[a.key]).map((a) => (
                  <div key={a.key}>
                    <dt>{t(a.label)}</dt>
                    <dd>{c[a.key]}</dd>
                  </div>
                ))}
              </dl>
            </li>
          ))}
        </ul>
      )}
    </>
  )
}
