import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { Form, Link, useActionData, useLoaderData } from '@remix-run/react'
import { ErrorSummary, FieldError } from '~/components/FieldError'
import { SessionBreadcrumbs } from '~/components/SessionBreadcrumbs'
import { translator, useLocale, useT } from '~/i18n/intl'
import { wakeOutbox } from '~/jobs/outbox-worker.server'
import { UNMARKED_CHOICES } from '~/models/vocabulary'
import { closeAttendance, closingSummary, parseCloseAttendanceForm } from '~/models/attendance.server'
import { formatTimeRange } from '~/utils/dates'
import { getDb } from '~/utils/db.server'
import { getEnv } from '~/utils/env.server'
import { textValue } from '~/utils/form-values'
import { localeFromMatches, pageMeta } from '~/utils/meta'
import { invalidForm, readForm } from '~/web/forms.server'
import { requireManagedSession } from '~/web/guards.server'
import { redirectWithNotice } from '~/web/notices.server'
import { orRefuse } from '~/web/refusals.server'

/*
 * The question before closing attendance while people are unmarked: a page of its own (the
 * GOV.UK pattern), so it works without JavaScript and nothing is mailed until it is answered.
 */

export const meta: MetaFunction = ({ matches }) =>
  pageMeta(matches, translator(localeFromMatches(matches))('roster.closeAsk.title'))
export const headers = () => ({ 'Cache-Control': 'no-store' })

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { session } = await requireManagedSession(request, params.id)
  return { session, summary: await closingSummary(getDb(), { sessionId: session.id }) }
}

export async function action({ request, params }: ActionFunctionArgs) {
  const { user, session } = await requireManagedSession(request, params.id)
  const parsed = parseCloseAttendanceForm(await readForm(request))
  if (!parsed.ok) return invalidForm(parsed)
  const result = orRefuse(
    await closeAttendance(getDb(), {
      sessionId: session.id,
      user,
      unmarked: parsed.data.unmarked,
      now: new Date(),
      appUrl: getEnv().APP_URL,
    }),
  )
  // No answer while someone is unmarked (perhaps unmarked since the page was shown): ask again.
  if (result.kind === 'unmarked_remain')
    return invalidForm({ errors: { unmarked: 'roster.closeAsk.error' }, values: parsed.values })
  wakeOutbox()
  return redirectWithNotice(`/organiser/sessions/${session.id}/attendance`, {
    closed: result.certificates,
    absent: result.markedAbsent || undefined,
    unmarked: result.leftUnmarked || undefined,
  })
}

export default function CloseAttendance() {
  const { session, summary } = useLoaderData<typeof loader>()
  const answer = useActionData<typeof action>()
  const t = useT()
  const locale = useLocale()
  const error = answer?.errors?.unmarked ? t(answer.errors.unmarked) : undefined
  const chosen = textValue(answer?.values, 'unmarked')
  const options = {
    leave: { label: t('roster.closeAsk.leave'), hint: [t('roster.closeAsk.leaveHint')] },
    absent: {
      label: t('roster.closeAsk.absent'),
      hint: [t('roster.closeAsk.absentHint'), ...(summary.missedEmail ? [t('roster.closeAsk.absentMail')] : [])],
    },
  }
  return (
    <div className="narrow">
      <SessionBreadcrumbs session={session} current={t('roster.closeAsk.title')} />
      <h1>
        {t('roster.closeAsk.title')}: {formatTimeRange(session.startsAt, session.endsAt, locale)}
      </h1>
      <ErrorSummary title={t('form.error.summary')} errors={error ? [{ field: 'unmarked', message: error }] : []} />
      <p className="lead">
        {summary.unmarked > 0
          ? t('roster.closeAsk.unmarked', { unmarked: summary.unmarked, total: summary.total })
          : t('roster.closeAsk.allMarked', { total: summary.total })}
      </p>
      <p>{t('roster.closeAsk.certificates', { attended: summary.attended })}</p>
      <Form method="post" noValidate className="stack-form">
        {summary.unmarked > 0 || error ? (
          <fieldset className="field" aria-describedby={error ? 'unmarked-error' : undefined}>
            <legend>{t('roster.closeAsk.legend')}</legend>
            <FieldError id="unmarked">{error}</FieldError>
            <div className="radios radios--stacked">
              {UNMARKED_CHOICES.map((choice, i) => {
                // The first radio carries the field's id, where the error summary links.
                const id = i === 0 ? 'unmarked' : `unmarked-${choice}`
                return (
                  <div className="radio radio--hinted" key={choice}>
                    <input
                      type="radio"
                      id={id}
                      name="unmarked"
                      value={choice}
                      defaultChecked={chosen === choice}
                      aria-describedby={`${id}-hint`}
                    />
                    <label htmlFor={id}>{options[choice].label}</label>
                    <p className="hint" id={`${id}-hint`}>
                      {options[choice].hint.join(' ')}
                    </p>
                  </div>
                )
              })}
            </div>
          </fieldset>
        ) : null}
        <div className="actions">
          <button type="submit" className="button">
            {t('roster.close')}
          </button>
          <Link to={`/organiser/sessions/${session.id}/attendance`}>{t('roster.closeAsk.back')}</Link>
        </div>
      </Form>
    </div>
  )
}

export { ErrorBoundary } from '~/components/RouteErrorBoundary'
