import type { Kysely } from 'kysely'
import { z } from 'zod'
import type { DB } from '../../db/schema'
import type { Locale } from '~/i18n/locales'
import { newCertificateCode } from '~/utils/codes.server'
import type { CertificateData } from '~/utils/pdf/certificate.server'
import { monthsAfter } from './retention-policy'
import { normalizeCode } from '~/utils/codes'
import { writeTransaction, type Db } from '~/utils/db.server'
import { emailAddress, parseForm, recordId, singleLineText } from '~/utils/fields.server'
import { ATTENDANCE_STATUSES, ATTENDED, UNMARKED_CHOICES, type AttendanceStatus, type UnmarkedChoice } from './attendance-status'
import { recordAccess, recordAudit } from './audit.server'
import type { SignedInUser } from './auth.server'
import { getManagedSession, type ManagedSession } from './organiser-sessions.server'
import { NOT_FOUND, type Guarded } from './refusal'
import { mailRegistrationUpdate, registerWithin, type ChangeContext } from './registrations.server'
import { worksheetsForRegistration } from './worksheets.server'

export { ATTENDANCE_STATUSES, ATTENDED, UNMARKED_CHOICES, type AttendanceStatus, type CertificateData, type UnmarkedChoice }

const collator = new Intl.Collator('cs', { sensitivity: 'base' })

/** "Jana Řehořová" → sorts as "Řehořová Jana": by surname, then first names, in Czech order. */
export function czechNameKey(fullName: string): [string, string] {
  const parts = fullName.trim().split(/\s+/)
  const surname = parts.pop() ?? ''
  return [surname, parts.join(' ')]
}

/** Czech alphabetical order: Č after C, Ch after H, Ř after R, Š after S, Ž after Z. */
export function compareCzechNames(a: string, b: string): number {
  const [surnameA, firstA] = czechNameKey(a)
  const [surnameB, firstB] = czechNameKey(b)
  return collator.compare(surnameA, surnameB) || collator.compare(firstA, firstB)
}

export type RosterEntry = {
  id: number
  fullName: string
  organisation: string | null
  email: string
  checkInCode: string | null
  attendance: AttendanceStatus | null
  walkIn: boolean
  /** What they wrote when booking (the form asks for accessibility needs there). */
  note: string | null
}

/** The people expected in the room: everyone holding a seat, walk-ins included. */
export async function getRoster(db: Db, { sessionId }: { sessionId: number }) {
  const rows = await db
    .selectFrom('registrations')
    .select(['id', 'full_name', 'organisation', 'email', 'check_in_code', 'attendance', 'walk_in', 'note'])
    .where('session_id', '=', sessionId)
    .where('status', '=', 'confirmed')
    .execute()
  const all: RosterEntry[] = rows
    .map((r) => ({
      id: r.id,
      fullName: r.full_name,
      organisation: r.organisation,
      email: r.email,
      checkInCode: r.check_in_code,
      attendance: r.attendance,
      walkIn: r.walk_in === 1,
      note: r.note,
    }))
    .sort((a, b) => compareCzechNames(a.fullName, b.fullName))
  const counts = { total: all.length, present: 0, late: 0, excused: 0, absent: 0, unmarked: 0 }
  for (const entry of all) counts[entry.attendance ?? 'unmarked']++
  return { entries: all, counts }
}

/** A mark on one person of a session; `null` clears it. */
type AttendanceChange = ChangeContext & { sessionId: number; registrationId: number; attendance: AttendanceStatus | null }

/**
 * One tap in the room. After attendance is closed a change still counts: someone marked
 * present gets their certificate, someone corrected to absent loses it.
 */
export async function markAttendance(
  db: Kysely<DB>,
  { user, ...change }: AttendanceChange & { user: SignedInUser },
): Promise<Guarded<{ kind: 'marked'; fullName: string }>> {
  return writeTransaction(db, async (trx) => {
    const session = await getManagedSession(trx, { user, sessionId: change.sessionId })
    if (session.kind !== 'ok') return session
    return setAttendance(trx, { ...change, closed: Boolean(session.value.attendance_closed_at) })
  })
}

async function setAttendance(
  trx: Kysely<DB>,
  { sessionId, registrationId, attendance, closed, ...context }: AttendanceChange & { closed: boolean },
): Promise<Guarded<{ kind: 'marked'; fullName: string }>> {
  const registration = await trx
    .selectFrom('registrations')
    .select(['id', 'full_name'])
    .where('id', '=', registrationId)
    .where('session_id', '=', sessionId)
    .where('status', '=', 'confirmed')
    .executeTakeFirst()
  if (!registration) return NOT_FOUND
  await trx
    .updateTable('registrations')
    .set({ attendance, attendance_marked_at: context.now.toISOString(), updated_at: context.now.toISOString() })
    .where('id', '=', registrationId)
    .execute()
  if (closed) await syncCertificate(trx, { registrationId, ...context })
  return { kind: 'marked', fullName: registration.full_name }
}

/** One row's mark on the roster; an empty mark clears it. */
export const MarkAttendanceForm = z.object({
  registrationId: recordId(),
  attendance: z.union([z.enum(ATTENDANCE_STATUSES), z.literal('')], 'error.badRequest'),
})

export function parseMarkAttendanceForm(form: FormData) {
  return parseForm(MarkAttendanceForm, form)
}

/** The code from someone's e-mail or QR code, as typed or scanned at the door. */
export const CheckInForm = z.object({ code: z.string() })

export function parseCheckInForm(form: FormData) {
  return parseForm(CheckInForm, form)
}

/** Someone at the door who did not book: a name, an address for the certificate, where they are from. */
export const WalkInForm = z.object({
  fullName: singleLineText({
    max: 120,
    required: 'registration.error.fullName',
    tooLong: 'registration.error.tooLong',
    control: 'registration.error.control',
    markupMessage: 'registration.error.markup',
  }),
  email: emailAddress({ required: 'registration.error.email' }),
  organisation: singleLineText({
    max: 200,
    tooLong: 'registration.error.tooLong',
    control: 'registration.error.control',
    markupMessage: 'registration.error.markup',
  }),
})
export type WalkInFormData = z.infer<typeof WalkInForm>

export function parseWalkInForm(form: FormData) {
  return parseForm(WalkInForm, form)
}

/**
 * A walk-in: booked (a seat is added when the session is full) and marked present in one
 * transaction, so there is never a walk-in who is not in the room. They gave no consent on
 * our form, and none is recorded.
 */
export async function addWalkIn(
  db: Kysely<DB>,
  {
    sessionId,
    form,
    locale,
    user,
    ...context
  }: ChangeContext & { sessionId: number; form: WalkInFormData; locale: Locale; user: SignedInUser },
): Promise<Guarded<{ kind: 'added'; fullName: string }> | { kind: 'duplicate' } | { kind: 'refused' }> {
  return writeTransaction(db, async (trx) => {
    const session = await getManagedSession(trx, { user, sessionId })
    if (session.kind !== 'ok') return session
    const added = await registerWithin(trx, {
      sessionId,
      form: { ...form, participantType: 'other', schoolLevel: '', note: '' },
      locale,
      byOrganiser: { walkIn: true, actor: user },
      ...context,
    })
    if (added.kind === 'duplicate') return { kind: 'duplicate' }
    if (added.kind !== 'registered') return { kind: 'refused' }
    const closed = Boolean(session.value.attendance_closed_at)
    await setAttendance(trx, { sessionId, registrationId: added.registrationId, attendance: 'present', closed, ...context })
    return { kind: 'added', fullName: form.fullName }
  })
}

/**
 * The attendance page: the session, the roster with its counts, and how many certificates
 * stand. Opening it is in the audit log (how many people it listed).
 */
export async function getAttendancePage(
  db: Db,
  { session, user, now }: { session: ManagedSession; user: SignedInUser; now: Date },
) {
  const sessionId = session.id
  const view = { session, ...(await getRoster(db, { sessionId })) }
  await recordAccess(db, {
    user,
    action: 'access.roster',
    entityType: 'session',
    entityId: sessionId,
    counts: { rows: view.entries.length },
    now,
  })
  if (!session.closedAt) return { ...view, certificates: 0 }
  const { n } = await db
    .selectFrom('certificates')
    .innerJoin('registrations', 'registrations.id', 'certificates.registration_id')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('registrations.session_id', '=', sessionId)
    .where('certificates.revoked_at', 'is', null)
    .executeTakeFirstOrThrow()
  return { ...view, certificates: Number(n) }
}

/** Checks someone in by the code from their e-mail or QR code; a second scan changes nothing. */
export async function checkInByCode(
  db: Kysely<DB>,
  { sessionId, code, user, ...context }: ChangeContext & { sessionId: number; code: string; user: SignedInUser },
): Promise<
  Guarded<{ kind: 'checked_in'; fullName: string; already: boolean }> | { kind: 'unknown_code' } | { kind: 'other_session' }
> {
  const normalized = normalizeCode(code)
  const session = await getManagedSession(db, { user, sessionId })
  if (session.kind !== 'ok') return session
  const registration = await db
    .selectFrom('registrations')
    .select(['id', 'session_id', 'status', 'attendance', 'full_name'])
    .where('check_in_code', '=', normalized)
    .executeTakeFirst()
  if (!registration || registration.status !== 'confirmed') return { kind: 'unknown_code' }
  if (registration.session_id !== sessionId) return { kind: 'other_session' }
  if (registration.attendance === 'present' || registration.attendance === 'late') {
    return { kind: 'checked_in', fullName: registration.full_name, already: true }
  }
  const result = await markAttendance(db, { sessionId, registrationId: registration.id, attendance: 'present', user, ...context })
  if (result.kind !== 'marked') return result
  return { kind: 'checked_in', fullName: registration.full_name, already: false }
}

/** The answer to "what about the people without a mark?"; none sent is no answer yet. */
export const CloseAttendanceForm = z.object({
  unmarked: z
    .union([z.enum(UNMARKED_CHOICES), z.literal('')], 'roster.closeAsk.error')
    .transform((choice) => choice || undefined),
})

export function parseCloseAttendanceForm(form: FormData) {
  return parseForm(CloseAttendanceForm, form)
}

/**
 * What the organiser needs to know before closing: how many hold a seat, how many of them
 * nobody marked, how many certificates closing sends, and whether people marked absent are
 * e-mailed the workshop's next dates. Counts only: no names, so no access to record.
 */
export async function closingSummary(db: Db, { sessionId }: { sessionId: number }) {
  const rows = await db
    .selectFrom('registrations')
    .select(['attendance', (eb) => eb.fn.countAll<number>().as('n')])
    .where('session_id', '=', sessionId)
    .where('status', '=', 'confirmed')
    .groupBy('attendance')
    .execute()
  const workshop = await db
    .selectFrom('sessions')
    .innerJoin('workshops', 'workshops.id', 'sessions.workshop_id')
    .select(['workshops.missed_email', 'workshops.published'])
    .where('sessions.id', '=', sessionId)
    .executeTakeFirstOrThrow()
  const count = (match: (attendance: AttendanceStatus | null) => boolean) =>
    rows.filter((r) => match(r.attendance)).reduce((sum, r) => sum + Number(r.n), 0)
  return {
    total: count(() => true),
    unmarked: count((a) => a === null),
    attended: count((a) => a !== null && ATTENDED.includes(a)),
    missedEmail: workshop.missed_email === 1 && workshop.published === 1,
  }
}

/**
 * Closes attendance: everyone marked present or late gets a certificate and an e-mail with
 * the link to it. While someone holding a seat is unmarked, closing needs to be told what to
 * do with them (`unmarked`): leave them unmarked (no certificate, and a later mark still
 * issues one) or mark them absent. Without that it changes nothing and answers how many are
 * unmarked, so a half-marked room is never closed, and certificates never mailed, by one
 * click. Closing again only catches up on people marked since.
 */
export async function closeAttendance(
  db: Kysely<DB>,
  { sessionId, user, unmarked, ...context }: ChangeContext & { sessionId: number; user: SignedInUser; unmarked?: UnmarkedChoice },
): Promise<
  Guarded<
    | { kind: 'closed'; certificates: number; issued: number; markedAbsent: number; leftUnmarked: number }
    | { kind: 'unmarked_remain'; unmarked: number; total: number }
  >
> {
  return writeTransaction(db, async (trx) => {
    const session = await getManagedSession(trx, { user, sessionId })
    if (session.kind !== 'ok') return session
    const { unmarked: unmarkedCount, total } = await closingSummary(trx, { sessionId })
    if (unmarkedCount > 0 && !unmarked) return { kind: 'unmarked_remain', unmarked: unmarkedCount, total }
    const nowIso = context.now.toISOString()
    let markedAbsent = 0
    if (unmarkedCount > 0 && unmarked === 'absent') {
      const marked = await trx
        .updateTable('registrations')
        .set({ attendance: 'absent', attendance_marked_at: nowIso, updated_at: nowIso })
        .where('session_id', '=', sessionId)
        .where('status', '=', 'confirmed')
        .where('attendance', 'is', null)
        .executeTakeFirst()
      markedAbsent = Number(marked.numUpdatedRows)
    }
    if (!session.value.attendance_closed_at) {
      await trx.updateTable('sessions').set({ attendance_closed_at: nowIso }).where('id', '=', sessionId).execute()
    }
    const attendees = await trx
      .selectFrom('registrations')
      .select('id')
      .where('session_id', '=', sessionId)
      .where('status', '=', 'confirmed')
      .where('attendance', 'in', ATTENDED)
      .execute()
    let issued = 0
    for (const { id } of attendees) if (await syncCertificate(trx, { registrationId: id, ...context })) issued++
    await askAfterTheSession(trx, { sessionId, ...context })
    const leftUnmarked = unmarkedCount - markedAbsent
    await recordAudit(trx, {
      actor: user,
      action: 'session.attendance-close',
      entityType: 'session',
      entityId: sessionId,
      details: {
        attendees: attendees.length,
        issued,
        ...(markedAbsent > 0 ? { markedAbsent } : {}),
        ...(leftUnmarked > 0 ? { leftUnmarked } : {}),
      },
      now: context.now,
    })
    return { kind: 'closed', certificates: attendees.length, issued, markedAbsent, leftUnmarked }
  })
}

/**
 * After closing: everyone present or late is asked for feedback; everyone marked absent gets
 * a friendly "we missed you" with the workshop's next dates, where the workshop wants it.
 * Closing again asks only people marked since: each e-mail has its own key.
 */
async function askAfterTheSession(trx: Kysely<DB>, { sessionId, ...context }: ChangeContext & { sessionId: number }) {
  const session = await trx
    .selectFrom('sessions')
    .innerJoin('workshops', 'workshops.id', 'sessions.workshop_id')
    .select(['sessions.workshop_id', 'workshops.slug', 'workshops.missed_email', 'workshops.published'])
    .where('sessions.id', '=', sessionId)
    .executeTakeFirstOrThrow()
  const people = await trx
    .selectFrom('registrations')
    .select(['id', 'attendance'])
    .where('session_id', '=', sessionId)
    .where('status', '=', 'confirmed')
    .where('attendance', 'is not', null)
    .execute()
  const keys = people.map((p) => (p.attendance === 'absent' ? `registration:${p.id}:missed` : `registration:${p.id}:feedback`))
  const sent = new Set(
    keys.length === 0
      ? []
      : (await trx.selectFrom('outbox').select('idempotency_key').where('idempotency_key', 'in', keys).execute()).map(
          (r) => r.idempotency_key,
        ),
  )
  const nextSessions =
    session.missed_email === 1 && session.published === 1
      ? (
          await trx
            .selectFrom('sessions')
            .select(['starts_at', 'ends_at'])
            .where('workshop_id', '=', session.workshop_id)
            .where('status', '=', 'scheduled')
            .where('starts_at', '>', context.now.toISOString())
            .orderBy('starts_at')
            .limit(3)
            .execute()
        ).map((s) => ({ startsAt: s.starts_at, endsAt: s.ends_at, url: `${context.appUrl}/workshops/${session.slug}` }))
      : []
  for (const person of people) {
    if (person.attendance === 'excused') continue
    const missed = person.attendance === 'absent'
    if (missed && session.missed_email !== 1) continue
    const key = missed ? `registration:${person.id}:missed` : `registration:${person.id}:feedback`
    if (sent.has(key)) continue
    await mailRegistrationUpdate(trx, {
      registrationId: person.id,
      template: missed ? 'registration.missed' : 'registration.feedback',
      key,
      nextSessions: missed ? nextSessions : undefined,
      ...context,
    })
  }
}

/**
 * Makes the certificate match the attendance: issues one (and mails its link) to someone who
 * attended and has none, revokes it from someone who did not. Returns whether one was issued.
 */
async function syncCertificate(
  trx: Kysely<DB>,
  { registrationId, ...context }: ChangeContext & { registrationId: number },
): Promise<boolean> {
  const registration = await trx
    .selectFrom('registrations')
    .select(['status', 'attendance', 'full_name'])
    .where('id', '=', registrationId)
    .executeTakeFirstOrThrow()
  const attended =
    registration.status === 'confirmed' && registration.attendance !== null && ATTENDED.includes(registration.attendance)
  const certificate = await trx
    .selectFrom('certificates')
    .selectAll()
    .where('registration_id', '=', registrationId)
    .executeTakeFirst()
  const nowIso = context.now.toISOString()
  if (!attended) {
    if (certificate && !certificate.revoked_at) {
      await trx.updateTable('certificates').set({ revoked_at: nowIso }).where('id', '=', certificate.id).execute()
    }
    return false
  }
  if (certificate) {
    if (certificate.revoked_at)
      await trx
        .updateTable('certificates')
        .set({ revoked_at: null, holder_name: registration.full_name })
        .where('id', '=', certificate.id)
        .execute()
    return false
  }
  const code = newCertificateCode()
  await trx
    .insertInto('certificates')
    .values({ registration_id: registrationId, code, issued_at: nowIso, revoked_at: null, holder_name: registration.full_name })
    .execute()
  // The e-mail after the session lists the worksheets this attendee may now download.
  const worksheets = (await worksheetsForRegistration(trx, registrationId)).map((w) => ({ id: w.id, title: w.title }))
  await mailRegistrationUpdate(trx, {
    registrationId,
    template: 'registration.certificate',
    certificateUrl: certificateUrl(context.appUrl, code),
    certificateCode: code,
    worksheets,
    key: `registration:${registrationId}:certificate`,
    ...context,
  })
  return true
}

export function certificateUrl(appUrl: string, code: string): string {
  return `${appUrl}/certificates/${code}`
}

/**
 * A certificate that stands: issued, not revoked, and its holder still marked as attended.
 * An unknown code, a revoked one or one whose holder is now absent does not verify.
 */
async function standingCertificate(db: Db, query: { code: string } | { registrationId: number }) {
  let q = db
    .selectFrom('certificates')
    .innerJoin('registrations', 'registrations.id', 'certificates.registration_id')
    .innerJoin('sessions', 'sessions.id', 'registrations.session_id')
    .innerJoin('workshops', 'workshops.id', 'sessions.workshop_id')
    .innerJoin('organisers', 'organisers.id', 'workshops.organiser_id')
    .select([
      'certificates.code',
      'certificates.issued_at',
      'certificates.holder_name',
      'registrations.date_of_birth',
      'registrations.attendance',
      'registrations.status',
      'workshops.title',
      'workshops.length_hours',
      'workshops.accreditation_ref',
      'workshops.requires_birth_date',
      'sessions.starts_at',
      'sessions.ends_at',
      'sessions.venue_name',
      'sessions.lecturer',
      'organisers.name as organiser_name',
    ])
    .where('certificates.revoked_at', 'is', null)
  q =
    'code' in query
      ? q.where('certificates.code', '=', normalizeCode(query.code))
      : q.where('certificates.registration_id', '=', query.registrationId)
  const row = await q.executeTakeFirst()
  if (!row || row.status !== 'confirmed' || !row.attendance || !ATTENDED.includes(row.attendance)) return undefined
  return row
}

/** A standing certificate to print; none once its holder's name is no longer kept. */
export async function findValidCertificate(
  db: Db,
  query: { code: string } | { registrationId: number },
): Promise<CertificateData | undefined> {
  const row = await standingCertificate(db, query)
  if (!row?.holder_name) return undefined
  return {
    code: row.code,
    fullName: row.holder_name,
    dateOfBirth: row.requires_birth_date === 1 ? row.date_of_birth : null,
    workshopTitle: row.title,
    lengthHours: row.length_hours,
    startsAt: row.starts_at,
    endsAt: row.ends_at,
    place: row.venue_name,
    lecturer: row.lecturer,
    organiserName: row.organiser_name,
    accreditationRef: row.accreditation_ref,
    issuedAt: row.issued_at,
  }
}

export type CertificateVerification = {
  code: string
  /** Null once the certificates' retention has passed: the page says the name is no longer kept. */
  holderName: string | null
  /** Until when the page shows the name (issue + the certificates' retention). */
  nameKeptUntil: string
  workshopTitle: string
  startsAt: string
  endsAt: string
  lengthHours: number
  organiserName: string
  accreditationRef: string | null
  issuedAt: string
}

/** What the public verification page shows: as little personal data as that takes, for as long as the policy allows. */
export async function verifyCertificate(
  db: Db,
  { code, certificateMonths }: { code: string; certificateMonths: number },
): Promise<CertificateVerification | undefined> {
  const row = await standingCertificate(db, { code })
  if (!row) return undefined
  return {
    code: row.code,
    holderName: row.holder_name,
    nameKeptUntil: monthsAfter(new Date(row.issued_at), certificateMonths).toISOString(),
    workshopTitle: row.title,
    startsAt: row.starts_at,
    endsAt: row.ends_at,
    lengthHours: row.length_hours,
    organiserName: row.organiser_name,
    accreditationRef: row.accreditation_ref,
    issuedAt: row.issued_at,
  }
}
