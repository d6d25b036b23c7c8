import type { DB } from './schema'

/*
 * What every column holds about people, and which retention rule removes it (issue 14). The
 * type makes the compiler ask for every column of schema.ts; a test compares this map with the
 * columns the migrations really create, on both engines, so a new column cannot slip in
 * unclassified. The privacy page, the "my data" export and the retention job read it.
 *
 * - personal: identifies a person on its own (a name, an address, free text they wrote about
 *   themselves, an IP address).
 * - pseudonymous: points to a person only through another table (a token, a check-in code, a
 *   user id) or is free text that may mention someone (feedback).
 * - none: about workshops, sessions and counts; also the organising bodies' published contacts.
 */

export type DataClass = 'personal' | 'pseudonymous' | 'none'

/** The rules, with their lengths in app/models/retention-policy.ts and their work in the retention job. */
export const RETENTION_RULES = [
  /** Bookings: anonymised RETENTION_MONTHS after their session ended, or when the person erases them. */
  'booking',
  /** A certificate's holder name on the verification page: CERTIFICATE_RETENTION_MONTHS after issue. */
  'certificate',
  /** Accounts: a participant's is deleted on erasure or after RETENTION_MONTHS without signing in; staff accounts while they hold a role. */
  'account',
  /** Sign-in links and signed-in sessions: deleted once expired. */
  'sign-in',
  /** E-mails: emptied SENT_MAIL_RETENTION_DAYS after sending (or failing). */
  'mail',
  /** The audit log's personal details: removed AUDIT_RETENTION_MONTHS after the entry. */
  'audit',
  /** Limits against abuse, keyed by IP address or e-mail: deleted once their window has passed. */
  'abuse-limit',
  /** Feedback: kept as anonymous answers, without the link to the person once the booking is anonymised. */
  'feedback',
] as const
export type RetentionRule = (typeof RETENTION_RULES)[number]

/**
 * How a column looks once its rule has run: emptied in place, gone with its row, or kept
 * because once its link to the person is cut it names no one (feedback's free text).
 */
export type Removal = { set: null | '' } | 'row-deleted' | 'kept-unlinked'

export type ColumnClass = { class: 'none' } | { class: 'personal' | 'pseudonymous'; rule: RetentionRule; removal: Removal }

const none: ColumnClass = { class: 'none' }
const personal = (rule: RetentionRule, removal: Removal = { set: null }): ColumnClass => ({ class: 'personal', rule, removal })
const pseudonymous = (rule: RetentionRule, removal: Removal = { set: null }): ColumnClass => ({
  class: 'pseudonymous',
  rule,
  removal,
})
/** NOT NULL text columns are emptied to '' (SQLite cannot relax NOT NULL in place). */
const emptied = { set: '' } as const
const deleted = 'row-deleted' as const

export type Classification = { [T in keyof DB]: { [C in keyof DB[T]]-?: ColumnClass } }

export const CLASSIFICATION: Classification = {
  organisers: { id: none, name: none, email: none, website: none, created_at: none },
  workshops: {
    id: none,
    slug: none,
    title: none,
    summary: none,
    description_md: none,
    topic: none,
    length_hours: none,
    language: none,
    organiser_id: none,
    published: none,
    search_text: none,
    accreditation_ref: none,
    requires_birth_date: none,
    reminder_hours: none,
    what_to_bring: none,
    missed_email: none,
    created_at: none,
    updated_at: none,
  },
  workshop_audiences: { workshop_id: none, audience: none },
  sessions: {
    id: none,
    workshop_id: none,
    starts_at: none,
    ends_at: none,
    venue_name: none,
    address: none,
    room: none,
    online_url: none,
    capacity: none,
    confirmed_count: none,
    waitlisted_count: none,
    registration_opens_at: none,
    registration_closes_at: none,
    status: none,
    cancellation_message: none,
    // A lecturer's name is published with the session, and goes with its bookings.
    lecturer: personal('booking'),
    attendance_closed_at: none,
    release_unconfirmed: none,
    release_deadline_hours: none,
    created_at: none,
    updated_at: none,
    sequence: none,
    town: none,
    place_search_text: none,
  },
  registrations: {
    id: none,
    session_id: none,
    full_name: personal('booking', emptied),
    email: personal('booking', emptied),
    email_normalized: personal('booking'),
    organisation: personal('booking'),
    // Kept: the statistics count people by type and school level, which alone name no one.
    participant_type: none,
    school_level: none,
    note: personal('booking'),
    locale: none,
    status: none,
    invite_uid: pseudonymous('booking'),
    invite_sequence: none,
    consent_at: none,
    consent_version: none,
    confirmed_at: none,
    cancelled_at: none,
    check_in_code: pseudonymous('booking'),
    attendance: none,
    attendance_marked_at: none,
    walk_in: none,
    date_of_birth: personal('booking'),
    coming_confirmed_at: none,
    anonymised_at: none,
    // The session's time, not the person's: kept like the session's own.
    booked_starts_at: none,
    booked_ends_at: none,
    created_at: none,
    updated_at: none,
  },
  registration_tokens: {
    token_hash: pseudonymous('booking', deleted),
    registration_id: none,
    scope: none,
    created_at: none,
  },
  outbox: {
    id: none,
    idempotency_key: none,
    template: none,
    recipient: personal('mail', emptied),
    recipient_key: personal('mail'),
    locale: none,
    props: personal('mail'),
    message_id: none,
    status: none,
    attempts: none,
    next_attempt_at: none,
    locked_until: none,
    // A refusing server's answer often quotes the address.
    last_error: personal('mail'),
    created_at: none,
    sent_at: none,
  },
  dev_mailbox: {
    id: none,
    recipient: personal('mail', deleted),
    subject: personal('mail', deleted),
    text_body: personal('mail', deleted),
    html_body: personal('mail', deleted),
    ics: personal('mail', deleted),
    raw: personal('mail', deleted),
    created_at: none,
  },
  users: {
    id: none,
    email: personal('account', deleted),
    name: personal('account', deleted),
    role: none,
    created_at: none,
    last_sign_in_at: personal('account', deleted),
  },
  organiser_members: { user_id: none, organiser_id: none },
  login_tokens: {
    token_hash: pseudonymous('sign-in', deleted),
    email: personal('sign-in', deleted),
    created_at: none,
    expires_at: none,
    used_at: none,
  },
  user_sessions: {
    id_hash: pseudonymous('sign-in', deleted),
    user_id: pseudonymous('sign-in', deleted),
    created_at: none,
    expires_at: none,
  },
  // A private feed goes with its account (erasure, or the account's own retention).
  calendar_feeds: {
    token_hash: pseudonymous('account', deleted),
    user_id: pseudonymous('account', deleted),
    created_at: none,
    last_used_at: pseudonymous('account', deleted),
  },
  rate_limit_hits: { key: personal('abuse-limit', deleted), at: none },
  rate_limit_counters: { key: personal('abuse-limit', deleted), slice_start: none, hits: none, expires_at: none },
  audit_log: {
    id: none,
    at: none,
    actor_user_id: pseudonymous('audit'),
    actor_email: personal('audit'),
    action: none,
    entity_type: none,
    entity_id: none,
    // May name the person a change was about (an added participant's address).
    details: personal('audit'),
  },
  certificates: {
    id: none,
    registration_id: none,
    // Printed on the certificate; names no one once the holder's name is gone.
    code: none,
    issued_at: none,
    revoked_at: none,
    holder_name: personal('certificate'),
  },
  files: { id: none, size: none, sha256: none, content_type: none, complete: none, created_at: none },
  file_chunks: { file_id: none, seq: none, data: none },
  worksheets: {
    id: none,
    workshop_id: none,
    title: none,
    description: none,
    licence: none,
    visibility: none,
    search_text: none,
    current_version_id: none,
    download_count: none,
    removed_at: none,
    created_at: none,
    updated_at: none,
  },
  worksheet_levels: { worksheet_id: none, level: none },
  worksheet_versions: {
    id: none,
    worksheet_id: none,
    file_id: none,
    original_name: none,
    content_type: none,
    size: none,
    sha256: none,
    // A staff member's id, kept while they are staff (the account rule removes the user row).
    uploaded_by: none,
    created_at: none,
  },
  job_runs: {
    name: none,
    lease_holder: none,
    lease_until: none,
    last_started_at: none,
    last_finished_at: none,
    last_error: none,
    last_items: none,
    runs: none,
    items_total: none,
  },
  registration_notices: { registration_id: none, kind: none, outcome: none, handled_at: none },
  feedback_responses: {
    id: none,
    registration_id: pseudonymous('booking'),
    session_id: none,
    rating: none,
    // Free text may mention someone; it is shown to organisers without names and kept anonymous.
    use_in_work: pseudonymous('feedback', 'kept-unlinked'),
    improve: pseudonymous('feedback', 'kept-unlinked'),
    comment: pseudonymous('feedback', 'kept-unlinked'),
    created_at: none,
    updated_at: none,
  },
}

/** Tables the engines or the tools make, which hold nobody's data. */
export const UNCLASSIFIED_TABLES = ['kysely_migration', 'kysely_migration_lock', 'data_version', 'sqlite_sequence'] as const

export type ClassifiedColumn = { table: keyof DB; column: string } & ColumnClass

/** Every column that is not 'none', in table order. */
export function columnsHoldingPeople(): (ClassifiedColumn & { class: 'personal' | 'pseudonymous' })[] {
  const found: (ClassifiedColumn & { class: 'personal' | 'pseudonymous' })[] = []
  for (const [table, columns] of Object.entries(CLASSIFICATION) as [keyof DB, Record<string, ColumnClass>][]) {
    for (const [column, c] of Object.entries(columns)) if (c.class !== 'none') found.push({ table, column, ...c })
  }
  return found
}
