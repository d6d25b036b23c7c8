import { z } from 'zod'
import { PARTICIPANT_TYPES, SCHOOL_LEVELS } from '../../db/schema'
import type { MessageId } from '~/i18n/intl'
import { pragueDateKey } from '~/utils/dates'

/*
 * The booking form, validated on the server (the form has noValidate). Every message is a
 * message id, shown next to its field. Text that could break an e-mail header (CR, LF, NUL)
 * or smuggle markup is refused rather than silently changed, so people see what was wrong.
 */

export const REGISTRATION_FIELDS = [
  'fullName',
  'email',
  'organisation',
  'participantType',
  'schoolLevel',
  'note',
  'dateOfBirth',
  'consent',
] as const
export type RegistrationField = (typeof REGISTRATION_FIELDS)[number]

const CONTROL = /[\u0000-\u001F\u007F]/
const CONTROL_EXCEPT_NEWLINES = /[\u0000-\u0009\u000B\u000C\u000E-\u001F\u007F]/
const MARKUP = /<\s*[a-z!/?]/i

const singleLine = (max: number, required: MessageId) =>
  z
    .string()
    .trim()
    .min(1, required)
    .max(max, 'registration.error.tooLong')
    .refine((v) => !CONTROL.test(v), 'registration.error.control')
    .refine((v) => !MARKUP.test(v) && !/[<>]/.test(v), 'registration.error.markup')

export const RegistrationFormSchema = z
  .object({
    fullName: singleLine(120, 'registration.error.fullName'),
    email: z
      .string()
      .trim()
      .min(1, 'registration.error.email')
      .max(254, 'registration.error.emailTooLong')
      .refine((v) => !CONTROL.test(v), 'registration.error.control')
      .pipe(z.email('registration.error.emailInvalid')),
    organisation: z
      .string()
      .trim()
      .max(200, 'registration.error.tooLong')
      .refine((v) => !CONTROL.test(v), 'registration.error.control')
      .refine((v) => !/[<>]/.test(v), 'registration.error.markup'),
    participantType: z.enum(PARTICIPANT_TYPES, 'registration.error.participantType'),
    schoolLevel: z.enum(['', ...SCHOOL_LEVELS], 'registration.error.schoolLevel'),
    note: z
      .string()
      .trim()
      .max(1000, 'registration.error.noteTooLong')
      .refine((v) => !CONTROL_EXCEPT_NEWLINES.test(v), 'registration.error.control')
      .refine((v) => !MARKUP.test(v), 'registration.error.markup'),
    // Asked only where a workshop's certificate needs it; see registerForSession.
    dateOfBirth: z.union([
      z.literal(''),
      z
        .string()
        .regex(/^\d{4}-\d{2}-\d{2}$/, 'registration.error.dateOfBirth')
        .refine((v) => {
          const date = new Date(`${v}T12:00:00Z`)
          return !Number.isNaN(date.getTime()) && date.toISOString().slice(0, 10) === v && v >= '1900-01-01'
        }, 'registration.error.dateOfBirth'),
    ]),
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

/** The date of birth is optional here: only some workshops ask for it. */
export type RegistrationFormData = Omit<z.infer<typeof RegistrationFormSchema>, 'dateOfBirth'> & { dateOfBirth?: string }
export type RegistrationFormValues = Record<RegistrationField, string>
export type RegistrationFormErrors = Partial<Record<RegistrationField, MessageId>>

export type ParsedRegistrationForm =
  | { ok: true; data: RegistrationFormData; values: RegistrationFormValues }
  | { ok: false; errors: RegistrationFormErrors; values: RegistrationFormValues }

/** `now` decides which dates of birth lie in the future. */
export function parseRegistrationForm(form: FormData, now: Date): ParsedRegistrationForm {
  const values = {} as RegistrationFormValues
  const errors: RegistrationFormErrors = {}
  for (const field of REGISTRATION_FIELDS) {
    const all = form.getAll(field)
    const first = all[0]
    // Files in a text field are not text; echo nothing back for them.
    values[field] = typeof first === 'string' ? first.replace(/\u0000/g, '') : ''
    if (all.length > 1) errors[field] = 'registration.error.repeated'
    else if (first !== undefined && typeof first !== 'string') errors[field] = 'registration.error.generic'
  }
  // Validate what was sent, NULs included; only the echo drops them.
  const sent = Object.fromEntries(REGISTRATION_FIELDS.map((f) => [f, typeof form.get(f) === 'string' ? form.get(f) : '']))
  const result = RegistrationFormSchema.safeParse(sent)
  if (!result.success) {
    for (const issue of result.error.issues) {
      const field = issue.path[0] as RegistrationField
      errors[field] ??= issue.message as MessageId
    }
  }
  // A well-formed date of birth must still lie before today, which only `now` can tell.
  const dateOfBirth = sent.dateOfBirth
  if (
    !errors.dateOfBirth &&
    typeof dateOfBirth === 'string' &&
    dateOfBirth !== '' &&
    dateOfBirth >= pragueDateKey(now.toISOString())
  ) {
    errors.dateOfBirth = 'registration.error.dateOfBirth'
  }
  if (!result.success || Object.keys(errors).length > 0) return { ok: false, errors, values }
  return { ok: true, data: result.data, values }
}
