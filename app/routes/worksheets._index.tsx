import { data, type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node'
import { Form, Link, useLoaderData } from '@remix-run/react'
import { z } from 'zod'
import { SCHOOL_LEVELS, TOPICS } from '~/models/vocabulary'
import { SelectField } from '~/components/ChoiceFields'
import { TextField } from '~/components/TextField'
import { ErrorSummary } from '~/components/FieldError'
import { translator, useLocale, useT, type MessageId } from '~/i18n/intl'
import { MAX_QUERY_LENGTH } from '~/models/catalogue-filters'
import { listPublicWorksheets } from '~/models/worksheets.server'
import { getDb } from '~/utils/db.server'
import { localeFromMatches, pageMeta } from '~/utils/meta'

export const meta: MetaFunction = ({ matches }) => {
  const t = translator(localeFromMatches(matches))
  return pageMeta(matches, t('worksheets.title'), t('worksheets.intro'))
}

const FILTERS = {
  q: z.string().max(MAX_QUERY_LENGTH, 'catalogue.error.qTooLong'),
  topic: z.enum(TOPICS, 'catalogue.error.topic').optional(),
  level: z.enum(SCHOOL_LEVELS, 'worksheets.error.levels').optional(),
}
type FilterField = keyof typeof FILTERS

/**
 * The public library of worksheets. As in the catalogue, a bad filter value never fails the
 * page: it is dropped from the filters and reported next to its field, with status 400.
 */
export async function loader({ request }: LoaderFunctionArgs) {
  const params = new URL(request.url).searchParams
  const errors: Partial<Record<FilterField, MessageId>> = {}
  const read = (field: FilterField) => {
    const raw = params.get(field) || undefined
    const result = FILTERS[field].safeParse(field === 'q' ? (raw ?? '') : raw)
    if (result.success) return result.data
    errors[field] = (result.error.issues[0]?.message ?? 'catalogue.error.generic') as MessageId
    return undefined
  }
  const filters = {
    q: (read('q') ?? '').trim(),
    topic: read('topic') as (typeof TOPICS)[number] | undefined,
    level: read('level') as (typeof SCHOOL_LEVELS)[number] | undefined,
  }
  const worksheets = await listPublicWorksheets(getDb(), filters)
  const status = Object.keys(errors).length > 0 ? 400 : 200
  return data({ filters, typedQuery: params.get('q') ?? '', errors, worksheets }, { status })
}

export default function WorksheetLibrary() {
  const { filters, typedQuery, errors, worksheets } = useLoaderData<typeof loader>()
  const t = useT()
  const locale = useLocale()
  return (
    <>
      <h1>{t('worksheets.title')}</h1>
      <p className="lead">{t('worksheets.intro')}</p>
      <Form method="get" role="search" className="filters" noValidate>
        <ErrorSummary
          title={t('catalogue.error.summary')}
          errors={(['q', 'topic', 'level'] as const).filter((f) => errors[f]).map((f) => ({ field: f, message: t(errors[f]!) }))}
        />
        <TextField
          name="q"
          type="search"
          label={t('worksheets.search')}
          defaultValue={typedQuery}
          error={errors.q ? t(errors.q) : undefined}
        />
        <div className="filters__row">
          <SelectField
            name="topic"
            label={t('worksheets.topic')}
            defaultValue={filters.topic ?? ''}
            error={errors.topic ? t(errors.topic) : undefined}
            options={[
              { value: '', label: t('worksheets.any') },
              ...TOPICS.map((topic) => ({ value: topic, label: t(`topic.${topic}`) })),
            ]}
          />
          <SelectField
            name="level"
            label={t('worksheets.level')}
            defaultValue={filters.level ?? ''}
            error={errors.level ? t(errors.level) : undefined}
            options={[
              { value: '', label: t('worksheets.any') },
              ...SCHOOL_LEVELS.map((l) => ({ value: l, label: t(`booking.fields.schoolLevel.${l}`) })),
            ]}
          />
        </div>
        <button type="submit" className="button">
          {t('worksheets.submit')}
        </button>
      </Form>
      <section aria-labelledby="worksheet-results">
        <h2 id="worksheet-results" className="results__count">
          {t('worksheets.results', { count: worksheets.length })}
        </h2>
        <ul className="card-list">
          {worksheets.map((w) => (
            <li key={w.id}>
              <article className="card">
                <h3 className="card__title">{w.title}</h3>
                {w.description ? <p className="card__summary">{w.description}</p> : null}
                <p>
                  <Link to={`/workshops/${w.workshopSlug}`}>{t('worksheets.fromWorkshop', { workshop: w.workshopTitle })}</Link>
                </p>
                <p className="muted">
                  {t('worksheets.licence')}:{' '}
                  {w.licence === 'all-rights-reserved' ? t('worksheets.licence.all-rights-reserved') : w.licence}
                  {w.levels.length > 0 ? ` · ${w.levels.map((l) => t(`booking.fields.schoolLevel.${l}`)).join(', ')}` : ''}
                </p>
                <a className="button" href={`/worksheets/${w.id}/download`}>
                  {t('worksheets.download')}
                  <span className="visually-hidden">: {w.title}</span>
                </a>{' '}
                <span className="muted">
                  {w.fileName}, {(w.size / 1024 / 1024).toLocaleString(locale, { maximumFractionDigits: 1 })} MB
                </span>
              </article>
            </li>
          ))}
        </ul>
      </section>
    </>
  )
}
