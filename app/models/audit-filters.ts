import type { Translate } from '~/i18n/intl'

/*
 * The audit log's vocabulary and the admins' GET form that filters it. As with the catalogue,
 * a bad value never fails the page: it is dropped from the filters and reported (as a message
 * id) next to its field.
 */

/** Every action the app writes, each with a message `audit.action.<action>`; others show as they are. */
export const AUDIT_ACTIONS = [
  'workshop.create',
  'workshop.update',
  'session.create',
  'session.update',
  'session.cancel',
  'session.message',
  'session.attendance-close',
  'session.release-deadline',
  'registration.add',
  'registration.walk-in',
  'registration.cancel',
  'registration.move',
  'registration.release',
  'registration.release-deadline',
  'user.invite',
  'user.role',
  'worksheet.upload',
  'worksheet.replace',
  'worksheet.remove',
  'worksheet.restore',
  'person.erase',
  'booking.erase',
  'access.registrations',
  'access.roster',
  'access.feedback',
  'access.users',
  'access.audit',
  'export.csv',
  'export.xlsx',
  'export.attendance-sheet',
  'export.certificates',
  'feedback.export',
] as const
export type AuditAction = (typeof AUDIT_ACTIONS)[number]

/** The action in words where there is a message for it, else as stored. */
export function auditActionText(t: Translate, action: string): string {
  return isKnownAuditAction(action) ? t(`audit.action.${action}`) : action
}

export function isKnownAuditAction(action: string): action is AuditAction {
  return (AUDIT_ACTIONS as readonly string[]).includes(action)
}

/**
 * Reads of personal data rather than changes: pages (`access.*`) and downloads (`export.*`,
 * and `feedback.export`, named before the prefixes were settled and kept so old rows match).
 */
export const ACCESS_ACTION_PREFIXES = ['access.', 'export.'] as const
export const ACCESS_ACTIONS_OUTSIDE_PREFIXES = ['feedback.export'] as const

/** What an entry is about, as `entity_type` stores it. */
export const AUDIT_ENTITY_TYPES = ['workshop', 'session', 'registration', 'user', 'worksheet', 'audit'] as const
export type AuditEntityType = (typeof AUDIT_ENTITY_TYPES)[number]

export const AUDIT_KINDS = ['all', 'changes', 'access'] as const
export type AuditKind = (typeof AUDIT_KINDS)[number]

export type AuditFilters = {
  kind: AuditKind
  /** The action starts with this: `session.` or `export.csv`. */
  action?: string
  /** Part of the actor's e-mail address, lower case. */
  actor?: string
  entityType?: AuditEntityType
  entityId?: number
  /** Prague calendar days, both included. */
  from?: string
  to?: string
  /** Only entries older than this id: the next page. */
  before?: number
}

export const AUDIT_FILTER_FIELDS = ['kind', 'action', 'actor', 'entityType', 'entityId', 'from', 'to', 'before'] as const
export type AuditFilterField = (typeof AUDIT_FILTER_FIELDS)[number]
export type AuditFilterValues = Record<AuditFilterField, string>

/** The query string of these filters, to link to another page of the same view. */
export function auditFilterSearch(filters: AuditFilters, { before }: { before?: number } = {}): string {
  const params = new URLSearchParams()
  if (filters.kind !== 'all') params.set('kind', filters.kind)
  if (filters.action) params.set('action', filters.action)
  if (filters.actor) params.set('actor', filters.actor)
  if (filters.entityType) params.set('entityType', filters.entityType)
  if (filters.entityId !== undefined) params.set('entityId', String(filters.entityId))
  if (filters.from) params.set('from', filters.from)
  if (filters.to) params.set('to', filters.to)
  if (before !== undefined) params.set('before', String(before))
  const search = params.toString()
  return search ? `?${search}` : ''
}
