import { data, type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node'
import { Form, Link, useLoaderData } from '@remix-run/react'
import { SCHOOL_LEVELS, TOPICS } from '~/models/vocabulary'
import { SelectField } from '~/components/ChoiceFields'
import { TextField } from '~/components/TextField'
import { ErrorSummary } from '~/components/FieldError'
import { translator, useLocale, useT } from '~/i18n/intl'
import { parseWorksheetFilters } from '~/models/catalogue-filters.server'
import { listPublicWorksheets } from '~/models/worksheets.server'
import { getDb } from '~/utils/db.server'
import { formatFileSize } from '~/utils/file-size'
import { localeFromMatches, pageMeta } from '~/utils/meta'

export const meta: MetaFunction = ({ matches }) => {
  const t = translator(localeFromMatches(matches))
  return pageMeta(matches, t('worksheets.title'), t('worksheets.intro'))
}

/** The public library of worksheets; as in the catalogue, a bad filter value answers 400 next to its field. */
export async function loader({ request }: LoaderFunctionArgs) {
  const params = new URL(request.url).searchParams
  const { filters, errors } = parseWorksheetFilters(params)
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
          errors={(['q', 'topic', 'level'] as const).flatMap((f) => {
            const message = errors[f]
            return message ? [{ field: f, message: t(message) }] : []
          })}
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
                  {w.fileName}, {formatFileSize(w.size, locale)}
                </span>
              </article>
            </li>
          ))}
        </ul>
      </section>
    </>
  )
}
