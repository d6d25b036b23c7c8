import { useT } from '~/i18n/intl'
import type { ActionData } from '~/web/action-data'

/**
 * What an action answered in place: a success notice (a polite status) and a message about
 * the whole form (an alert). Field errors are shown next to their fields instead.
 */
export function ActionNotices({ answer }: { answer: ActionData | undefined }) {
  const t = useT()
  return (
    <>
      {answer?.notice ? (
        <p className="notice notice--success" role="status">
          {t(answer.notice.id, answer.notice.values)}
        </p>
      ) : null}
      {answer?.formError ? (
        <p className="notice notice--warning" role="alert">
          {t(answer.formError, answer.formErrorValues)}
        </p>
      ) : null}
    </>
  )
}
