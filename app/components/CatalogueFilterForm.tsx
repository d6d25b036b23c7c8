import { Form, Link, useLocation } from '@remix-run/react'
import { TOPICS } from '~/models/vocabulary'
import { useLocale, useT } from '~/i18n/intl'
import { ONLINE_PLACE, type FilterErrors, type FilterField } from '~/models/catalogue-filters'
import type { CataloguePlaces } from '~/models/catalogue.server'
import { formatMonth } from '~/utils/dates'
import { ErrorSummary, FieldError, fieldErrorProps } from './FieldError'
import { TextField } from './TextField'

type Values = { q: string; topic: string; audience: string; month: string; place: string; free: boolean }

/** The filters folded under the search box, in the order the summary lists them. */
const MORE_FILTERS = ['topic', 'audience', 'month', 'place'] as const

const TEACHER_FILTERS = ['teacher', 'teacher_ms', 'teacher_zs', 'teacher_ss', 'teacher_vos'] as const
const OTHER_AUDIENCE_FILTERS = ['official', 'public'] as const

/**
 * One GET form for search and every filter, so a URL shares the view and no JavaScript is needed.
 * The search box stays in view; the other filters fold away under it (a native <details>, which
 * opens without JavaScript), so that on a phone the first results show on the first screen.
 * They are open while one of them is set or wrong.
 */
export function CatalogueFilterForm({
  values,
  errors,
  months,
  places,
  filtered,
}: {
  values: Values
  errors: FilterErrors
  months: string[]
  places: CataloguePlaces
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
  const placeOptions =
    places.towns.includes(values.place) || values.place === '' || values.place === ONLINE_PLACE || errors.place
      ? places.towns
      : [values.place, ...places.towns]
  const summary = (['q', ...MORE_FILTERS] as const).flatMap((f) => {
    const text = message(f)
    return text ? [{ field: f, message: text }] : []
  })
  const activeMore = MORE_FILTERS.filter((f) => values[f] !== '' && !errors[f]).length + (values.free ? 1 : 0)
  const moreOpen = activeMore > 0 || MORE_FILTERS.some((f) => errors[f])

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
      <details className="filters__more" open={moreOpen}>
        <summary>
          {t('catalogue.filters.more')}
          <span className="filters__what">: {t('catalogue.filters.moreWhat')}</span>
          {activeMore > 0 ? (
            <span className="filters__count"> {t('catalogue.filters.active', { count: activeMore })}</span>
          ) : null}
        </summary>
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
          <div className="field">
            <label htmlFor="place">{t('catalogue.filters.place')}</label>
            <FieldError id="place">{message('place')}</FieldError>
            <select name="place" defaultValue={errors.place ? '' : values.place} {...fieldErrorProps('place', message('place'))}>
              <option value="">{t('catalogue.filters.anyPlace')}</option>
              {places.online || values.place === ONLINE_PLACE ? (
                <option value={ONLINE_PLACE}>{t('catalogue.filters.online')}</option>
              ) : null}
              {placeOptions.length > 0 ? (
                <optgroup label={t('catalogue.filters.towns')}>
                  {placeOptions.map((town) => (
                    <option key={town} value={town}>
                      {town}
                    </option>
                  ))}
                </optgroup>
              ) : null}
            </select>
          </div>
        </div>
        <div className="checkbox checkbox--touch">
          <input type="checkbox" id="free" name="free" value="1" defaultChecked={values.free} />
          <label htmlFor="free">{t('catalogue.filters.freeOnly')}</label>
        </div>
      </details>
      <div className="filters__actions">
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
