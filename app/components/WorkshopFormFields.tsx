import { Form } from '@remix-run/react'
import { AUDIENCES, LANGUAGES, REMINDER_CHOICES, TOPICS } from '~/models/vocabulary'
import { useT, type MessageId } from '~/i18n/intl'
import type { OrganiserOption, WorkshopFormField } from '~/models/organiser-workshops.server'
import type { ActionData } from '~/web/action-data'
import { textValue } from '~/utils/form-values'
import { ChoiceGroup, SelectField } from './ChoiceFields'
import { ErrorSummary, summaryLine } from './FieldError'
import { TextField } from './TextField'

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
  /** What was sent, or what is stored: text per field, a list for the audiences. */
  values: Record<string, string | string[]>
  errors: ActionData['errors']
  organisers: OrganiserOption[]
  previewHtml?: string
}) {
  const t = useT()
  const message = (f: WorkshopFormField) => {
    const error = errors?.[f]
    return error ? t(error) : undefined
  }
  const text = (f: WorkshopFormField) => textValue(values, f)
  const ticked = (f: WorkshopFormField) => values[f] === 'yes'
  const audiences = values.audiences
  const labels: Record<WorkshopFormField, MessageId> = {
    title: 'workshopForm.title',
    slug: 'workshopForm.slug',
    summary: 'workshopForm.summary',
    descriptionMd: 'workshopForm.description',
    topic: 'workshopForm.topic',
    audiences: 'workshopForm.audiences',
    lengthHours: 'workshopForm.length',
    language: 'workshopForm.language',
    organiserId: 'workshopForm.organiser',
    published: 'workshopForm.published',
    accreditationRef: 'workshopForm.accreditation',
    requiresBirthDate: 'workshopForm.requiresBirthDate',
    reminderHours: 'workshopForm.reminders',
    whatToBring: 'workshopForm.whatToBring',
    missedEmail: 'workshopForm.missedEmail',
  }
  return (
    <Form method="post" noValidate className="stack-form">
      <ErrorSummary
        title={t('form.error.summary')}
        errors={ORDER.filter((f) => errors?.[f]).map((f) => ({ field: f, message: summaryLine(t(labels[f]), message(f)) }))}
      />
      <TextField name="title" label={t('workshopForm.title')} defaultValue={text('title')} error={message('title')} />
      <TextField
        name="slug"
        label={t('workshopForm.slug')}
        hint={t('workshopForm.slugHint')}
        defaultValue={text('slug')}
        error={message('slug')}
        spellCheck={false}
      />
      <TextField name="summary" label={t('workshopForm.summary')} defaultValue={text('summary')} error={message('summary')} />
      <TextField
        name="descriptionMd"
        label={t('workshopForm.description')}
        hint={t('workshopForm.descriptionHint')}
        rows={10}
        defaultValue={text('descriptionMd')}
        error={message('descriptionMd')}
      />
      {previewHtml !== undefined ? (
        <section className="preview" aria-labelledby="preview-heading">
          <h2 id="preview-heading">{t('workshopForm.previewHeading')}</h2>
          <div className="prose" dangerouslySetInnerHTML={{ __html: previewHtml }} />
        </section>
      ) : null}
      <SelectField
        name="topic"
        label={t('workshopForm.topic')}
        defaultValue={text('topic')}
        error={message('topic')}
        options={TOPICS.map((topic) => ({ value: topic, label: t(`topic.${topic}`) }))}
      />
      <ChoiceGroup
        name="audiences"
        legend={t('workshopForm.audiences')}
        type="checkbox"
        checked={Array.isArray(audiences) ? audiences : []}
        error={message('audiences')}
        options={AUDIENCES.map((a) => ({ value: a, label: t(`audience.${a}`) }))}
      />
      <TextField
        name="lengthHours"
        label={t('workshopForm.length')}
        defaultValue={text('lengthHours')}
        error={message('lengthHours')}
      />
      <SelectField
        name="language"
        label={t('workshopForm.language')}
        defaultValue={text('language')}
        error={message('language')}
        options={LANGUAGES.map((l) => ({ value: l, label: t(`workshop.language.${l}`) }))}
      />
      <SelectField
        name="organiserId"
        label={t('workshopForm.organiser')}
        defaultValue={text('organiserId')}
        error={message('organiserId')}
        options={organisers.map((o) => ({ value: String(o.id), label: o.name }))}
      />
      <TextField
        name="accreditationRef"
        label={t('workshopForm.accreditation')}
        hint={t('workshopForm.accreditationHint')}
        defaultValue={text('accreditationRef')}
        error={message('accreditationRef')}
      />
      <div className="checkbox field">
        <input
          type="checkbox"
          id="requiresBirthDate"
          name="requiresBirthDate"
          value="yes"
          defaultChecked={ticked('requiresBirthDate')}
        />
        <label htmlFor="requiresBirthDate">{t('workshopForm.requiresBirthDate')}</label>
      </div>
      <div className="checkbox field">
        <input type="checkbox" id="published" name="published" value="yes" defaultChecked={ticked('published')} />
        <label htmlFor="published">{t('workshopForm.published')}</label>
      </div>
      <fieldset className="field">
        <legend>{t('workshopForm.messages')}</legend>
        <SelectField
          name="reminderHours"
          label={t('workshopForm.reminders')}
          hint={t('workshopForm.remindersHint')}
          defaultValue={text('reminderHours')}
          error={message('reminderHours')}
          options={REMINDER_CHOICES.map((c) => ({ value: c, label: t(`workshopForm.reminders.${c || 'none'}`) }))}
        />
        <TextField
          name="whatToBring"
          label={t('workshopForm.whatToBring')}
          hint={t('workshopForm.whatToBringHint')}
          rows={2}
          defaultValue={text('whatToBring')}
          error={message('whatToBring')}
        />
        <div className="checkbox field">
          <input type="checkbox" id="missedEmail" name="missedEmail" value="yes" defaultChecked={ticked('missedEmail')} />
          <label htmlFor="missedEmail">{t('workshopForm.missedEmail')}</label>
        </div>
      </fieldset>
      {/* Save comes first: Enter in a text field presses the form's first submit button. */}
      <button type="submit" name="intent" value="save" className="button">
        {t('workshopForm.save')}
      </button>
      <button type="submit" name="intent" value="preview" className="button button--secondary">
        {t('workshopForm.preview')}
      </button>
    </Form>
  )
}
