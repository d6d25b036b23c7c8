import { randomUUID } from 'node:crypto'
import { sql, type Kysely } from 'kysely'
import type { AttendanceStatus, DB, Registration, RegistrationStatus, Session, TokenScope } from '../../db/schema'
import { mayCarryInvite, type EmailTemplateName, type RegistrationEmailProps } from '../../emails'
import type { SessionSnapshot } from '../../emails/types'
import type { Locale } from '~/i18n/locales'
import { writeTransaction, type Db } from '~/utils/db.server'
import { newCheckInCode } from '~/utils/codes.server'
import { hashToken, newToken } from '~/utils/tokens.server'
import { recordAudit } from './audit.server'
import { CURRENT_CONSENT_VERSION } from './consent'
import { enqueueEmail } from './outbox.server'
import type { RegistrationFormData } from './registration-form.server'
import { sessionAvailability, type AvailabilityState } from './session-availability'

const LINK_RESEND_INTERVAL_MS = 10 * 60_000
const LATE_PROMOTION_MS = 24 * 3_600_000

/** What every change needs to know besides its own arguments. */
export type ChangeContext = { now: Date; appUrl: string }

export type RegisterResult =
  | { kind: 'registered'; status: 'confirmed' | 'waitlisted'; registrationId: number; token: string; position?: number }
  | { kind: 'birth_date_required' }
  | { kind: 'duplicate' }
  | { kind: 'refused'; reason: Exclude<AvailabilityState, 'open' | 'full'> }
  | { kind: 'not_found' }
  /** Only where the request has an `admit` check: it refused. */
  | { kind: 'too_many'; retryAfterSeconds: number }

/**
 * Books a seat, or a place on the waiting list when the session is full. The capacity check,
 * the write and the e-mail to send happen in one transaction that holds the write lock from
 * its first statement, so concurrent bookings, from this process or another, queue up and
 * never take more seats than there are.
 */
export async function registerForSession(db: Kysely<DB>, request: RegisterRequest): Promise<RegisterResult> {
  return writeTransaction(db, (trx) => registerWithin(trx, request))
}

export type RegisterRequest = ChangeContext & {
  sessionId: number
  form: RegistrationInput
  locale: Locale
  /** Added by an organiser: no booking window; a walk-in gets a seat even when full. */
  byOrganiser?: { walkIn: boolean; actor: { id: number; email: string } }
  /**
   * Asked once the session is known to take this booking, before anything is written, in the
   * same transaction: a per-client allowance (requestBooking). Nothing is booked if it refuses.
   */
  admit?: (trx: Kysely<DB>) => Promise<{ ok: true } | { ok: false; retryAfterSeconds: number }>
}

/**
 * Why a session takes no such booking now, if it does not: what a booking is checked for
 * before anything is written. The date of birth is asked only where the workshop's
 * certificate needs it.
 */
function bookingRefusal(
  session: SessionForChange,
  { form, byOrganiser, now }: Pick<RegisterRequest, 'form' | 'byOrganiser' | 'now'>,
): RegisterResult | undefined {
  const { state } = sessionAvailability(session, now)
  if (byOrganiser ? state === 'cancelled' : state !== 'open' && state !== 'full') {
    return { kind: 'refused', reason: state as Exclude<AvailabilityState, 'open' | 'full'> }
  }
  if (session.requires_birth_date === 1 && !form.dateOfBirth) return { kind: 'birth_date_required' }
  return undefined
}

/** The same checks as registerForSession makes first, outside any transaction: an early refusal. */
export async function refusalBeforeBooking(db: Kysely<DB>, request: RegisterRequest): Promise<RegisterResult | undefined> {
  const session = await sessionForChange(db, request.sessionId, { publishedOnly: !request.byOrganiser })
  return session ? bookingRefusal(session, request) : { kind: 'not_found' }
}

/** What a booking records about the person; consent is the booking form's, not theirs to pass. */
export type RegistrationInput = Omit<RegistrationFormData, 'consent'> & { consent?: 'yes' }

/** registerForSession inside a transaction the caller holds (a walk-in is booked and marked in one). */
export async function registerWithin(
  trx: Kysely<DB>,
  { sessionId, form, locale, byOrganiser, admit, ...context }: RegisterRequest,
): Promise<RegisterResult> {
  {
    const session = await sessionForChange(trx, sessionId, { publishedOnly: !byOrganiser })
    if (!session) return { kind: 'not_found' }
    const refusal = bookingRefusal(session, { form, byOrganiser, now: context.now })
    if (refusal) return refusal
    const admitted = admit ? await admit(trx) : { ok: true as const }
    if (!admitted.ok) return { kind: 'too_many', retryAfterSeconds: admitted.retryAfterSeconds }
    const dateOfBirth = session.requires_birth_date === 1 ? form.dateOfBirth : null

    const emailNormalized = form.email.toLowerCase()
    const nowIso = context.now.toISOString()
    // Someone an organiser adds once the session has begun is a record of who was there, like a
    // walk-in, who is in the room: neither waits for a seat (nobody is promoted once a session
    // has begun), and neither gets an invitation to an event under way or over (decision 021).
    const inTheRoom = Boolean(byOrganiser) && (Boolean(byOrganiser?.walkIn) || session.starts_at <= nowIso)
    // We hold the write lock, so the counts just read are the counts. On a full session they
    // get a seat added for them (below, once they are booked).
    const extraSeat = inTheRoom && session.confirmed_count >= session.capacity
    const status: 'confirmed' | 'waitlisted' =
      session.confirmed_count < session.capacity || extraSeat ? 'confirmed' : 'waitlisted'
    const registration = await trx
      .insertInto('registrations')
      .values({
        session_id: sessionId,
        full_name: form.fullName,
        email: form.email,
        email_normalized: emailNormalized,
        organisation: form.organisation || null,
        participant_type: form.participantType,
        school_level: form.participantType === 'teacher' && form.schoolLevel !== '' ? form.schoolLevel : null,
        note: form.note || null,
        locale,
        status,
        invite_uid: `${randomUUID()}@${new URL(context.appUrl).hostname}`,
        invite_sequence: 0,
        check_in_code: newCheckInCode(),
        walk_in: byOrganiser?.walkIn ? 1 : 0,
        date_of_birth: dateOfBirth || null,
        // Someone an organiser adds gave no consent on our form; the organiser's record is the basis.
        consent_at: byOrganiser ? null : nowIso,
        // The booking form refuses a consent text older than this one (registration-form.ts).
        consent_version: byOrganiser ? null : CURRENT_CONSENT_VERSION,
        confirmed_at: status === 'confirmed' ? nowIso : null,
        booked_starts_at: session.starts_at,
        booked_ends_at: session.ends_at,
        created_at: nowIso,
        updated_at: nowIso,
      })
      // One live registration per address and session (a partial unique index): a second one
      // inserts nothing and is answered as a duplicate.
      .onConflict((oc) =>
        // The index's own predicate, as a literal: SQLite matches it to the index as text.
        oc
          .columns(['session_id', 'email_normalized'])
          .where(sql<boolean>`status <> 'cancelled'`)
          .doNothing(),
      )
      .returning(['id', 'status', 'full_name', 'email', 'locale', 'invite_uid', 'invite_sequence', 'check_in_code'])
      .executeTakeFirst()
    if (!registration) return mailLinkAgain(trx, { session, emailNormalized, context })

    let position: number | undefined
    if (extraSeat) {
      await trx
        .updateTable('sessions')
        .set((eb) => ({ capacity: eb('capacity', '+', 1) }))
        .where('id', '=', sessionId)
        .execute()
    }
    if (status === 'confirmed') {
      // Guards the seat even if the lock were ever not held; the CHECK constraint on the
      // column is the last line.
      const seat = await trx
        .updateTable('sessions')
        .set((eb) => ({ confirmed_count: eb('confirmed_count', '+', 1), updated_at: nowIso }))
        .where('id', '=', sessionId)
        .whereRef('confirmed_count', '<', 'capacity')
        .executeTakeFirst()
      if (seat.numUpdatedRows !== 1n) throw new Error(`session ${sessionId}: seat count changed under the write lock`)
    } else {
      // The waiting list is in booking order, so its new length is this person's place.
      const waitlist = await trx
        .updateTable('sessions')
        .set((eb) => ({ waitlisted_count: eb('waitlisted_count', '+', 1), updated_at: nowIso }))
        .where('id', '=', sessionId)
        .returning('waitlisted_count')
        .executeTakeFirstOrThrow()
      position = waitlist.waitlisted_count
    }

    const token = await issueManageToken(trx, registration.id, context.now)
    if (inTheRoom) {
      // A short note with the manage link: the person learns what the organiser recorded about
      // them (their data, worksheets, later a certificate), without an invitation or a code.
      await mailRegistration(trx, {
        template: 'registration.recorded',
        key: `registration:${registration.id}:recorded`,
        person: registration,
        session,
        token,
        context,
        extra: { walkIn: Boolean(byOrganiser?.walkIn) },
      })
    } else {
      await mailRegistration(trx, {
        template: status === 'confirmed' ? 'registration.confirmed' : 'registration.waitlisted',
        key: `registration:${registration.id}:${status}`,
        person: registration,
        session,
        token,
        context,
        extra: { position },
      })
    }
    if (byOrganiser) {
      await recordAudit(trx, {
        actor: byOrganiser.actor,
        action: byOrganiser.walkIn ? 'registration.walk-in' : 'registration.add',
        entityType: 'registration',
        entityId: registration.id,
        details: { sessionId, status },
        now: context.now,
      })
    }
    return { kind: 'registered', status, registrationId: registration.id, token, position }
  }
}

/** Reminders and questions change nothing in the calendar: they link to the invitation instead. */
const TEMPLATES_WITHOUT_INVITE: ReadonlySet<NoticeTemplate> = new Set<NoticeTemplate>([
  'registration.reminder',
  'registration.still-coming',
  'registration.feedback',
  'registration.missed',
])

type NoticeTemplate =
  | 'registration.certificate'
  | 'registration.updated'
  | 'registration.moved'
  | 'registration.session-cancelled'
  | 'registration.cancelled-by-organiser'
  | 'registration.message'
  | 'registration.reminder'
  | 'registration.still-coming'
  | 'registration.released'
  | 'registration.feedback'
  | 'registration.missed'

/**
 * Queues a notice about a change to one registration. Notices that carry an invitation raise
 * its SEQUENCE first, so calendars take the newest and ignore anything older. The person's
 * status and session are read as they are now, in the caller's transaction.
 */
export async function mailRegistrationUpdate(
  trx: Kysely<DB>,
  {
    registrationId,
    template,
    message,
    subject,
    key,
    certificateUrl,
    certificateCode,
    worksheets,
    whatToBring,
    releaseAt,
    nextSessions,
    ...context
  }: ChangeContext & {
    registrationId: number
    template: NoticeTemplate
    message?: string
    subject?: string
    key?: string
    certificateUrl?: string
    /** The certificate e-mail attaches this certificate's PDF. */
    certificateCode?: string
    worksheets?: { id: number; title: string }[]
    whatToBring?: string
    /** In the "still coming?" e-mail: when an unconfirmed seat goes to the waiting list. */
    releaseAt?: string
    /** In the "we missed you" e-mail: the workshop's next dates. */
    nextSessions?: RegistrationEmailProps['nextSessions']
  },
): Promise<void> {
  const registration = await trx
    .selectFrom('registrations')
    .selectAll()
    .where('id', '=', registrationId)
    .executeTakeFirstOrThrow()
  // A reminder changes nothing in the calendar: it links to the invitation instead of carrying one.
  const carriesInvite =
    !TEMPLATES_WITHOUT_INVITE.has(template) &&
    (template === 'registration.updated' || template === 'registration.moved' || registration.status === 'confirmed')
  const sequence =
    template !== 'registration.message' && carriesInvite ? registration.invite_sequence + 1 : registration.invite_sequence
  if (sequence !== registration.invite_sequence) {
    await trx.updateTable('registrations').set({ invite_sequence: sequence }).where('id', '=', registrationId).execute()
  }
  const session = (await sessionForChange(trx, registration.session_id))!
  const token = await issueManageToken(trx, registrationId, context.now)
  // This notice is sent just before the booking is cancelled: it no longer holds the seat.
  const status =
    template === 'registration.cancelled-by-organiser' || template === 'registration.released' ? 'cancelled' : registration.status
  await mailRegistration(trx, {
    template,
    key: key ?? `registration:${registrationId}:${template}:${sequence}`,
    person: { ...registration, status, invite_sequence: sequence },
    session,
    token,
    context,
    extra: {
      message,
      subject,
      certificateUrl,
      certificateCode,
      worksheets,
      whatToBring,
      releaseAt,
      nextSessions,
      wasConfirmed: registration.status === 'confirmed',
    },
  })
}

/**
 * Someone booked again with an address that already holds a booking. The link goes to the
 * address itself, never to whoever typed it; at most one such e-mail per booking every ten
 * minutes, so repeating the form cannot flood an inbox.
 */
async function mailLinkAgain(
  trx: Kysely<DB>,
  { session, emailNormalized, context }: { session: SessionForChange; emailNormalized: string; context: ChangeContext },
): Promise<RegisterResult> {
  const existing = await trx
    .selectFrom('registrations')
    .select(['id', 'status', 'full_name', 'email', 'locale', 'invite_uid', 'invite_sequence', 'check_in_code'])
    .where('session_id', '=', session.id)
    .where('email_normalized', '=', emailNormalized)
    .where('status', '<>', 'cancelled')
    .executeTakeFirstOrThrow()
  const key = `registration:${existing.id}:link:${Math.floor(context.now.getTime() / LINK_RESEND_INTERVAL_MS)}`
  const alreadyQueued = await trx.selectFrom('outbox').select('id').where('idempotency_key', '=', key).executeTakeFirst()
  if (!alreadyQueued) {
    const token = await issueManageToken(trx, existing.id, context.now)
    await mailRegistration(trx, { template: 'registration.link', key, person: existing, session, token, context })
  }
  return { kind: 'duplicate' }
}

export type CancelResult =
  { kind: 'cancelled'; promoted: number } | { kind: 'already_cancelled' } | { kind: 'too_late' } | { kind: 'not_found' }

/**
 * Cancels a booking from its manage link. A freed seat goes, in the same transaction, to the
 * first person on the waiting list, who is sent a confirmation with an invitation.
 */
export async function cancelRegistration(
  db: Kysely<DB>,
  {
    token,
    freedSeat = false,
    ...context
  }: ChangeContext & {
    token: string
    /** Answered "I can't come — free my seat" to the e-mail that asks: recorded in the audit log. */
    freedSeat?: boolean
  },
): Promise<CancelResult> {
  return writeTransaction(db, async (trx) => {
    const registration = await registrationByToken(trx, token, 'manage')
    if (!registration) return { kind: 'not_found' }
    if (registration.status === 'cancelled') return { kind: 'already_cancelled' }
    const nowIso = context.now.toISOString()
    // Once the session has begun, the booking is a record of who was expected, not a seat.
    const starts = await trx
      .selectFrom('sessions')
      .select('starts_at')
      .where('id', '=', registration.session_id)
      .executeTakeFirstOrThrow()
    if (starts.starts_at <= nowIso) return { kind: 'too_late' }
    const promoted = await cancelHeldBooking(trx, { registration, template: 'registration.cancelled', token, ...context })
    if (freedSeat) {
      await recordAudit(trx, {
        actor: null,
        action: 'registration.release',
        entityType: 'registration',
        entityId: registration.id,
        details: { sessionId: registration.session_id, promoted },
        now: context.now,
      })
    }
    return { kind: 'cancelled', promoted }
  })
}

/**
 * Cancels a live booking as its holder does, inside the caller's write transaction: gives back
 * the place, tells the person (a CANCEL for their calendar when they held a seat) and moves the
 * waiting list up. Answers how many were promoted.
 */
export async function cancelHeldBooking(
  trx: Kysely<DB>,
  {
    registration,
    template,
    token,
    ...context
  }: ChangeContext & {
    registration: Registration
    /** 'registration.erased' when the person erased their data: that e-mail offers no links. */
    template: 'registration.cancelled' | 'registration.erased'
    /** The manage link the e-mail shows (none for an erasure). */
    token: string
  },
): Promise<number> {
  const nowIso = context.now.toISOString()
  const sequence = registration.invite_sequence + 1
  await trx
    .updateTable('registrations')
    .set({ status: 'cancelled', cancelled_at: nowIso, updated_at: nowIso, invite_sequence: sequence })
    .where('id', '=', registration.id)
    .execute()
  await releasePlace(trx, registration, context.now)
  const session = (await sessionForChange(trx, registration.session_id))!
  await mailRegistration(trx, {
    template,
    key: `registration:${registration.id}:cancelled`,
    person: { ...registration, status: 'cancelled', invite_sequence: sequence },
    session,
    token,
    context,
    extra: { wasConfirmed: registration.status === 'confirmed' },
  })
  return promoteFromWaitlist(trx, { sessionId: registration.session_id, ...context })
}

/**
 * Which of these registrations still hold a seat, read in the caller's transaction: a job's
 * list is made before it takes the write lock, and people cancel in between.
 */
export async function stillConfirmed(trx: Db, ids: number[]): Promise<Set<number>> {
  if (ids.length === 0) return new Set()
  const rows = await trx
    .selectFrom('registrations')
    .select('id')
    .where('id', 'in', ids)
    .where('status', '=', 'confirmed')
    .execute()
  return new Set(rows.map((r) => r.id))
}

/** Gives back the seat or waiting-list place a registration held; call in its transaction. */
export async function releasePlace(
  trx: Db,
  registration: { session_id: number; status: RegistrationStatus },
  now: Date,
): Promise<void> {
  if (registration.status === 'cancelled') return
  const counter = registration.status === 'confirmed' ? 'confirmed_count' : 'waitlisted_count'
  await trx
    .updateTable('sessions')
    .set((eb) => ({ [counter]: eb(counter, '-', 1), updated_at: now.toISOString() }))
    .where('id', '=', registration.session_id)
    .execute()
}

/**
 * Gives free seats to the waiting list in booking order, each with a confirmation and an
 * invitation. Call inside a write transaction; returns how many were promoted.
 */
export async function promoteFromWaitlist(
  trx: Kysely<DB>,
  { sessionId, ...context }: ChangeContext & { sessionId: number },
): Promise<number> {
  let promoted = 0
  for (;;) {
    const session = await sessionForChange(trx, sessionId)
    if (!session || session.status !== 'scheduled' || session.starts_at <= context.now.toISOString()) break
    if (session.confirmed_count >= session.capacity) break
    const next = await trx
      .selectFrom('registrations')
      .select([
        'id',
        'full_name',
        'email',
        'locale',
        'invite_uid',
        'invite_sequence',
        'check_in_code',
        'booked_starts_at',
        'booked_ends_at',
      ])
      .where('session_id', '=', sessionId)
      .where('status', '=', 'waitlisted')
      // Ids are handed out under the write lock, so they are the booking order.
      .orderBy('id')
      .executeTakeFirst()
    if (!next) break
    const nowIso = context.now.toISOString()
    await trx
      .updateTable('sessions')
      .set((eb) => ({
        confirmed_count: eb('confirmed_count', '+', 1),
        waitlisted_count: eb('waitlisted_count', '-', 1),
        updated_at: nowIso,
      }))
      .where('id', '=', sessionId)
      .execute()
    await trx
      .updateTable('registrations')
      .set({ status: 'confirmed', confirmed_at: nowIso, updated_at: nowIso })
      .where('id', '=', next.id)
      .execute()
    // Their earlier links still work; the e-mail carries a fresh one since only hashes are kept.
    const token = await issueManageToken(trx, next.id, context.now)
    // Less than a day before the start, the e-mail says so in its subject: plans must change fast.
    const late = new Date(session.starts_at).getTime() - context.now.getTime() < LATE_PROMOTION_MS
    await mailRegistration(trx, {
      template: late ? 'registration.promoted-late' : 'registration.promoted',
      key: `registration:${next.id}:promoted`,
      person: { ...next, status: 'confirmed' },
      session,
      token,
      context,
      // They chose a time when they joined the waiting list; a seat at another one says so.
      extra: { timeChangedFrom: timeChangedSince(next, session) },
    })
    promoted++
  }
  return promoted
}

/** The time a person booked for, when the session's time is no longer that one. */
function timeChangedSince(
  booked: { booked_starts_at: string | null; booked_ends_at: string | null },
  session: { starts_at: string; ends_at: string },
): RegistrationEmailProps['timeChangedFrom'] {
  // Bookings made before the time was kept have none: nothing is known to have changed.
  if (booked.booked_starts_at === null || booked.booked_ends_at === null) return undefined
  if (booked.booked_starts_at === session.starts_at && booked.booked_ends_at === session.ends_at) return undefined
  return { startsAt: booked.booked_starts_at, endsAt: booked.booked_ends_at }
}

/**
 * Tells everyone still on a session's waiting list that its time or place changed, inside the
 * caller's transaction (the one that changed it): where they stand, the new details, what the
 * time was, and a way to leave the list. No invitation: they hold no seat. The key names the
 * session's version, so each change is told once. Answers how many were told.
 */
export async function mailWaitingListAboutChange(
  trx: Kysely<DB>,
  {
    sessionId,
    previous,
    message,
    ...context
  }: ChangeContext & {
    sessionId: number
    /** The session's time before the change. */
    previous: { startsAt: string; endsAt: string }
    message?: string
  },
): Promise<number> {
  const session = (await sessionForChange(trx, sessionId))!
  const waiting = await trx
    .selectFrom('registrations')
    .select(['id', 'full_name', 'email', 'locale', 'invite_uid', 'invite_sequence', 'check_in_code'])
    .where('session_id', '=', sessionId)
    .where('status', '=', 'waitlisted')
    // Ids are the booking order, so the index is each person's place.
    .orderBy('id')
    .execute()
  const timeChanged = previous.startsAt !== session.starts_at || previous.endsAt !== session.ends_at
  for (const [index, person] of waiting.entries()) {
    const token = await issueManageToken(trx, person.id, context.now)
    await mailRegistration(trx, {
      template: 'registration.waitlist-changed',
      key: `registration:${person.id}:waitlist-changed:${session.sequence}`,
      person: { ...person, status: 'waitlisted' },
      session,
      token,
      context,
      extra: { position: index + 1, message, timeChangedFrom: timeChanged ? previous : undefined },
    })
  }
  return waiting.length
}

export type BookedSession = {
  id: number
  workshopSlug: string
  workshopTitle: string
  startsAt: string
  endsAt: string
  venueName: string | null
  address: string | null
  room: string | null
  /** Only for people who hold a seat. */
  onlineUrl: string | null
  online: boolean
  cancelled: boolean
  /** The session has begun: the booking can no longer be cancelled. */
  started: boolean
  /** The session is over: its page says it took place and offers what comes after. */
  ended: boolean
  organiserName: string
  organiserEmail: string
}

export type RegistrationView = {
  id: number
  status: RegistrationStatus
  fullName: string
  email: string
  organisation: string | null
  position: number | null
  inviteUid: string
  inviteSequence: number
  locale: Locale
  checkInCode: string | null
  /** Set while a valid certificate exists (the person attended and attendance is closed). */
  certificateCode: string | null
  /** What the attendance record says of this person; null until marked. */
  attendance: AttendanceStatus | null
  /** When the organiser closed attendance: certificates and feedback follow from it. */
  attendanceClosedAt: string | null
  /** Someone else waits for a seat: a seat given up goes straight to them. */
  othersWaiting: boolean
  session: BookedSession
}

/** The booking behind a manage link, or undefined for a link that opens nothing. */
export async function findRegistrationByToken(db: Db, token: string, now: Date): Promise<RegistrationView | undefined> {
  const registration = await registrationByToken(db, token, 'manage')
  return registration ? registrationView(db, registration, now) : undefined
}

/** What the link in calendar data shows: the booking, read only, without codes or downloads. */
export type CalendarView = Pick<RegistrationView, 'status' | 'position' | 'fullName'> & {
  session: Omit<RegistrationView['session'], 'organiserEmail'>
}

/**
 * The booking behind the link in an invitation's calendar data. Calendars are shared with
 * colleagues and school offices, so that link opens this view and nothing else: no manage
 * page, no cancelling, no check-in code, no worksheets or certificate.
 */
export async function findCalendarView(db: Db, token: string, now: Date): Promise<CalendarView | undefined> {
  const registration = await registrationByToken(db, token, 'calendar')
  if (!registration) return undefined
  const view = await registrationView(db, registration, now)
  const { organiserEmail: _organiserEmail, ...session } = view.session
  return { status: view.status, position: view.position, fullName: view.fullName, session }
}

/** A booking by id, only for the person whose address it is. */
export async function findOwnRegistration(db: Db, { id, email, now }: { id: number; email: string; now: Date }) {
  const registration = await db
    .selectFrom('registrations')
    .selectAll()
    .where('id', '=', id)
    .where('email_normalized', '=', email.toLowerCase())
    .executeTakeFirst()
  return registration ? registrationView(db, registration, now) : undefined
}

/** A fresh manage link for a booking (links are stored hashed, so old ones cannot be shown). */
export async function newManageLink(
  db: Db,
  { registrationId, now, appUrl }: { registrationId: number; now: Date; appUrl: string },
) {
  return manageUrl(appUrl, await issueManageToken(db, registrationId, now))
}

/** A fresh read-only link for the calendar data of a downloaded invitation. */
export async function newCalendarLink(
  db: Db,
  { registrationId, now, appUrl }: { registrationId: number; now: Date; appUrl: string },
) {
  return calendarUrl(appUrl, await issueToken(db, registrationId, now, 'calendar'))
}

async function registrationView(db: Db, registration: Registration, now: Date): Promise<RegistrationView> {
  const session = (await sessionForChange(db, registration.session_id))!
  return {
    id: registration.id,
    status: registration.status,
    fullName: registration.full_name,
    email: registration.email,
    organisation: registration.organisation,
    position:
      registration.status === 'waitlisted'
        ? await waitlistPosition(db, { sessionId: registration.session_id, ...registration })
        : null,
    inviteUid: registration.invite_uid!,
    inviteSequence: registration.invite_sequence,
    locale: registration.locale,
    checkInCode: registration.status === 'confirmed' ? registration.check_in_code : null,
    certificateCode:
      (
        await db
          .selectFrom('certificates')
          .select('code')
          .where('registration_id', '=', registration.id)
          .where('revoked_at', 'is', null)
          .executeTakeFirst()
      )?.code ?? null,
    attendance: registration.attendance,
    attendanceClosedAt: session.attendance_closed_at,
    othersWaiting: session.waitlisted_count - (registration.status === 'waitlisted' ? 1 : 0) > 0,
    session: bookedSessionView(session, registration.status, now),
  }
}

/** What the pages about a booking need of its session; see bookedSessionView. */
export type BookedSessionRow = Pick<
  Session,
  'id' | 'starts_at' | 'ends_at' | 'venue_name' | 'address' | 'room' | 'online_url' | 'status'
> & { workshop_slug: string; workshop_title: string; organiser_name: string; organiser_email: string }

/** A booked session as the person's own pages show it (manage link, calendar link, my bookings). */
export function bookedSessionView(session: BookedSessionRow, status: RegistrationStatus, now: Date): BookedSession {
  return {
    id: session.id,
    workshopSlug: session.workshop_slug,
    ...sessionSnapshot(session, status),
    cancelled: session.status === 'cancelled',
    started: session.starts_at <= now.toISOString(),
    ended: session.ends_at <= now.toISOString(),
  }
}

/**
 * The session as one person may see it: the e-mails' snapshot and the pages' view both start
 * here, so the meeting link goes to the same people everywhere.
 */
function sessionSnapshot(session: BookedSessionRow, status: RegistrationStatus): SessionSnapshot & { online: boolean } {
  return {
    workshopTitle: session.workshop_title,
    startsAt: session.starts_at,
    endsAt: session.ends_at,
    venueName: session.venue_name,
    address: session.address,
    room: session.room,
    onlineUrl: status === 'confirmed' && session.status === 'scheduled' ? session.online_url : null,
    online: session.online_url !== null,
    organiserName: session.organiser_name,
    organiserEmail: session.organiser_email,
  }
}

export function manageUrl(appUrl: string, token: string): string {
  return `${appUrl}/registrations/${token}`
}

/** The read-only view that calendar data links to. */
export function calendarUrl(appUrl: string, token: string): string {
  return `${appUrl}/calendar/${token}`
}

export async function registrationByToken(db: Db, token: string, scope: TokenScope) {
  return db
    .selectFrom('registration_tokens')
    .innerJoin('registrations', 'registrations.id', 'registration_tokens.registration_id')
    .selectAll('registrations')
    .where('registration_tokens.token_hash', '=', hashToken(token))
    .where('registration_tokens.scope', '=', scope)
    .executeTakeFirst()
}

function issueManageToken(trx: Db, registrationId: number, now: Date): Promise<string> {
  return issueToken(trx, registrationId, now, 'manage')
}

async function issueToken(trx: Db, registrationId: number, now: Date, scope: TokenScope): Promise<string> {
  const token = newToken()
  await trx
    .insertInto('registration_tokens')
    .values({ token_hash: hashToken(token), registration_id: registrationId, scope, created_at: now.toISOString() })
    .execute()
  return token
}

async function waitlistPosition(db: Db, r: { sessionId: number; id: number }): Promise<number> {
  const ahead = await db
    .selectFrom('registrations')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('session_id', '=', r.sessionId)
    .where('status', '=', 'waitlisted')
    .where('id', '<', r.id)
    .executeTakeFirstOrThrow()
  return Number(ahead.n) + 1
}

/**
 * A session with what changes and e-mails need. New bookings need a published workshop;
 * existing ones stay manageable whatever happens to the workshop's page.
 */
export async function sessionForChange(db: Db, sessionId: number, { publishedOnly = false } = {}) {
  const query = sessionsWithWorkshop(db).where('sessions.id', '=', sessionId)
  return (publishedOnly ? query.where('workshops.published', '=', 1) : query).executeTakeFirst()
}

/** Sessions with what a booking's pages and e-mails show of the workshop and its organiser. */
export function sessionsWithWorkshop(db: Db) {
  return db
    .selectFrom('sessions')
    .innerJoin('workshops', 'workshops.id', 'sessions.workshop_id')
    .innerJoin('organisers', 'organisers.id', 'workshops.organiser_id')
    .selectAll('sessions')
    .select([
      'workshops.slug as workshop_slug',
      'workshops.title as workshop_title',
      'workshops.requires_birth_date',
      'organisers.name as organiser_name',
      'organisers.email as organiser_email',
    ])
}

type SessionForChange = NonNullable<Awaited<ReturnType<typeof sessionForChange>>>

type Person = {
  id: number
  /** The booking's status as this e-mail leaves it: only a held seat gets the meeting link. */
  status: RegistrationStatus
  full_name: string
  email: string
  locale: Locale
  invite_uid: string | null
  invite_sequence: number
  check_in_code: string | null
}

/** Queues an e-mail about one registration, in the caller's transaction. */
async function mailRegistration(
  trx: Db,
  {
    template,
    key,
    person,
    session,
    token,
    context,
    extra = {},
  }: {
    template: EmailTemplateName
    key: string
    person: Person
    session: SessionForChange
    token: string
    context: ChangeContext
    extra?: Pick<
      RegistrationEmailProps,
      | 'position'
      | 'wasConfirmed'
      | 'message'
      | 'subject'
      | 'certificateUrl'
      | 'certificateCode'
      | 'worksheets'
      | 'whatToBring'
      | 'releaseAt'
      | 'nextSessions'
      | 'timeChangedFrom'
      | 'walkIn'
    >
  },
) {
  await enqueueEmail(
    trx,
    {
      key,
      template,
      recipient: person.email,
      locale: person.locale,
      props: {
        ...registrationEmailProps(session, person, manageUrl(context.appUrl, token)),
        // The invitation's calendar data gets a read-only link of its own, never the manage link.
        ...(mayCarryInvite(template) && template !== 'registration.erased'
          ? { calendarUrl: calendarUrl(context.appUrl, await issueToken(trx, person.id, context.now, 'calendar')) }
          : {}),
        ...extra,
      },
    },
    { now: context.now, messageDomain: new URL(context.appUrl).hostname },
  )
}

/** What every e-mail about a registration carries, and the invitation download too. */
export function registrationEmailProps(session: BookedSessionRow, person: Person, manageUrl: string): RegistrationEmailProps {
  return {
    session: sessionSnapshot(session, person.status),
    participant: { name: person.full_name, email: person.email },
    manageUrl,
    invite: { uid: person.invite_uid!, sequence: person.invite_sequence },
    checkInCode: person.check_in_code ?? undefined,
    status: person.status,
  }
}
