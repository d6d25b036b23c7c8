import { Form, Link } from '@remix-run/react'
import type { ReactNode } from 'react'
import { PARTICIPANT_TYPES, SCHOOL_LEVELS } from '~/models/vocabulary'
import { useT, type MessageId } from '~/i18n/intl'
import { CONSENT_VERSIONS, CURRENT_CONSENT_VERSION } from '~/models/consent'
import type { RegistrationField } from '~/models/registration-form.server'
import { textValue } from '~/utils/form-values'
import { ErrorSummary, FieldError, fieldErrorProps, summaryLine } from './FieldError'
import { TextField } from './TextField'

/** The consent text this form shows, and posts the version of (the server accepts only the current one). */
const CONSENT = CONSENT_VERSIONS.find((v) => v.version === CURRENT_CONSENT_VERSION)!

const FIELD_ORDER: RegistrationField[] = [
  'fullName',
  'email',
  'participantType',
  'schoolLevel',
  'organisation',
  'note',
  'consent',
]
const PARTICIPANT_LABELS: Record<RegistrationField, MessageId> = {
  fullName: 'booking.fields.fullName',
  email: 'booking.fields.email',
  participantType: 'booking.fields.participantType',
  schoolLevel: 'booking.fields.schoolLevel',
  organisation: 'booking.fields.organisation',
  note: 'booking.fields.note',
  dateOfBirth: 'booking.fields.dateOfBirth',
  consent: CONSENT.message,
}

/** Staff fill the form in for someone else: the same fields, never in the first person. */
const STAFF_LABELS: Record<RegistrationField, MessageId> = {
  ...PARTICIPANT_LABELS,
  participantType: 'reg.fields.participantType',
}

/** The booking form: GOV.UK style, errors listed at the top and next to each field, values kept. */
export function RegistrationFormFields({
  values,
  errors = {},
  submitLabel,
  intent,
  extra,
  askBirthDate = false,
}: {
  /** What was sent, shown back (ActionData's values). */
  values?: Record<string, string | string[]>
  errors?: Partial<Record<string, MessageId>>
  submitLabel: string
  /** Set when an organiser adds someone: the consent is theirs to take, not a checkbox here. */
  intent?: string
  extra?: ReactNode
  /** Accredited workshops print the date of birth on the certificate; others never ask. */
  askBirthDate?: boolean
}) {
  const t = useT()
  // Only the organiser's form sends an intent.
  const forStaff = intent !== undefined
  const labels = forStaff ? STAFF_LABELS : PARTICIPANT_LABELS
  // The browser would fill in the organiser's own name and address.
  const personal = (token: string) => (forStaff ? 'off' : token)
  const message = (field: RegistrationField) => {
    const id = errors[field]
    return id ? t(id) : undefined
  }
  const value = (field: RegistrationField) => textValue(values, field)
  const summary = FIELD_ORDER.filter((f) => errors[f]).map((f) => ({
    // Radio groups are reached through their first option.
    field: f === 'participantType' ? 'participantType-teacher' : f,
    message: summaryLine(t(labels[f]), message(f)),
  }))
  return (
    // After "the consent text has changed", this page's own code may be the old one (opened
    // before a deploy): the next attempt loads a whole new document, with the current text.
    <Form
      method="post"
      noValidate
      className="booking-form"
      reloadDocument={errors.consent === 'registration.error.consentChanged'}
    >
      {intent ? <input type="hidden" name="intent" value={intent} /> : null}
      <ErrorSummary title={t('booking.error.summary')} errors={summary} />
      <TextField
        name="fullName"
        label={t('booking.fields.fullName')}
        autoComplete={personal('name')}
        defaultValue={value('fullName')}
        error={message('fullName')}
      />
      <TextField
        name="email"
        type="email"
        label={t('booking.fields.email')}
        hint={t(forStaff ? 'reg.fields.emailHint' : 'booking.fields.emailHint')}
        autoComplete={personal('email')}
        spellCheck={false}
        defaultValue={value('email')}
        error={message('email')}
      />
      <fieldset className="field" aria-describedby={errors.participantType ? 'participantType-error' : undefined}>
        <legend>{t(labels.participantType)}</legend>
        <FieldError id="participantType">{message('participantType')}</FieldError>
        <div className="radios">
          {PARTICIPANT_TYPES.map((type) => (
            <div className="radio" key={type}>
              <input
                type="radio"
                id={`participantType-${type}`}
                name="participantType"
                value={type}
                defaultChecked={value('participantType') === type}
              />
              <label htmlFor={`participantType-${type}`}>{t(`booking.fields.participantType.${type}`)}</label>
            </div>
          ))}
        </div>
      </fieldset>
      <div className="field">
        <label htmlFor="schoolLevel">{t('booking.fields.schoolLevel')}</label>
        <p className="hint" id="schoolLevel-hint">
          {t(forStaff ? 'reg.fields.schoolLevelHint' : 'booking.fields.schoolLevelHint')}
        </p>
        <FieldError id="schoolLevel">{message('schoolLevel')}</FieldError>
        <select
          name="schoolLevel"
          defaultValue={value('schoolLevel')}
          {...fieldErrorProps('schoolLevel', message('schoolLevel'), 'schoolLevel-hint')}
        >
          <option value="">{t('booking.fields.schoolLevel.none')}</option>
          {SCHOOL_LEVELS.map((level) => (
            <option key={level} value={level}>
              {t(`booking.fields.schoolLevel.${level}`)}
            </option>
          ))}
        </select>
      </div>
      <TextField
        name="organisation"
        label={t('booking.fields.organisation')}
        hint={t('booking.fields.organisationHint')}
        autoComplete={personal('organization')}
        defaultValue={value('organisation')}
        error={message('organisation')}
      />
      {askBirthDate ? (
        <TextField
          name="dateOfBirth"
          type="date"
          label={t('booking.fields.dateOfBirth')}
          hint={t('booking.fields.dateOfBirthHint')}
          autoComplete={personal('bday')}
          defaultValue={value('dateOfBirth')}
          error={message('dateOfBirth')}
        />
      ) : null}
      <TextField
        name="note"
        label={t('booking.fields.note')}
        hint={t('booking.fields.noteHint')}
        rows={3}
        defaultValue={value('note')}
        error={message('note')}
      />
      {intent ? (
        <input type="hidden" name="consent" value="yes" />
      ) : (
        <div className="field">
          <input type="hidden" name="consentVersion" value={CONSENT.version} />
          <FieldError id="consent">{message('consent')}</FieldError>
          <div className="checkbox checkbox--touch">
            {/* A new key when the consent is refused: the box comes back unticked, also after a submit by fetch. */}
            <input
              key={errors.consent ?? ''}
              type="checkbox"
              name="consent"
              value="yes"
              defaultChecked={value('consent') === 'yes'}
              {...fieldErrorProps('consent', message('consent'), 'consent-hint')}
            />
            <label htmlFor="consent">{t(CONSENT.message)}</label>
          </div>
          <p className="hint" id="consent-hint">
            <Link to="/privacy">{t('booking.fields.consentLink')}</Link>
          </p>
        </div>
      )}
      {extra}
      <button type="submit" className="button">
        {submitLabel}
      </button>
    </Form>
  )
}
