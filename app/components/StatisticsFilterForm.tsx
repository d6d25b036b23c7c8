import { Form, Link, useLocation } from '@remix-run/react'
import { useT } from '~/i18n/intl'
import { AUDIENCE_FILTERS } from '~/models/catalogue-filters'
import type { StatisticsField, StatisticsValues } from '~/models/statistics-filters'
import { PERIOD_KINDS } from '~/models/statistics-periods'
import { SCHOOL_LEVELS, TOPICS } from '~/models/vocabulary'
import type { FieldErrors } from '~/utils/form-values'
import { SelectField } from './ChoiceFields'
import { ErrorSummary } from './FieldError'
import { TextField } from './TextField'

type Choices = { bodies: { id: number; name: string }[]; workshops: { id: number; title: string }[] }

/** The dashboard's period and filters: one GET form, so a URL shares the view and no JavaScript is needed. */
export function StatisticsFilterForm({
  values,
  errors,
  choices,
}: {
  values: StatisticsValues
  errors: FieldErrors<StatisticsField>
  choices: Choices
}) {
  const t = useT()
  const location = useLocation()
  const message = (field: StatisticsField) => {
    const id = errors[field]
    return id ? t(id) : undefined
  }
  const summary = (['period', 'value', 'from', 'to', 'body', 'topic', 'audience', 'level', 'workshop'] as const).flatMap((f) => {
    const text = message(f)
    return text ? [{ field: f, message: text }] : []
  })
  const any = { value: '', label: t('stats.filters.any') }
  // A refused choice shows "all", which is what the figures use; typed text stays as typed.
  const chosen = (field: StatisticsField) => (errors[field] ? '' : values[field])
  const filtered = Object.values(values).some((v) => v !== '')
  return (
    // A new key per URL resets the fields to what the server read from it.
    <Form method="get" action="/organiser/stats" className="filters" key={location.search} noValidate>
      <ErrorSummary title={t('stats.error.summary')} errors={summary} />
      <h2>{t('stats.filters.heading')}</h2>
      <div className="filters__row">
        <SelectField
          name="period"
          label={t('stats.filters.period')}
          defaultValue={errors.period ? 'schoolYear' : values.period || 'schoolYear'}
          error={message('period')}
          options={PERIOD_KINDS.map((kind) => ({ value: kind, label: t(`stats.period.${kind}`) }))}
        />
        <TextField
          name="value"
          label={t('stats.filters.value')}
          hint={t('stats.filters.valueHint')}
          autoComplete="off"
          spellCheck={false}
          defaultValue={values.value}
          error={message('value')}
        />
        <TextField
          name="from"
          type="date"
          label={t('stats.filters.from')}
          hint={t('stats.filters.dateHint')}
          defaultValue={values.from}
          error={message('from')}
        />
        <TextField
          name="to"
          type="date"
          label={t('stats.filters.to')}
          hint={t('stats.filters.dateHint')}
          defaultValue={values.to}
          error={message('to')}
        />
      </div>
      <div className="filters__row">
        <SelectField
          name="body"
          label={t('stats.filters.body')}
          defaultValue={chosen('body')}
          error={message('body')}
          options={[any, ...choices.bodies.map((b) => ({ value: String(b.id), label: b.name }))]}
        />
        <SelectField
          name="topic"
          label={t('stats.filters.topic')}
          defaultValue={chosen('topic')}
          error={message('topic')}
          options={[any, ...TOPICS.map((topic) => ({ value: topic, label: t(`topic.${topic}`) }))]}
        />
        <SelectField
          name="audience"
          label={t('stats.filters.audience')}
          defaultValue={chosen('audience')}
          error={message('audience')}
          options={[any, ...AUDIENCE_FILTERS.map((a) => ({ value: a, label: t(`audience.${a}`) }))]}
        />
        <SelectField
          name="level"
          label={t('stats.filters.level')}
          defaultValue={chosen('level')}
          error={message('level')}
          options={[any, ...SCHOOL_LEVELS.map((level) => ({ value: level, label: t(`booking.fields.schoolLevel.${level}`) }))]}
        />
        <SelectField
          name="workshop"
          label={t('stats.filters.workshop')}
          defaultValue={chosen('workshop')}
          error={message('workshop')}
          options={[any, ...choices.workshops.map((w) => ({ value: String(w.id), label: w.title }))]}
        />
      </div>
      <div className="filters__actions">
        <button type="submit" className="button">
          {t('stats.filters.submit')}
        </button>
        {filtered ? (
          <Link to="/organiser/stats" className="filters__reset">
            {t('stats.filters.reset')}
          </Link>
        ) : null}
      </div>
    </Form>
  )
}
