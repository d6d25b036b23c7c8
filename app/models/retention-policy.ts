import type { RetentionRule } from '../../db/classification'
import type { LegalBasis } from './legal-basis'

/*
 * How long personal data is kept, per retention rule of db/classification.ts. The retention
 * job, the privacy page and the erase page all read the same policy, made once from the
 * environment (RETENTION_MONTHS and friends, app/web/retention.server.ts).
 */
export type RetentionPolicy = {
  /** Bookings are anonymised this long after their session ended; participants' idle accounts go too. */
  bookingMonths: number
  /** A certificate's verification page shows the holder's name this long after issue. */
  certificateMonths: number
  /** Audit entries lose the e-mail addresses and details they hold after this. */
  auditMonths: number
  /** Sent and failed e-mails are emptied (address and content) after this. */
  mailDays: number
  /** Files of removed worksheets are deleted after this. */
  removedFileDays: number
}

export const DEFAULT_RETENTION: RetentionPolicy = {
  bookingMonths: 24,
  certificateMonths: 24,
  auditMonths: 24,
  mailDays: 30,
  removedFileDays: 30,
}

export type RetentionSettings = {
  RETENTION_MONTHS?: number
  CERTIFICATE_RETENTION_MONTHS?: number
  AUDIT_RETENTION_MONTHS?: number
  MAIL_RETENTION_DAYS?: number
}

export function retentionPolicyFrom(settings: RetentionSettings): RetentionPolicy {
  const bookingMonths = settings.RETENTION_MONTHS ?? DEFAULT_RETENTION.bookingMonths
  return {
    bookingMonths,
    // A certificate outlives its booking only when someone decides so.
    certificateMonths: settings.CERTIFICATE_RETENTION_MONTHS ?? bookingMonths,
    auditMonths: settings.AUDIT_RETENTION_MONTHS ?? DEFAULT_RETENTION.auditMonths,
    mailDays: settings.MAIL_RETENTION_DAYS ?? DEFAULT_RETENTION.mailDays,
    removedFileDays: DEFAULT_RETENTION.removedFileDays,
  }
}

/** The instant `months` calendar months before `now` (UTC), the cut-off of a months rule. */
export function monthsBefore(now: Date, months: number): Date {
  const d = new Date(now.getTime())
  const day = d.getUTCDate()
  d.setUTCDate(1)
  d.setUTCMonth(d.getUTCMonth() - months)
  const lastDay = new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + 1, 0)).getUTCDate()
  d.setUTCDate(Math.min(day, lastDay))
  return d
}

export function monthsAfter(instant: Date, months: number): Date {
  return monthsBefore(instant, -months)
}

export function daysBefore(now: Date, days: number): Date {
  return new Date(now.getTime() - days * 86_400_000)
}

/** How long one rule keeps its data, in words the privacy page turns into a sentence. */
export type Duration =
  | { kind: 'months-after'; months: number; after: 'session-end' | 'issue' | 'entry' | 'last-sign-in' }
  | { kind: 'days-after'; days: number; after: 'sending' | 'removal' }
  | { kind: 'until-expiry' }
  | { kind: 'anonymous' }

export function ruleDuration(rule: RetentionRule, policy: RetentionPolicy): Duration {
  switch (rule) {
    case 'booking':
      return { kind: 'months-after', months: policy.bookingMonths, after: 'session-end' }
    case 'certificate':
      return { kind: 'months-after', months: policy.certificateMonths, after: 'issue' }
    case 'account':
      return { kind: 'months-after', months: policy.bookingMonths, after: 'last-sign-in' }
    case 'sign-in':
    case 'abuse-limit':
      return { kind: 'until-expiry' }
    case 'mail':
      return { kind: 'days-after', days: policy.mailDays, after: 'sending' }
    case 'audit':
      return { kind: 'months-after', months: policy.auditMonths, after: 'entry' }
    case 'feedback':
      return { kind: 'anonymous' }
  }
}

/**
 * The purposes on the privacy page: what is kept for each and under which rule, so the page
 * states the same lengths the retention job applies, and the one legal basis (GDPR Art. 6(1))
 * each rests on. A test checks that every personal column of the classification is named
 * under some purpose. Public bodies cannot rest their tasks on legitimate interests.
 */
export const PURPOSES = [
  {
    id: 'booking',
    rule: 'booking',
    basis: 'consent',
    columns: [
      'registrations.full_name',
      'registrations.email',
      'registrations.email_normalized',
      'registrations.organisation',
      'registrations.note',
      'registrations.date_of_birth',
      'registrations.check_in_code',
      'registrations.invite_uid',
      'registration_tokens.token_hash',
      'sessions.lecturer',
      'feedback_responses.registration_id',
    ],
  },
  { id: 'certificate', rule: 'certificate', basis: 'public-task', columns: ['certificates.holder_name'] },
  {
    id: 'feedback',
    rule: 'feedback',
    basis: 'consent',
    columns: ['feedback_responses.use_in_work', 'feedback_responses.improve', 'feedback_responses.comment'],
  },
  {
    id: 'mail',
    rule: 'mail',
    basis: 'public-task',
    columns: [
      'outbox.recipient',
      'outbox.recipient_key',
      'outbox.props',
      'outbox.last_error',
      'dev_mailbox.recipient',
      'dev_mailbox.subject',
      'dev_mailbox.text_body',
      'dev_mailbox.html_body',
      'dev_mailbox.ics',
      'dev_mailbox.raw',
    ],
  },
  {
    id: 'account',
    rule: 'account',
    basis: 'public-task',
    columns: [
      'users.email',
      'users.name',
      'users.last_sign_in_at',
      'calendar_feeds.token_hash',
      'calendar_feeds.user_id',
      'calendar_feeds.last_used_at',
    ],
  },
  {
    id: 'sign-in',
    rule: 'sign-in',
    basis: 'public-task',
    columns: ['login_tokens.token_hash', 'login_tokens.email', 'user_sessions.id_hash', 'user_sessions.user_id'],
  },
  {
    id: 'audit',
    rule: 'audit',
    basis: 'legal-obligation',
    columns: ['audit_log.actor_user_id', 'audit_log.actor_email', 'audit_log.details'],
  },
  {
    id: 'abuse-limit',
    rule: 'abuse-limit',
    basis: 'legal-obligation',
    columns: ['rate_limit_hits.key', 'rate_limit_counters.key'],
  },
] as const satisfies readonly { id: string; rule: RetentionRule; basis: LegalBasis; columns: readonly string[] }[]

export type PurposeId = (typeof PURPOSES)[number]['id']
