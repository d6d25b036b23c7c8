import { Form, Link, useLocation } from '@remix-run/react'
import { TOPICS } from '~/models/vocabulary'
import { useLocale, useT } from '~/i18n/intl'
import type { FilterErrors, FilterField } from '~/models/catalogue-filters'
import { formatMonth } from '~/utils/dates'
import { ErrorSummary, FieldError, fieldErrorProps } from './FieldError'
import { TextField } from './TextField'

type Values = { q: string; topic: string; audience: string; month: string; free: boolean }

const TEACHER_FILTERS = ['teacher', 'teacher_ms', 'teacher_zs', 'teacher_ss', 'teacher_vos'] as const
const OTHER_AUDIENCE_FILTERS = ['official', 'public'] as const

/** One GET form for search and every filter, so a URL shares the view and no JavaScript is needed. */
export function CatalogueFilterForm({
  values,
  errors,
  months,
  filtered,
}: {
  values: Values
  errors: FilterErrors
  months: string[]
  filtered: boolean
}) {
  const t = useT()
  const locale = useLocale()
  const location = useLocation()
  const message = (field: FilterField) => {
    const id = errors[field]
    return id ? t(id) : undefined
  }
  const monthOptions =
    months.includes(values.month) || !/^\d{4}-\d{2}$/.test(values.month) || errors.month
      ? months
      : [values.month, ...months].sort()
  const summary = (['q', 'topic', 'audience', 'month'] as const).flatMap((f) => {
    const text = message(f)
    return text ? [{ field: f, message: text }] : []
  })

  return (
    // A new key per URL resets the fields to what the server read from it.
    <Form method="get" action="/workshops" className="filters" role="search" key={location.search} noValidate>
      <ErrorSummary title={t('catalogue.error.summary')} errors={summary} />
      <h2 className="visually-hidden">{t('catalogue.filters.heading')}</h2>
      <div className="filters__search">
        <TextField
          name="q"
          type="search"
          label={t('catalogue.filters.q')}
          hint={t('catalogue.filters.qHint')}
          autoComplete="off"
          defaultValue={values.q}
          error={message('q')}
        />
      </div>
      <div className="filters__row">
        <div className="field">
          <label htmlFor="topic">{t('catalogue.filters.topic')}</label>
          <FieldError id="topic">{message('topic')}</FieldError>
          <select name="topic" defaultValue={errors.topic ? '' : values.topic} {...fieldErrorProps('topic', message('topic'))}>
            <option value="">{t('catalogue.filters.any')}</option>
            {TOPICS.map((topic) => (
              <option key={topic} value={topic}>
                {t(`topic.${topic}`)}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor="audience">{t('catalogue.filters.audience')}</label>
          <FieldError id="audience">{message('audience')}</FieldError>
          <select
            name="audience"
            defaultValue={errors.audience ? '' : values.audience}
            {...fieldErrorProps('audience', message('audience'))}
          >
            <option value="">{t('catalogue.filters.any')}</option>
            <optgroup label={t('catalogue.filters.teachersGroup')}>
              {TEACHER_FILTERS.map((a) => (
                <option key={a} value={a}>
                  {t(`audience.${a}`)}
                </option>
              ))}
            </optgroup>
            <optgroup label={t('catalogue.filters.othersGroup')}>
              {OTHER_AUDIENCE_FILTERS.map((a) => (
                <option key={a} value={a}>
                  {t(`audience.${a}`)}
                </option>
              ))}
            </optgroup>
          </select>
        </div>
        <div className="field">
          <label htmlFor="month">{t('catalogue.filters.month')}</label>
          <FieldError id="month">{message('month')}</FieldError>
          <select name="month" defaultValue={errors.month ? '' : values.month} {...fieldErrorProps('month', message('month'))}>
            <option value="">{t('catalogue.filters.anyMonth')}</option>
            {monthOptions.map((m) => (
              <option key={m} value={m}>
                {formatMonth(m, locale)}
              </option>
            ))}
          </select>
        </div>
      </div>
      <div className="filters__actions">
        <div className="checkbox">
          <input type="checkbox" id="free" name="free" value="1" defaultChecked={values.free} />
          <label htmlFor="free">{t('catalogue.filters.freeOnly')}</label>
        </div>
        <button type="submit" className="button">
          {t('catalogue.filters.submit')}
        </button>
        {filtered ? (
          <Link to="/workshops" className="filters__reset">
            {t('catalogue.filters.reset')}
          </Link>
        ) : null}
      </div>
    </Form>
  )
}
