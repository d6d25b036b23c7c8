import { Form } from '@remix-run/react'
import { useT, type MessageId, type MessageValues } from '~/i18n/intl'
import type { SessionFormField } from '~/models/organiser-sessions.server'
import { textValue } from '~/utils/form-values'
import { ChoiceGroup } from './ChoiceFields'
import { ErrorSummary, summaryLine } from './FieldError'
import { TextField } from './TextField'

const LABELS: Record<SessionFormField, MessageId> = {
  date: 'sf.date',
  startTime: 'sf.start',
  endTime: 'sf.end',
  mode: 'sf.mode',
  venueName: 'sf.venue',
  address: 'sf.address',
  town: 'sf.town',
  room: 'sf.room',
  onlineUrl: 'sf.onlineUrl',
  capacity: 'sf.capacity',
  opensDate: 'sf.opensDate',
  opensTime: 'sf.opensTime',
  closesDate: 'sf.closesDate',
  closesTime: 'sf.closesTime',
  lecturer: 'sf.lecturer',
  releaseUnconfirmed: 'sf.releaseUnconfirmed',
  message: 'sf.message',
}

/** Date and times typed in Prague time; native date/time inputs where the browser has them. */
export function SessionFormFields({
  values,
  errors,
  messageValues,
  editing,
}: {
  values: Record<string, string | string[]>
  errors: Partial<Record<string, MessageId>>
  /** What a message names (how many hold a seat, say), for the message that needs it. */
  messageValues?: MessageValues
  editing: boolean
}) {
  const t = useT()
  const message = (f: SessionFormField) => {
    const id = errors[f]
    return id ? t(id, messageValues) : undefined
  }
  const field = (name: SessionFormField, type: 'text' | 'date' | 'time' | 'url' = 'text', hint?: string) => (
    <TextField
      name={name}
      type={type}
      label={t(LABELS[name])}
      hint={hint}
      defaultValue={textValue(values, name)}
      error={message(name)}
    />
  )
  return (
    <Form method="post" noValidate className="stack-form">
      <input type="hidden" name="intent" value="save" />
      <ErrorSummary
        title={t('form.error.summary')}
        errors={(Object.keys(LABELS) as SessionFormField[])
          .filter((f) => errors[f])
          .map((f) => ({ field: f, message: summaryLine(t(LABELS[f]), message(f)) }))}
      />
      {field('date', 'date')}
      <div className="field-row">
        {field('startTime', 'time', t('sf.timesHint'))}
        {field('endTime', 'time')}
      </div>
      <ChoiceGroup
        name="mode"
        legend={t('sf.mode')}
        type="radio"
        checked={[textValue(values, 'mode')]}
        error={message('mode')}
        options={[
          { value: 'place', label: t('sf.mode.place') },
          { value: 'online', label: t('sf.mode.online') },
        ]}
      />
      {field('venueName')}
      {field('address', 'text', t('sf.addressHint'))}
      {field('town', 'text', t('sf.townHint'))}
      {field('room')}
      {field('onlineUrl', 'url', t('sf.onlineUrlHint'))}
      {field('capacity')}
      {field('lecturer')}
      <fieldset className="field">
        <legend>{t('sf.window')}</legend>
        <div className="field-row">
          {field('opensDate', 'date')}
          {field('opensTime', 'time')}
        </div>
        <div className="field-row">
          {field('closesDate', 'date')}
          {field('closesTime', 'time')}
        </div>
      </fieldset>
      <div className="checkbox field">
        <input
          type="checkbox"
          id="releaseUnconfirmed"
          name="releaseUnconfirmed"
          value="yes"
          defaultChecked={textValue(values, 'releaseUnconfirmed') === 'yes'}
          aria-describedby="releaseUnconfirmed-hint"
        />
        <label htmlFor="releaseUnconfirmed">{t('sf.releaseUnconfirmed')}</label>
        <p className="hint" id="releaseUnconfirmed-hint">
          {t('sf.releaseUnconfirmedHint')}
        </p>
      </div>
      {editing ? (
        <TextField
          name="message"
          label={t('sf.message')}
          hint={t('sf.messageHint')}
          rows={3}
          defaultValue={textValue(values, 'message')}
          error={message('message')}
        />
      ) : null}
      <button type="submit" className="button">
        {t('sf.save')}
      </button>
    </Form>
  )
}
