import type { AttendanceStatus, ParticipantType, RegistrationStatus, Role, SchoolLevel } from '../../db/schema'
import type { Db } from '~/utils/db.server'
import { certificateUrl } from './attendance.server'

/*
 * Everything held about one person (a signed-in address) or about one booking (its manage
 * link), as the "my data" page shows it and as JSON (docs/personal-data-export.schema.json)
 * and HTML it is downloaded. The JSON keeps the field names of that schema; a test validates
 * an export against it.
 */

export const EXPORT_SCHEMA_ID = 'https://workshopy.example/schemas/personal-data-export/v1'

export type DataSubject = { email: string } | { registrationId: number }

export type ExportedRegistration = {
  id: number
  workshop: string
  organiser: { name: string; email: string }
  startsAt: string
  endsAt: string
  place: string | null
  online: boolean
  sessionStatus: 'scheduled' | 'cancelled'
  status: RegistrationStatus
  fullName: string
  email: string
  organisation: string | null
  participantType: ParticipantType | null
  schoolLevel: SchoolLevel | null
  note: string | null
  dateOfBirth: string | null
  language: 'cs' | 'en'
  consent: { at: string; version: string | null } | null
  bookedAt: string
  confirmedAt: string | null
  cancelledAt: string | null
  comingConfirmedAt: string | null
  checkInCode: string | null
  walkIn: boolean
  attendance: AttendanceStatus | null
  attendanceMarkedAt: string | null
  /** E-mails and reminders sent about this booking: what, when, whether delivered. */
  emails: { kind: string; queuedAt: string; status: string; sentAt: string | null }[]
}

export type PersonalDataExport = {
  $schema: typeof EXPORT_SCHEMA_ID
  generatedAt: string
  subject: { kind: 'person'; email: string } | { kind: 'booking'; registrationId: number }
  account: { email: string; name: string | null; role: Role; createdAt: string; lastSignInAt: string | null } | null
  registrations: ExportedRegistration[]
  certificates: {
    registrationId: number
    code: string
    issuedAt: string
    revokedAt: string | null
    holderName: string | null
    verifyUrl: string
  }[]
  feedback: {
    registrationId: number
    rating: number
    useInWork: string | null
    improve: string | null
    comment: string | null
    givenAt: string
    updatedAt: string
  }[]
  signIns: {
    links: { requestedAt: string; expiresAt: string; usedAt: string | null }[]
    sessions: { startedAt: string; expiresAt: string }[]
    /** The private calendar feed's secret address (only its hash is kept): when made, when last read. */
    calendarFeeds: { createdAt: string; lastUsedAt: string | null }[]
  }
  /** Changes that staff made to these bookings and when, from the audit log (without the staff's own data). */
  history: { at: string; action: string; registrationId: number }[]
}

/** Everything held about the subject. Nothing about anyone else: every query is scoped by the subject. */
export async function personalDataExport(
  db: Db,
  { subject, now, appUrl }: { subject: DataSubject; now: Date; appUrl: string },
): Promise<PersonalDataExport> {
  const email = 'email' in subject ? subject.email.trim().toLowerCase() : null
  let registrationsQuery = db
    .selectFrom('registrations')
    .innerJoin('sessions', 'sessions.id', 'registrations.session_id')
    .innerJoin('workshops', 'workshops.id', 'sessions.workshop_id')
    .innerJoin('organisers', 'organisers.id', 'workshops.organiser_id')
    .selectAll('registrations')
    .select([
      'workshops.title',
      'organisers.name as organiser_name',
      'organisers.email as organiser_email',
      'sessions.starts_at',
      'sessions.ends_at',
      'sessions.venue_name',
      'sessions.address',
      'sessions.room',
      'sessions.online_url',
      'sessions.status as session_status',
    ])
    // Anonymised bookings are nobody's any more.
    .where('registrations.anonymised_at', 'is', null)
    .orderBy('sessions.starts_at')
    .orderBy('registrations.id')
  registrationsQuery =
    email === null && 'registrationId' in subject
      ? registrationsQuery.where('registrations.id', '=', subject.registrationId)
      : registrationsQuery.where('registrations.email_normalized', '=', email)
  const rows = await registrationsQuery.execute()
  const ids = rows.map((r) => r.id)

  const [emails, certificates, feedback, history] = await Promise.all([
    mailAbout(db, ids),
    ids.length === 0
      ? []
      : db.selectFrom('certificates').selectAll().where('registration_id', 'in', ids).orderBy('issued_at').execute(),
    ids.length === 0
      ? []
      : db.selectFrom('feedback_responses').selectAll().where('registration_id', 'in', ids).orderBy('created_at').execute(),
    ids.length === 0
      ? []
      : db
          .selectFrom('audit_log')
          .select(['at', 'action', 'entity_id'])
          .where('entity_type', '=', 'registration')
          .where('entity_id', 'in', ids)
          .orderBy('id')
          .execute(),
  ])

  const account = email ? await db.selectFrom('users').selectAll().where('email', '=', email).executeTakeFirst() : undefined
  const [links, sessions, feeds] = email
    ? await Promise.all([
        db
          .selectFrom('login_tokens')
          .select(['created_at', 'expires_at', 'used_at'])
          .where('email', '=', email)
          .orderBy('created_at')
          .execute(),
        account
          ? db
              .selectFrom('user_sessions')
              .select(['created_at', 'expires_at'])
              .where('user_id', '=', account.id)
              .orderBy('created_at')
              .execute()
          : [],
        account
          ? db
              .selectFrom('calendar_feeds')
              .select(['created_at', 'last_used_at'])
              .where('user_id', '=', account.id)
              .orderBy('created_at')
              .execute()
          : [],
      ])
    : [[], [], []]

  return {
    $schema: EXPORT_SCHEMA_ID,
    generatedAt: now.toISOString(),
    subject: email
      ? { kind: 'person', email }
      : { kind: 'booking', registrationId: ids[0] ?? ('registrationId' in subject ? subject.registrationId : 0) },
    account: account
      ? {
          email: account.email,
          name: account.name,
          role: account.role,
          createdAt: account.created_at,
          lastSignInAt: account.last_sign_in_at,
        }
      : null,
    registrations: rows.map((r) => ({
      id: r.id,
      workshop: r.title,
      organiser: { name: r.organiser_name, email: r.organiser_email },
      startsAt: r.starts_at,
      endsAt: r.ends_at,
      place: [r.venue_name, r.room, r.address].filter(Boolean).join(', ') || null,
      online: r.online_url !== null,
      sessionStatus: r.session_status,
      status: r.status,
      fullName: r.full_name,
      email: r.email,
      organisation: r.organisation,
      participantType: r.participant_type,
      schoolLevel: r.school_level,
      note: r.note,
      dateOfBirth: r.date_of_birth,
      language: r.locale,
      consent: r.consent_at ? { at: r.consent_at, version: r.consent_version } : null,
      bookedAt: r.created_at,
      confirmedAt: r.confirmed_at,
      cancelledAt: r.cancelled_at,
      comingConfirmedAt: r.coming_confirmed_at,
      checkInCode: r.check_in_code,
      walkIn: r.walk_in === 1,
      attendance: r.attendance,
      attendanceMarkedAt: r.attendance_marked_at,
      emails: emails.get(r.id) ?? [],
    })),
    certificates: certificates.map((c) => ({
      registrationId: c.registration_id,
      code: c.code,
      issuedAt: c.issued_at,
      revokedAt: c.revoked_at,
      holderName: c.holder_name,
      verifyUrl: certificateUrl(appUrl, c.code),
    })),
    feedback: feedback.map((f) => ({
      registrationId: f.registration_id!,
      rating: f.rating,
      useInWork: f.use_in_work,
      improve: f.improve,
      comment: f.comment,
      givenAt: f.created_at,
      updatedAt: f.updated_at,
    })),
    signIns: {
      links: links.map((l) => ({ requestedAt: l.created_at, expiresAt: l.expires_at, usedAt: l.used_at })),
      sessions: sessions.map((s) => ({ startedAt: s.created_at, expiresAt: s.expires_at })),
      calendarFeeds: feeds.map((f) => ({ createdAt: f.created_at, lastUsedAt: f.last_used_at })),
    },
    history: history.map((h) => ({ at: h.at, action: h.action, registrationId: h.entity_id! })),
  }
}

/** The e-mails queued about these bookings, by the booking each one's key names. */
async function mailAbout(db: Db, registrationIds: number[]) {
  const byRegistration = new Map<number, ExportedRegistration['emails']>()
  for (let i = 0; i < registrationIds.length; i += 200) {
    const slice = registrationIds.slice(i, i + 200)
    const rows = await db
      .selectFrom('outbox')
      .select(['idempotency_key', 'template', 'status', 'created_at', 'sent_at'])
      .where((eb) => eb.or(slice.map((id) => eb('idempotency_key', 'like', `registration:${id}:%`))))
      .orderBy('id')
      .execute()
    for (const row of rows) {
      const id = Number(row.idempotency_key.split(':')[1])
      const list = byRegistration.get(id) ?? []
      list.push({ kind: row.template, queuedAt: row.created_at, status: row.status, sentAt: row.sent_at })
      byRegistration.set(id, list)
    }
  }
  return byRegistration
}
