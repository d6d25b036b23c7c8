import type { ColumnType, Generated, Insertable, Selectable, Updateable } from 'kysely'

/*
 * The database as the application sees it. Instants are ISO-8601 strings in UTC
 * ("2026-12-01T14:00:00.000Z"): they sort as text on every engine and convert at the edge.
 * Booleans are 0/1 integers for the same reason.
 */

export const TOPICS = ['data_literacy', 'cybersecurity', 'open_data', 'other'] as const
export type Topic = (typeof TOPICS)[number]

export const AUDIENCES = ['teacher_ms', 'teacher_zs', 'teacher_ss', 'teacher_vos', 'official', 'public'] as const
export type Audience = (typeof AUDIENCES)[number]

export const LANGUAGES = ['cs', 'en'] as const

export const SESSION_STATUSES = ['scheduled', 'cancelled'] as const
export type SessionStatus = (typeof SESSION_STATUSES)[number]

export const ATTENDANCE_STATUSES = ['present', 'late', 'excused', 'absent'] as const
export type AttendanceStatus = (typeof ATTENDANCE_STATUSES)[number]

export const REGISTRATION_STATUSES = ['confirmed', 'waitlisted', 'cancelled'] as const
export type RegistrationStatus = (typeof REGISTRATION_STATUSES)[number]

export interface OrganiserTable {
  id: Generated<number>
  name: string
  email: string
  website: string | null
  created_at: string
}

export interface WorkshopTable {
  id: Generated<number>
  slug: string
  title: string
  summary: string
  description_md: string
  topic: Topic
  length_hours: number
  language: 'cs' | 'en'
  organiser_id: number
  published: 0 | 1
  /** Lower-case text without diacritics, kept by the model so search is portable SQL. */
  search_text: string
  accreditation_ref: string | null
  requires_birth_date: Generated<0 | 1>
  /** Hours before each session that confirmed people are reminded, comma-separated ('' = none). */
  reminder_hours: Generated<string>
  /** What to bring, said in the reminders. */
  what_to_bring: ColumnType<string | null, string | null | undefined, string | null>
  /** A "we missed you" e-mail to people marked absent (1, the default) or not (0). */
  missed_email: Generated<0 | 1>
  created_at: string
  updated_at: string
}

export interface WorkshopAudienceTable {
  workshop_id: number
  audience: Audience
}

export interface SessionTable {
  id: Generated<number>
  workshop_id: number
  starts_at: string
  ends_at: string
  venue_name: string | null
  address: string | null
  room: string | null
  online_url: string | null
  capacity: number
  /** Kept in step with registrations in the same transaction; a CHECK keeps it within capacity. */
  confirmed_count: Generated<number>
  waitlisted_count: Generated<number>
  registration_opens_at: string | null
  registration_closes_at: string | null
  status: SessionStatus
  /** What the organiser told participants when cancelling. */
  cancellation_message: string | null
  lecturer: string | null
  /** Set when the organiser closes attendance; certificates go out then. */
  attendance_closed_at: string | null
  /** Seats not confirmed by the deadline go to the waiting list (0 = off, the default). */
  release_unconfirmed: Generated<0 | 1>
  /** The deadline, in hours before the start. */
  release_deadline_hours: Generated<number>
  created_at: string
  updated_at: string
  /** Raised with every change (time, place, seats, cancelling): the calendar feeds' SEQUENCE. */
  sequence: Generated<number>
  /** The town of a session in a place (the catalogue's place filter); null online. */
  town: ColumnType<string | null, string | null | undefined, string | null>
  /** Venue, room, address, town (and "online") folded for search, kept by the model. */
  place_search_text: Generated<string>
}

export const PARTICIPANT_TYPES = ['teacher', 'official', 'other'] as const
export type ParticipantType = (typeof PARTICIPANT_TYPES)[number]
export const SCHOOL_LEVELS = ['ms', 'zs', 'ss', 'vos'] as const
export type SchoolLevel = (typeof SCHOOL_LEVELS)[number]

export interface RegistrationTable {
  id: Generated<number>
  session_id: number
  full_name: string
  email: string
  /** Lower-cased e-mail: one live registration per address and session. */
  email_normalized: string | null
  organisation: string | null
  participant_type: ParticipantType | null
  school_level: SchoolLevel | null
  note: string | null
  /** The language the person booked in; their e-mails are written in it. */
  locale: Generated<'cs' | 'en'>
  status: RegistrationStatus
  invite_uid: string | null
  invite_sequence: Generated<number>
  consent_at: string | null
  confirmed_at: string | null
  cancelled_at: string | null
  /** Eight characters, shown with a QR code, for checking in at the door. */
  check_in_code: string | null
  attendance: AttendanceStatus | null
  attendance_marked_at: string | null
  walk_in: Generated<0 | 1>
  /** Only for workshops whose certificates need it (YYYY-MM-DD). */
  date_of_birth: string | null
  /** When the person answered "yes, I'm coming" to the e-mail that asks. */
  coming_confirmed_at: ColumnType<string | null, string | null | undefined, string | null>
  /** The version of the consent text accepted on the booking form (null: added by an organiser). */
  consent_version: ColumnType<string | null, string | null | undefined, string | null>
  /** When the personal data was removed (erased by the person, or at the end of retention). */
  anonymised_at: ColumnType<string | null, string | null | undefined, string | null>
  /** The session's time when the person booked: a later promotion says if it has changed since. */
  booked_starts_at: ColumnType<string | null, string | null | undefined, string | null>
  booked_ends_at: ColumnType<string | null, string | null | undefined, string | null>
  created_at: string
  updated_at: string
}

/** What a token opens: `manage` the e-mail's link (view, cancel, downloads); `calendar` a read-only view. */
export type TokenScope = 'manage' | 'calendar'

export interface RegistrationTokenTable {
  token_hash: string
  registration_id: number
  scope: Generated<TokenScope>
  created_at: string
}

export const OUTBOX_STATUSES = ['pending', 'sending', 'sent', 'failed'] as const
export type OutboxStatus = (typeof OUTBOX_STATUSES)[number]

export interface OutboxTable {
  id: Generated<number>
  idempotency_key: string
  template: string
  recipient: string
  /** The recipient in lower case, for the per-recipient limit (null in rows written before it, and once emptied). */
  recipient_key: ColumnType<string | null, string | undefined, string | null>
  locale: 'cs' | 'en'
  props: string | null
  message_id: string
  status: Generated<OutboxStatus>
  attempts: Generated<number>
  next_attempt_at: string
  locked_until: string | null
  last_error: string | null
  created_at: string
  sent_at: string | null
}

export interface DevMailboxTable {
  id: Generated<number>
  recipient: string
  subject: string
  text_body: string
  html_body: string
  ics: string | null
  raw: string
  created_at: string
}

export const ROLES = ['admin', 'organiser', 'participant'] as const
export type Role = (typeof ROLES)[number]

export interface UserTable {
  id: Generated<number>
  email: string
  name: string | null
  role: Role
  created_at: string
  last_sign_in_at: string | null
}

export interface OrganiserMemberTable {
  user_id: number
  organiser_id: number
}

export interface LoginTokenTable {
  token_hash: string
  email: string
  created_at: string
  expires_at: string
  used_at: string | null
}

export interface UserSessionTable {
  id_hash: string
  user_id: number
  created_at: string
  expires_at: string
}

/** A person's private calendar feed; the secret in its address is stored only hashed. */
export interface CalendarFeedTable {
  token_hash: string
  user_id: number
  created_at: string
  /** When a calendar last fetched it, to the day. */
  last_used_at: string | null
}

export interface RateLimitHitTable {
  key: string
  at: string
}

/** Hits under a key in one tenth of its window (migration 0006, decision 011). */
export interface RateLimitCounterTable {
  key: string
  slice_start: string
  hits: number
  expires_at: string
}

export interface AuditLogTable {
  id: Generated<number>
  at: string
  actor_user_id: number | null
  actor_email: string | null
  action: string
  entity_type: string
  entity_id: number | null
  details: string | null
}

export interface CertificateTable {
  id: Generated<number>
  registration_id: number
  code: string
  issued_at: string
  revoked_at: string | null
  /** What the verification page shows, kept for the certificates' own retention. */
  holder_name: ColumnType<string | null, string | null | undefined, string | null>
}

export const VISIBILITIES = ['public', 'registered', 'attendees'] as const
export type Visibility = (typeof VISIBILITIES)[number]
export const LICENCES = ['CC BY 4.0', 'CC BY-SA 4.0', 'CC BY-NC 4.0', 'CC0 1.0', 'all-rights-reserved'] as const
export type Licence = (typeof LICENCES)[number]

export interface FileTable {
  id: Generated<number>
  size: Generated<number>
  sha256: string | null
  content_type: string | null
  complete: Generated<0 | 1>
  created_at: string
}

export interface FileChunkTable {
  file_id: number
  seq: number
  data: Uint8Array
}

export interface WorksheetTable {
  id: Generated<number>
  workshop_id: number
  title: string
  description: Generated<string>
  licence: string
  visibility: Visibility
  search_text: string
  current_version_id: number | null
  download_count: Generated<number>
  removed_at: string | null
  created_at: string
  updated_at: string
}

export interface WorksheetLevelTable {
  worksheet_id: number
  level: SchoolLevel
}

export interface WorksheetVersionTable {
  id: Generated<number>
  worksheet_id: number
  file_id: number
  original_name: string
  content_type: string
  size: number
  sha256: string
  uploaded_by: number | null
  created_at: string
}

export interface JobRunTable {
  name: string
  lease_holder: string | null
  lease_until: string | null
  last_started_at: string | null
  last_finished_at: string | null
  last_error: string | null
  last_items: Generated<number>
  runs: Generated<number>
  items_total: Generated<number>
}

export interface RegistrationNoticeTable {
  registration_id: number
  /** 'reminder:72', 'reminder:2', … */
  kind: string
  outcome: 'queued' | 'skipped'
  handled_at: string
}

export interface FeedbackResponseTable {
  id: Generated<number>
  /** Null once the person is erased or the booking anonymised: the answer stays, the link goes. */
  registration_id: number | null
  session_id: number
  rating: number
  use_in_work: string | null
  improve: string | null
  comment: string | null
  created_at: string
  updated_at: string
}

export interface DB {
  organisers: OrganiserTable
  workshops: WorkshopTable
  workshop_audiences: WorkshopAudienceTable
  sessions: SessionTable
  registrations: RegistrationTable
  registration_tokens: RegistrationTokenTable
  outbox: OutboxTable
  dev_mailbox: DevMailboxTable
  users: UserTable
  organiser_members: OrganiserMemberTable
  login_tokens: LoginTokenTable
  user_sessions: UserSessionTable
  calendar_feeds: CalendarFeedTable
  rate_limit_hits: RateLimitHitTable
  rate_limit_counters: RateLimitCounterTable
  audit_log: AuditLogTable
  certificates: CertificateTable
  files: FileTable
  file_chunks: FileChunkTable
  worksheets: WorksheetTable
  worksheet_levels: WorksheetLevelTable
  worksheet_versions: WorksheetVersionTable
  job_runs: JobRunTable
  registration_notices: RegistrationNoticeTable
  feedback_responses: FeedbackResponseTable
}

export type Workshop = Selectable<WorkshopTable>
export type NewWorkshop = Insertable<WorkshopTable>
export type WorkshopUpdate = Updateable<WorkshopTable>
export type Session = Selectable<SessionTable>
export type NewSession = Insertable<SessionTable>
export type Organiser = Selectable<OrganiserTable>
export type Registration = Selectable<RegistrationTable>
export type OutboxMessage = Selectable<OutboxTable>
export type User = Selectable<UserTable>
