import type { MessageId, MessageValues, Translate } from '~/i18n/intl'
import type { Locale } from '~/i18n/locales'
import { formatTimeRange } from '~/utils/dates'
import { formatFileSize } from '~/utils/file-size'
import { isKnownAuditAction } from './audit-filters'

/*
 * An audit entry in words, in the reader's language: "Nahrán pracovní list „Počasí v kraji“ k
 * workshopu „Data ve výuce“ – soubor pocasi.pdf (15 kB)". The action gives the sentence, the
 * record it is about its names (looked up by auditNames), the details the facts after the dash.
 * An action without a sentence of its own, or a detail without words, still reads: the
 * action's code and the record, and only the details we know how to say.
 */

/** The records audit entries name, by id (JSON turns the keys into strings; lookups still work). */
export type AuditNames = {
  workshops: Record<number, string>
  sessions: Record<number, { workshop: string; startsAt: string; endsAt: string }>
  worksheets: Record<number, { title: string; workshop: string }>
  /** A booking's session. */
  registrations: Record<number, number>
}

export type AuditEntryForText = { action: string; entityType: string; entityId: number | null; details: string | null }

type Details = Record<string, unknown>

/** The stored details as an object; anything else (none, cleared, not JSON) as no details. */
export function parseAuditDetails(details: string | null): Details {
  if (!details) return {}
  try {
    const parsed: unknown = JSON.parse(details)
    return typeof parsed === 'object' && parsed !== null && !Array.isArray(parsed) ? (parsed as Details) : {}
  } catch {
    return {}
  }
}

const count = (value: unknown) => (typeof value === 'number' && Number.isFinite(value) ? value : undefined)
const text = (value: unknown) => (typeof value === 'string' && value !== '' ? value : undefined)
/** A message or subject, shortened: the entry names it, the log is not where it is read. */
const excerpt = (value: string) => (value.length > 60 ? `${value.slice(0, 59).trimEnd()}…` : value)

export function auditEntryText(t: Translate, locale: Locale, entry: AuditEntryForText, names: AuditNames): string {
  const details = parseAuditDetails(entry.details)
  const quoted = (value: string) => t('audit.ref.quoted', { text: value })
  const numbered = (id: number | null) => (id === null ? '' : t('audit.ref.numbered', { id }))

  const sessionRef = (id: number | null | undefined) => {
    const session = id === null || id === undefined ? undefined : names.sessions[id]
    if (!session) return numbered(id ?? null)
    return t('audit.ref.session', {
      workshop: quoted(session.workshop),
      date: formatTimeRange(session.startsAt, session.endsAt, locale),
    })
  }
  const sessionDate = (id: unknown) => {
    const session = typeof id === 'number' ? names.sessions[id] : undefined
    return session ? formatTimeRange(session.startsAt, session.endsAt, locale) : numbered(typeof id === 'number' ? id : null)
  }

  const id = entry.entityId
  const worksheet = id !== null && entry.entityType === 'worksheet' ? names.worksheets[id] : undefined
  const registrationSession = id !== null && entry.entityType === 'registration' ? names.registrations[id] : undefined
  const workshopTitle =
    (id !== null && entry.entityType === 'workshop' ? names.workshops[id] : undefined) ?? text(details.title) ?? undefined
  const values: MessageValues = {
    action: entry.action,
    workshop: worksheet ? quoted(worksheet.workshop) : workshopTitle ? quoted(workshopTitle) : numbered(id),
    worksheet: worksheet ? quoted(worksheet.title) : numbered(id),
    session: sessionRef(entry.entityType === 'session' ? id : registrationSession),
    registration:
      id === null
        ? ''
        : registrationSession === undefined
          ? numbered(id)
          : t('audit.ref.registration', { id, session: sessionRef(registrationSession) }),
    email: text(details.email) ?? '',
    organiser: text(details.organiser) ?? '',
  }
  values.target = target(t, entry, values)

  const action = entry.action
  // A worksheet's sentence names its workshop too, which a worksheet that is gone cannot give.
  const unnamed = entry.entityType === 'worksheet' && !worksheet
  const sentence = t(isKnownAuditAction(action) && !unnamed ? `audit.say.${action}` : 'audit.say.unknown', values)
  const facts = auditFacts(t, locale, entry.action, details, sessionDate)
  return facts.length > 0 ? `${sentence} – ${facts.join(', ')}` : sentence
}

/** The record as a noun phrase, for sentences whose record varies ("Feedback downloaded: …"). */
function target(t: Translate, entry: AuditEntryForText, values: MessageValues): string {
  switch (entry.entityType) {
    case 'workshop':
      return t('audit.target.workshop', { workshop: values.workshop! })
    case 'session':
      return t('audit.target.session', { session: values.session! })
    case 'registration':
      return t('audit.target.registration', { registration: values.registration! })
    case 'worksheet':
      return t('audit.target.worksheet', { worksheet: values.worksheet! })
    case 'statistics':
      return t('audit.target.statistics')
    case 'user':
      return t('audit.entity.user')
    case 'person':
      return t('audit.target.person')
    case 'audit':
      return t('audit.entity.audit')
  }
  return entry.entityId === null ? entry.entityType : `${entry.entityType} ${t('audit.ref.numbered', { id: entry.entityId })}`
}

const ROLES = ['admin', 'organiser', 'participant'] as const
const isRole = (value: unknown): value is (typeof ROLES)[number] => ROLES.some((role) => role === value)

/** The details we know how to say, in a fixed order; others are left out (the raw entry shows them). */
function auditFacts(
  t: Translate,
  locale: Locale,
  action: string,
  details: Details,
  sessionDate: (id: unknown) => string,
): string[] {
  const facts: string[] = []
  const add = (id: MessageId, values?: MessageValues) => facts.push(t(id, values))
  const number = (key: string, id: MessageId, { zero = true } = {}) => {
    const value = count(details[key])
    if (value !== undefined && (zero || value > 0)) add(id, { count: value })
  }

  if (details.changed === true) add('audit.fact.changed')
  if (typeof details.published === 'boolean') add(details.published ? 'audit.fact.published' : 'audit.fact.unpublished')
  const capacity = details.capacity
  if (Array.isArray(capacity) && capacity.length === 2 && capacity[0] !== capacity[1]) {
    const [from, to] = capacity.map(count)
    if (from !== undefined && to !== undefined) add('audit.fact.capacity', { from, to })
  }
  if (action === 'registration.move') add('audit.fact.moved', { from: sessionDate(details.from), to: sessionDate(details.to) })
  if (details.status === 'waitlisted') add('audit.fact.waitlisted')
  const file = text(details.name)
  if (file) {
    const size = count(details.size)
    add(size === undefined ? 'audit.fact.file' : 'audit.fact.fileSize', {
      name: file,
      size: size === undefined ? '' : formatFileSize(size, locale),
    })
  }
  const subject = text(details.subject)
  if (subject) add('audit.fact.subject', { subject: excerpt(subject) })
  const message = text(details.message)
  if (message) add('audit.fact.message', { message: excerpt(message) })
  const table = text(details.table)
  if (table) add('audit.fact.table', { table })
  const format = text(details.format)
  if (format) add('audit.fact.format', { format: format.toUpperCase() })
  if (action === 'user.role' || action === 'user.invite') {
    const role = (value: unknown) => (isRole(value) ? t(`adm.role.${value}`) : t('audit.fact.noRole'))
    if (details.to !== undefined) add('audit.fact.role', { from: role(details.from), to: role(details.to) })
  }
  number('notified', 'audit.fact.notified')
  number('waitlistNotified', 'audit.fact.waitlistNotified', { zero: false })
  number('promoted', 'audit.fact.promoted', { zero: false })
  number('recipients', 'audit.fact.recipients')
  number('attendees', 'audit.fact.attendees')
  number('issued', 'audit.fact.issued')
  number('released', 'audit.fact.released')
  number('cancelled', 'audit.fact.cancelled')
  number('anonymised', 'audit.fact.anonymised')
  number('rows', 'audit.fact.rows')
  return facts
}
