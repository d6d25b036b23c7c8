import { z } from 'zod'
import type { MessageId } from '~/i18n/intl'
import { isCalendarDate } from './dates'
import type { FieldErrors } from './form-values'

export type { FieldErrors, FormValues } from './form-values'

/*
 * The field rules every form composes, and the one way a form is read and checked. Each rule
 * carries message ids, not texts: the page shows the message next to its field in the
 * visitor's language. Text that could break an e-mail header or a CSV cell is refused rather
 * than silently changed, so people see what was wrong.
 */

/** C0 control characters and DEL: nothing a person types into a one-line field. */
const CONTROL_CHARACTERS = /[\u0000-\u001F\u007F]/
/** The same, less tab, line feed and carriage return, which multi-line text may hold. */
const CONTROL_CHARACTERS_IN_TEXT = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F]/
const MARKUP = /<\s*[a-z!/?]/i
const ANGLE_BRACKETS = /[<>]/

type TextRules = {
  max: number
  /** The message when the field is empty; without it the field may stay empty. */
  required?: MessageId
  tooLong?: MessageId
  control?: MessageId
  /** 'brackets' refuses any < or >; 'tags' refuses only what looks like markup; false allows both. */
  markup?: 'brackets' | 'tags' | false
  markupMessage?: MessageId
}

function text(rules: TextRules, control: RegExp) {
  const { max, required, tooLong = 'form.error.tooLong', markup = 'brackets' } = rules
  const controlMessage = rules.control ?? 'form.error.control'
  const markupMessage = rules.markupMessage ?? controlMessage
  let schema = z.string().trim()
  if (required) schema = schema.min(1, required)
  const checked = schema.max(max, tooLong).refine((v) => !control.test(v), controlMessage)
  if (markup === 'brackets') return checked.refine((v) => !ANGLE_BRACKETS.test(v), markupMessage)
  if (markup === 'tags') return checked.refine((v) => !MARKUP.test(v), markupMessage)
  return checked
}

/** A name, a title, an address: one line, trimmed, no control characters. */
export function singleLineText(rules: TextRules) {
  return text(rules, CONTROL_CHARACTERS)
}

/** A note or a description: line breaks and tabs allowed, other control characters not. */
export function multiLineText(rules: TextRules) {
  return text(rules, CONTROL_CHARACTERS_IN_TEXT)
}

/** An e-mail address: at most 254 characters (RFC 5321), one line, in the usual shape. */
export function emailAddress(messages: { required?: MessageId } = {}) {
  let schema = z.string().trim()
  if (messages.required) schema = schema.min(1, messages.required)
  return schema
    .max(254, 'registration.error.emailTooLong')
    .refine((v) => !CONTROL_CHARACTERS.test(v), 'registration.error.control')
    .pipe(z.email('registration.error.emailInvalid'))
}

/** A database id in a URL segment or a form field, or undefined when it is not one. */
export function parseId(raw: string | undefined): number | undefined {
  if (!raw || !/^[1-9][0-9]{0,9}$/.test(raw)) return undefined
  const id = Number(raw)
  return id <= 2_147_483_647 ? id : undefined
}

/** A database id sent by a form: the same rule as parseId, as a field of a schema. */
export function recordId(message: MessageId = 'error.badRequest') {
  return z.string().transform((raw, ctx) => {
    const id = parseId(raw.trim())
    if (id === undefined) ctx.addIssue({ code: 'custom', message })
    return id ?? 0
  })
}

const DATE = /^\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$/
const TIME = /^([01]\d|2[0-3]):[0-5]\d$/

/** A Prague calendar day, YYYY-MM-DD, that exists (no 30 February). */
export function calendarDate(messages: { shape: MessageId; noSuchDay?: MessageId }) {
  return z
    .string()
    .regex(DATE, messages.shape)
    .refine(isCalendarDate, messages.noSuchDay ?? messages.shape)
}

/** A wall-clock time, HH:MM. */
export function clockTime(message: MessageId) {
  return z.string().regex(TIME, message)
}

export function isDateShape(value: string): boolean {
  return DATE.test(value) && isCalendarDate(value)
}

export function isTimeShape(value: string): boolean {
  return TIME.test(value)
}

/** A checkbox sent as "yes" when ticked. */
export function checkbox() {
  return z.string().transform((v) => v === 'yes')
}

/**
 * An optional field: empty, or what the rule allows. A rule whose own checks carry messages
 * (regex, refine) keeps them; a choice (z.enum) reports through the union, so give its message.
 */
export function optional<T extends z.ZodType<string, string>>(schema: T, message?: MessageId) {
  return message ? z.union([z.literal(''), schema], message) : z.union([z.literal(''), schema])
}

export type ParsedForm<T, F extends string> =
  | { ok: true; data: T; values: Record<F, string | string[]> }
  | { ok: false; errors: FieldErrors<F>; values: Record<F, string | string[]> }

type FormSchema = z.ZodObject<z.ZodRawShape>

function isList(schema: z.ZodType): boolean {
  return schema instanceof z.ZodArray
}

/**
 * Checks values already read (a multipart upload's fields, say) against a form schema and
 * gives the first problem of each field, in the order the schema lists them.
 */
export function parseValues<S extends FormSchema>(
  schema: S,
  values: Record<string, string | string[]>,
  errors: FieldErrors<string> = {},
): ParsedForm<z.output<S>, Extract<keyof S['shape'], string>> {
  type F = Extract<keyof S['shape'], string>
  const result = schema.safeParse(values)
  if (!result.success) {
    for (const issue of result.error.issues) {
      const field = String(issue.path[0] ?? '')
      errors[field] ??= issue.message as MessageId
    }
  }
  if (!result.success || Object.keys(errors).length > 0)
    return { ok: false, errors: errors as FieldErrors<F>, values: values as Record<F, string | string[]> }
  return { ok: true, data: result.data, values: values as Record<F, string | string[]> }
}

/**
 * Reads a form against its schema: each field the schema names, once. A field sent twice, or
 * a file where text belongs, is the sender's mistake and is reported on that field; NUL bytes
 * are left out of what is shown back but still judged.
 */
export function parseForm<S extends FormSchema>(
  schema: S,
  form: FormData,
): ParsedForm<z.output<S>, Extract<keyof S['shape'], string>> {
  const sent: Record<string, string | string[]> = {}
  const shown: Record<string, string | string[]> = {}
  const errors: FieldErrors<string> = {}
  for (const [field, rule] of Object.entries(schema.shape)) {
    const all = form.getAll(field)
    if (isList(rule as z.ZodType)) {
      const texts = all.filter((v): v is string => typeof v === 'string')
      sent[field] = texts
      shown[field] = texts.map((v) => v.replace(/\u0000/g, ''))
      continue
    }
    const first = all[0]
    sent[field] = typeof first === 'string' ? first : ''
    shown[field] = typeof first === 'string' ? first.replace(/\u0000/g, '') : ''
    if (all.length > 1) errors[field] = 'registration.error.repeated'
    else if (first !== undefined && typeof first !== 'string') errors[field] = 'registration.error.generic'
  }
  const parsed = parseValues(schema, sent, errors)
  return parsed.ok ? { ...parsed, values: shown } : { ...parsed, values: shown }
}

/** The text value of one field, for forms that show lists back. */
