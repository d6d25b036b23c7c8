import { z } from 'zod'
import { pragueDateKey } from '~/utils/dates'
import {
  calendarDate,
  emailAddress,
  multiLineText,
  optional,
  parseForm,
  singleLineText,
  type FieldErrors,
  type ParsedForm,
} from '~/utils/fields.server'
import { CURRENT_CONSENT_VERSION } from './consent'
import { PARTICIPANT_TYPES, SCHOOL_LEVELS } from './vocabulary'

/*
 * The booking form, validated on the server (the form has noValidate). Every message is a
 * message id, shown next to its field.
 */

const TEXT_MESSAGES = {
  tooLong: 'registration.error.tooLong',
  control: 'registration.error.control',
  markupMessage: 'registration.error.markup',
} as const

/** A real day, from 1900 up to yesterday in Prague: only `now` can tell which days are past. */
function dateOfBirth(now: Date) {
  const today = pragueDateKey(now.toISOString())
  return calendarDate({ shape: 'registration.error.dateOfBirth' }).refine(
    (v) => v >= '1900-01-01' && v < today,
    'registration.error.dateOfBirth',
  )
}

/** What the booking form says about the person; an organiser adding someone sends the same. */
function personFields(now: Date) {
  return {
    fullName: singleLineText({ max: 120, required: 'registration.error.fullName', ...TEXT_MESSAGES }),
    email: emailAddress({ required: 'registration.error.email' }),
    organisation: singleLineText({ max: 200, ...TEXT_MESSAGES }),
    participantType: z.enum(PARTICIPANT_TYPES, 'registration.error.participantType'),
    schoolLevel: z.enum(['', ...SCHOOL_LEVELS], 'registration.error.schoolLevel'),
    // A note may hold a "<3"; only what looks like markup is refused.
    note: multiLineText({ max: 1000, markup: 'tags', ...TEXT_MESSAGES, tooLong: 'registration.error.noteTooLong' }),
    // Asked only where a workshop's certificate needs it; see registerForSession.
    dateOfBirth: optional(dateOfBirth(now)),
    consent: z.literal('yes', 'registration.error.consent'),
  }
}

function checkPerson(form: { participantType: string; schoolLevel: string; organisation: string }, ctx: z.RefinementCtx): void {
  if (form.participantType === 'teacher' && form.schoolLevel === '') {
    ctx.addIssue({ code: 'custom', path: ['schoolLevel'], message: 'registration.error.schoolLevel' })
  }
  if (form.participantType !== 'other' && form.organisation === '') {
    ctx.addIssue({ code: 'custom', path: ['organisation'], message: 'registration.error.organisation' })
  }
}

function registrationFormSchema(now: Date) {
  return z.object(personFields(now)).superRefine(checkPerson)
}

/**
 * A schema as of one Prague day. Building a zod schema costs more than checking a form with it
 * (zod compiles each object schema on first use): a tenth of a booking's CPU when built per
 * request. Only the day matters (the latest date of birth), so one is kept per day.
 */
function perDay<S>(build: (now: Date) => S): (now: Date) => S {
  let kept: { day: string; schema: S } | undefined
  return (now) => {
    const day = pragueDateKey(now.toISOString())
    if (kept?.day !== day) kept = { day, schema: build(now) }
    return kept.schema
  }
}

const bookingFormSchemaOn = perDay(bookingFormSchema)
const registrationFormSchemaOn = perDay(registrationFormSchema)

/**
 * The booking form also sends the version of the consent text it showed (app/models/consent.ts).
 * Only the current one is accepted: a booking stores CURRENT_CONSENT_VERSION, so the person
 * must have seen that text. A refinement, not a literal, so the other fields are still judged.
 */
function bookingFormSchema(now: Date) {
  return z
    .object({
      ...personFields(now),
      consentVersion: z.string().refine((v) => v === CURRENT_CONSENT_VERSION, 'registration.error.consentChanged'),
    })
    .superRefine(checkPerson)
}

type RegistrationFormSchema = ReturnType<typeof registrationFormSchema>

export type RegistrationField = Extract<keyof RegistrationFormSchema['shape'], string>
/** The date of birth is optional here: only some workshops ask for it. */
export type RegistrationFormData = Omit<z.infer<RegistrationFormSchema>, 'dateOfBirth'> & { dateOfBirth?: string }
export type RegistrationFormValues = Record<RegistrationField, string | string[]>
export type RegistrationFormErrors = FieldErrors<RegistrationField>
export type ParsedRegistrationForm = ParsedForm<RegistrationFormData, RegistrationField>

/**
 * The booking form as a person sends it. `now` decides which dates of birth lie in the future.
 * A consent text other than the current one is an error on the consent: the box comes back
 * unticked, everything else as typed.
 */
export function parseRegistrationForm(form: FormData, now: Date): ParsedRegistrationForm {
  const parsed = parseForm(bookingFormSchemaOn(now), form)
  const values = withoutConsentVersion(parsed.values)
  if (parsed.ok) return { ok: true, data: withoutConsentVersion(parsed.data), values }
  const { consentVersion: versionError, ...errors } = parsed.errors
  if (!versionError) return { ok: false, errors, values }
  return { ok: false, errors: { ...errors, consent: versionError }, values: { ...values, consent: '' } }
}

/** Someone an organiser adds gave no consent on our form (the organiser's record is the basis): no version to check. */
export function parseParticipantForm(form: FormData, now: Date): ParsedRegistrationForm {
  return parseForm(registrationFormSchemaOn(now), form)
}

function withoutConsentVersion<T extends { consentVersion?: unknown }>(fields: T): Omit<T, 'consentVersion'> {
  const copy = { ...fields }
  delete copy.consentVersion
  return copy
}
