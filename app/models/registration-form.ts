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
} from '~/utils/fields'
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

function registrationFormSchema(now: Date) {
  return z
    .object({
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
    })
    .superRefine((form, ctx) => {
      if (form.participantType === 'teacher' && form.schoolLevel === '') {
        ctx.addIssue({ code: 'custom', path: ['schoolLevel'], message: 'registration.error.schoolLevel' })
      }
      if (form.participantType !== 'other' && form.organisation === '') {
        ctx.addIssue({ code: 'custom', path: ['organisation'], message: 'registration.error.organisation' })
      }
    })
}

type RegistrationFormSchema = ReturnType<typeof registrationFormSchema>

export type RegistrationField = Extract<keyof RegistrationFormSchema['shape'], string>
/** The date of birth is optional here: only some workshops ask for it. */
export type RegistrationFormData = Omit<z.infer<RegistrationFormSchema>, 'dateOfBirth'> & { dateOfBirth?: string }
export type RegistrationFormValues = Record<RegistrationField, string | string[]>
export type RegistrationFormErrors = FieldErrors<RegistrationField>
export type ParsedRegistrationForm = ParsedForm<RegistrationFormData, RegistrationField>

/** `now` decides which dates of birth lie in the future. */
export function parseRegistrationForm(form: FormData, now: Date): ParsedRegistrationForm {
  return parseForm(registrationFormSchema(now), form)
}
