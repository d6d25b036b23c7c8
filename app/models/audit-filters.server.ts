import { z } from 'zod'
import type { MessageId } from '~/i18n/intl'
import { calendarDate, parseId, type FieldErrors } from '~/utils/fields.server'
import {
  AUDIT_ENTITY_TYPES,
  AUDIT_FILTER_FIELDS,
  AUDIT_KINDS,
  type AuditFilterField,
  type AuditFilters,
  type AuditFilterValues,
} from './audit-filters'

const CONTROL_CHARACTERS = /[\u0000-\u001F\u007F]/
const date = calendarDate({ shape: 'audit.error.date', noSuchDay: 'audit.error.noSuchDay' })
const id = (message: MessageId) =>
  z.string().transform((raw, ctx) => {
    const parsed = parseId(raw.trim())
    if (parsed === undefined) {
      ctx.addIssue({ code: 'custom', message })
      return z.NEVER
    }
    return parsed
  })

const RULES = {
  kind: z.enum(AUDIT_KINDS, 'audit.error.kind'),
  action: z
    .string()
    .trim()
    .toLowerCase()
    .regex(/^[a-z][a-z0-9.-]{0,59}$/, 'audit.error.action'),
  actor: z
    .string()
    .trim()
    .toLowerCase()
    .max(254, 'audit.error.actorTooLong')
    .refine((v) => !CONTROL_CHARACTERS.test(v), 'form.error.control'),
  entityType: z.enum(AUDIT_ENTITY_TYPES, 'audit.error.entityType'),
  entityId: id('audit.error.entityId'),
  from: date,
  to: date,
  before: id('audit.error.before'),
} satisfies Record<AuditFilterField, z.ZodType<unknown, string>>

/** The filters in the URL that pass their rule, what was sent (to show again) and what was wrong. */
export function parseAuditFilters(params: URLSearchParams): {
  filters: AuditFilters
  values: AuditFilterValues
  errors: FieldErrors<AuditFilterField>
} {
  const values = Object.fromEntries(
    AUDIT_FILTER_FIELDS.map((field) => [field, (params.get(field) ?? '').slice(0, 300)]),
  ) as AuditFilterValues
  const read: Partial<{ [F in AuditFilterField]: z.output<(typeof RULES)[F]> }> = {}
  const errors: FieldErrors<AuditFilterField> = {}
  for (const field of AUDIT_FILTER_FIELDS) {
    // An empty field is no filter.
    if (values[field].trim() === '') continue
    const result = RULES[field].safeParse(values[field])
    if (result.success) Object.assign(read, { [field]: result.data })
    else errors[field] = (result.error.issues[0]?.message ?? 'error.badRequest') as MessageId
  }
  // An id says nothing without the kind of record it numbers.
  if (read.entityId !== undefined && read.entityType === undefined) {
    if (!errors.entityType) errors.entityId = 'audit.error.entityIdWithoutType'
    delete read.entityId
  }
  if (read.from && read.to && read.from > read.to) {
    errors.to = 'audit.error.dateOrder'
    delete read.to
  }
  return { filters: { ...read, kind: read.kind ?? 'all' }, values, errors }
}
