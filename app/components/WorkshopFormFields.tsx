import { Form } from '@remix-run/react'
import { AUDIENCES, LANGUAGES, TOPICS } from '~/models/vocabulary'
import { useT, type MessageId } from '~/i18n/intl'
import type { WorkshopFormField } from '~/models/organiser-workshops.server'
import { ChoiceGroup, SelectField } from './ChoiceFields'
import { ErrorSummary, summaryLine } from './FieldError'
import { TextField } from './TextField'

export type WorkshopFormValues = {
  title: string
  slug: string
  summary: string
  descriptionMd: string
  topic: string
  audiences: string[]
  lengthHours: string
  language: string
  organiserId: string
  published: boolean
  accreditationRef: string
  requiresBirthDate: boolean
}

const ORDER: WorkshopFormField[] = [
  'title',
  'slug',
  'summary',
  'descriptionMd',
  'topic',
  'audiences',
  'lengthHours',
  'language',
  'organiserId',
]

export function WorkshopFormFields({
  values,
  errors,
  organisers,
  previewHtml,
}: {
  values: WorkshopFormValues
  errors: Partial<Record<WorkshopFormField, MessageId>>
  organisers: { id: number; name: string }[]
  previewHtml?: string
}) {
  const t = useT()
  const message = (f: WorkshopFormField) => (errors[f] ? t(errors[f]!) : undefined)
  const labels: Record<WorkshopFormField, MessageId> = {
    title: 'wf.title',
    slug: 'wf.slug',
    summary: 'wf.summary',
    descriptionMd: 'wf.description',
    topic: 'wf.topic',
    audiences: 'wf.audiences',
    lengthHours: 'wf.length',
    language: 'wf.language',
    organiserId: 'wf.organiser',
    published: 'wf.published',
    accreditationRef: 'wf.accreditation',
    requiresBirthDate: 'wf.requiresBirthDate',
  }
  return (
    <Form method="post" noValidate className="stack-form">
      <ErrorSummary
        title={t('form.error.summary')}
        errors={ORDER.filter((f) => errors[f]).map((f) => ({ field: f, message: summaryLine(t(labels[f]), message(f)) }))}
      />
      <TextField name="title" label={t('wf.title')} defaultValue={values.title} error={message('title')} />
      <TextField
        name="slug"
        label={t('wf.slug')}
        hint={t('wf.slugHint')}
        defaultValue={values.slug}
        error={message('slug')}
        spellCheck={false}
      />
      <TextField name="summary" label={t('wf.summary')} defaultValue={values.summary} error={message('summary')} />
      <TextField
        name="descriptionMd"
        label={t('wf.description')}
        hint={t('wf.descriptionHint')}
        rows={10}
        defaultValue={values.descriptionMd}
        error={message('descriptionMd')}
      />
      {previewHtml !== undefined ? (
        <section className="preview" aria-labelledby="preview-heading">
          <h2 id="preview-heading">{t('wf.previewHeading')}</h2>
          <div className="prose" dangerouslySetInnerHTML={{ __html: previewHtml }} />
        </section>
      ) : null}
      <SelectField
        name="topic"
        label={t('wf.topic')}
        defaultValue={values.topic}
        error={message('topic')}
        options={TOPICS.map((topic) => ({ value: topic, label: t(`topic.${topic}`) }))}
      />
      <ChoiceGroup
        name="audiences"
        legend={t('wf.audiences')}
        type="checkbox"
        checked={values.audiences}
        error={message('audiences')}
        options={AUDIENCES.map((a) => ({ value: a, label: t(`audience.${a}`) }))}
      />
      <TextField name="lengthHours" label={t('wf.length')} defaultValue={values.lengthHours} error={message('lengthHours')} />
      <SelectField
        name="language"
        label={t('wf.language')}
        defaultValue={values.language}
        error={message('language')}
        options={LANGUAGES.map((l) => ({ value: l, label: t(`workshop.language.${l}`) }))}
      />
      <SelectField
        name="organiserId"
        label={t('wf.organiser')}
        defaultValue={values.organiserId}
        error={message('organiserId')}
        options={organisers.map((o) => ({ value: String(o.id), label: o.name }))}
      />
      <TextField
        name="accreditationRef"
        label={t('wf.accreditation')}
        hint={t('wf.accreditationHint')}
        defaultValue={values.accreditationRef}
        error={message('accreditationRef')}
      />
      <div className="checkbox field">
        <input
          type="checkbox"
          id="requiresBirthDate"
          name="requiresBirthDate"
          value="yes"
          defaultChecked={values.requiresBirthDate}
        />
        <label htmlFor="requiresBirthDate">{t('wf.requiresBirthDate')}</label>
      </div>
      <div className="checkbox field">
        <input type="checkbox" id="published" name="published" value="yes" defaultChecked={values.published} />
        <label htmlFor="published">{t('wf.published')}</label>
      </div>
      {/* Save comes first: Enter in a text field presses the form's first submit button. */}
      <button type="submit" name="intent" value="save" className="button">
        {t('wf.save')}
      </button>
      <button type="submit" name="intent" value="preview" className="button button--secondary">
        {t('wf.preview')}
      </button>
    </Form>
  )
}
