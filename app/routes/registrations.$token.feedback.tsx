import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { Form, Link, useActionData, useLoaderData } from '@remix-run/react'
import { ActionNotices } from '~/components/ActionNotices'
import { ChoiceGroup } from '~/components/ChoiceFields'
import { ErrorSummary, summaryLine } from '~/components/FieldError'
import { TextField } from '~/components/TextField'
import { translator, useLocale, useT, type MessageId } from '~/i18n/intl'
import { getFeedbackPage, parseFeedbackForm, saveFeedback } from '~/models/feedback.server'
import { RATINGS } from '~/models/vocabulary'
import { formatDate, formatTimeRange } from '~/utils/dates'
import { getDb } from '~/utils/db.server'
import { textValue } from '~/utils/form-values'
import { localeFromMatches } from '~/utils/meta'
import { formError, invalidForm, readForm } from '~/web/forms.server'
import { redirectWithNotice } from '~/web/notices.server'
import { useRedirectNotice } from '~/web/notices'
import { orNotFound } from '~/web/refusals.server'
import { PRIVATE_HEADERS, tokenPageMeta } from '~/web/token-pages'

const FIELDS: { name: 'useInWork' | 'improve' | 'comment'; label: MessageId }[] = [
  { name: 'useInWork', label: 'feedback.useInWork' },
  { name: 'improve', label: 'feedback.improve' },
  { name: 'comment', label: 'feedback.comment' },
]

export async function loader({ params }: LoaderFunctionArgs) {
  const token = params.token ?? ''
  const page = orNotFound(await getFeedbackPage(getDb(), { token, now: new Date() }), PRIVATE_HEADERS)
  return { token, ...page }
}

export async function action({ request, params }: ActionFunctionArgs) {
  const token = params.token ?? ''
  const now = new Date()
  // Someone who may not answer is told so, whatever they sent: the page shows them no form.
  const page = orNotFound(await getFeedbackPage(getDb(), { token, now }), PRIVATE_HEADERS)
  if (page.eligibility.kind !== 'open')
    return formError(page.eligibility.kind === 'closed' ? 'feedback.closed' : 'feedback.notAttended', {
      status: page.eligibility.kind === 'closed' ? 409 : 403,
      headers: PRIVATE_HEADERS,
    })
  const parsed = parseFeedbackForm(await readForm(request))
  if (!parsed.ok) return invalidForm(parsed, { headers: PRIVATE_HEADERS })
  const result = await saveFeedback(getDb(), { token, form: parsed.data, now })
  switch (result.kind) {
    case 'saved':
      return redirectWithNotice(`/registrations/${token}/feedback`, { saved: 1 }, { headers: PRIVATE_HEADERS })
    case 'not_found':
      return orNotFound(undefined, PRIVATE_HEADERS)
    case 'closed':
      return formError('feedback.closed', { status: 409, values: parsed.values, headers: PRIVATE_HEADERS })
    case 'not_attended':
      return formError('feedback.notAttended', { status: 403, values: parsed.values, headers: PRIVATE_HEADERS })
  }
}

export const headers = () => PRIVATE_HEADERS

export const meta: MetaFunction<typeof loader> = ({ matches }) =>
  tokenPageMeta(matches, translator(localeFromMatches(matches))('feedback.title'))

export default function Feedback() {
  const { token, workshopTitle, startsAt, endsAt, eligibility, values } = useLoaderData<typeof loader>()
  const actionData = useActionData<typeof action>()
  const { saved } = useRedirectNotice('saved')
  const t = useT()
  const locale = useLocale()
  const shown = actionData?.values ?? values
  const errors = actionData?.errors ?? {}
  const message = (field: string) => (errors[field] ? t(errors[field]) : undefined)
  const until = eligibility.kind === 'open' ? formatDate(eligibility.until, locale) : ''
  return (
    <div className="narrow">
      <h1>{t('feedback.title')}</h1>
      <p>{t('feedback.intro', { workshop: workshopTitle, date: formatTimeRange(startsAt, endsAt, locale) })}</p>
      {saved ? (
        <p className="notice notice--success" role="status">
          {t('feedback.saved', { date: until })}
        </p>
      ) : null}
      <ActionNotices answer={actionData} />
      {eligibility.kind === 'open' ? (
        <Form method="post" noValidate>
          <ErrorSummary
            title={t('form.error.summary')}
            errors={[
              { field: 'rating', label: t('feedback.rating') },
              ...FIELDS.map((f) => ({ field: f.name, label: t(f.label) })),
            ]
              .filter((f) => errors[f.field])
              .map((f) => ({
                field: f.field,
                message: summaryLine(f.label, message(f.field)),
              }))}
          />
          {values && !saved ? <p>{t('feedback.editable', { date: until })}</p> : null}
          <ChoiceGroup
            name="rating"
            type="radio"
            legend={`${t('feedback.rating')} (${t('feedback.ratingHint')})`}
            options={RATINGS.map((r) => ({ value: String(r), label: t('feedback.ratingValue', { rating: r }) }))}
            checked={[textValue(shown, 'rating')]}
            error={message('rating')}
          />
          {FIELDS.map((f) => (
            <TextField
              key={f.name}
              name={f.name}
              label={t(f.label)}
              rows={4}
              defaultValue={textValue(shown, f.name)}
              error={message(f.name)}
            />
          ))}
          <button type="submit" className="button">
            {t('feedback.save')}
          </button>
        </Form>
      ) : (
        <p>{eligibility.kind === 'closed' ? t('feedback.closed') : t('feedback.notAttended')}</p>
      )}
      <p>
        <Link to={`/registrations/${token}`}>{t('manage.title')}</Link>
      </p>
    </div>
  )
}

export { ErrorBoundary } from './registrations.$token._index'
