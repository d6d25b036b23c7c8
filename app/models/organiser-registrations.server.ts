import { createHash, randomUUID } from 'node:crypto'
import type { Kysely } from 'kysely'
import { z } from 'zod'
import type { DB, Registration, Session } from '../../db/schema'
import type { Locale } from '~/i18n/locales'
import { writeTransaction, type Db } from '~/utils/db.server'
import { checkbox, multiLineText, parseForm, recordId, singleLineText } from '~/utils/fields.server'
import { foldForSearch, searchTerms } from '~/utils/search-text'
import { recordAccess, recordAudit } from './audit.server'
import type { SignedInUser } from './auth.server'
import { getManagedSession, mailEveryoneOnSession } from './organiser-sessions.server'
import { NOT_FOUND, type Guarded } from './refusal'
import { parseParticipantForm, type RegistrationFormData } from './registration-form.server'
import {
  mailRegistrationUpdate,
  promoteFromWaitlist,
  registerForSession,
  releasePlace,
  type ChangeContext,
} from './registrations.server'

/** One booking in the organiser's list of a session. */
function sessionRegistrationView(
  row: Pick<Registration, 'id' | 'full_name' | 'email' | 'organisation' | 'status' | 'coming_confirmed_at' | 'note'>,
  missedBefore: number,
) {
  return {
    id: row.id,
    fullName: row.full_name,
    email: row.email,
    organisation: row.organisation,
    status: row.status,
    /** What they wrote when booking; the form asks for accessibility needs there. */
    note: row.note,
    /** Answered "yes, I'm coming" to the e-mail that asks. */
    comingConfirmedAt: row.coming_confirmed_at,
    /** Earlier sessions of the same organising body this address booked and was marked absent from. */
    missedBefore,
  }
}

/** Per address: earlier sessions of the same organising body booked and missed (marked absent). */
async function missedBeforeByEmail(db: Db, sessionId: number, emails: string[]): Promise<Map<string, number>> {
  if (emails.length === 0) return new Map()
  const session = await db
    .selectFrom('sessions')
    .innerJoin('workshops', 'workshops.id', 'sessions.workshop_id')
    .select(['sessions.starts_at', 'workshops.organiser_id'])
    .where('sessions.id', '=', sessionId)
    .executeTakeFirstOrThrow()
  const counts = new Map<string, number>()
  for (let i = 0; i < emails.length; i += 500) {
    const rows = await db
      .selectFrom('registrations')
      .innerJoin('sessions', 'sessions.id', 'registrations.session_id')
      .innerJoin('workshops', 'workshops.id', 'sessions.workshop_id')
      .select(['registrations.email_normalized', (eb) => eb.fn.countAll<number>().as('n')])
      .where('workshops.organiser_id', '=', session.organiser_id)
      .where('sessions.starts_at', '<', session.starts_at)
      .where('registrations.status', '=', 'confirmed')
      .where('registrations.attendance', '=', 'absent')
      .where('registrations.email_normalized', 'in', emails.slice(i, i + 500))
      .groupBy('registrations.email_normalized')
      .execute()
    for (const row of rows) if (row.email_normalized) counts.set(row.email_normalized, Number(row.n))
  }
  return counts
}

export type SessionRegistration = ReturnType<typeof sessionRegistrationView>

/** Another session of the same workshop, as a place to move a booking to. */
function moveTargetView(row: Pick<Session, 'id' | 'starts_at' | 'ends_at' | 'capacity' | 'confirmed_count'>) {
  return { id: row.id, startsAt: row.starts_at, endsAt: row.ends_at, capacity: row.capacity, confirmed: row.confirmed_count }
}

/** Everyone booked on a session, searchable by name, e-mail or organisation (case and accents folded). */
export async function listSessionRegistrations(db: Db, { sessionId, q }: { sessionId: number; q: string }) {
  const rows = await db
    .selectFrom('registrations')
    .select(['id', 'full_name', 'email', 'email_normalized', 'organisation', 'status', 'coming_confirmed_at', 'note'])
    .where('session_id', '=', sessionId)
    .orderBy('id')
    .execute()
  const terms = searchTerms(q)
  const missed = await missedBeforeByEmail(db, sessionId, [
    ...new Set(rows.map((r) => r.email_normalized ?? r.email.toLowerCase())),
  ])
  return rows
    .map((row) => sessionRegistrationView(row, missed.get(row.email_normalized ?? row.email.toLowerCase()) ?? 0))
    .filter((r) => terms.every((term) => foldForSearch(`${r.fullName} ${r.email} ${r.organisation ?? ''}`).includes(term)))
}

/**
 * How many live bookings of a session (holding a seat or waiting) came with a note, so a page
 * that does not list people can still point the organiser to them: notes carry accessibility needs.
 */
export async function countBookingNotes(db: Db, { sessionId }: { sessionId: number }): Promise<number> {
  const { n } = await db
    .selectFrom('registrations')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('session_id', '=', sessionId)
    .where('status', '<>', 'cancelled')
    .where('note', 'is not', null)
    .where('note', '<>', '')
    .executeTakeFirstOrThrow()
  return Number(n)
}

/** The other sessions of the same workshop still ahead, as move targets. */
export async function listSiblingSessions(db: Db, { sessionId, now }: { sessionId: number; now: Date }) {
  const session = await db.selectFrom('sessions').select(['workshop_id']).where('id', '=', sessionId).executeTakeFirstOrThrow()
  const rows = await db
    .selectFrom('sessions')
    .select(['id', 'starts_at', 'ends_at', 'capacity', 'confirmed_count'])
    .where('workshop_id', '=', session.workshop_id)
    .where('id', '<>', sessionId)
    .where('status', '=', 'scheduled')
    .where('starts_at', '>', now.toISOString())
    .orderBy('starts_at')
    .execute()
  return rows.map(moveTargetView)
}

/**
 * The bookings page of a session: who is booked (filtered by `q`) and where they can be moved.
 * Opening it is in the audit log (how many people it listed, never the search).
 */
export async function getRegistrationsPage(
  db: Db,
  { sessionId, q, user, now }: { sessionId: number; q: string; user: SignedInUser; now: Date },
) {
  const [registrations, siblings, workshop] = await Promise.all([
    listSessionRegistrations(db, { sessionId, q }),
    listSiblingSessions(db, { sessionId, now }),
    db
      .selectFrom('sessions')
      .innerJoin('workshops', 'workshops.id', 'sessions.workshop_id')
      .select('workshops.requires_birth_date')
      .where('sessions.id', '=', sessionId)
      .executeTakeFirstOrThrow(),
  ])
  await recordAccess(db, {
    user,
    action: 'access.registrations',
    entityType: 'session',
    entityId: sessionId,
    counts: { rows: registrations.length },
    now,
  })
  // Someone added by hand needs a date of birth where the certificate states it, as a booking does.
  return { registrations, siblings, asksBirthDate: workshop.requires_birth_date === 1 }
}

/** "Cancel this booking": which one. */
export const CancelRegistrationForm = z.object({ registrationId: recordId() })

export function parseCancelRegistrationForm(form: FormData) {
  return parseForm(CancelRegistrationForm, form)
}

/** "Move to": which booking, to which session. */
export const MoveRegistrationForm = z.object({ registrationId: recordId(), targetSessionId: recordId() })

export function parseMoveRegistrationForm(form: FormData) {
  return parseForm(MoveRegistrationForm, form)
}

/** Whether someone added by hand is a walk-in; the rest of the form is the booking form. */
const WalkInFlag = z.object({ walkIn: checkbox() })

/** The booking form as an organiser sends it, with the walk-in box. */
export function parseAddParticipantForm(form: FormData, now: Date) {
  const person = parseParticipantForm(form, now)
  const flag = parseForm(WalkInFlag, form)
  const values = { ...person.values, ...flag.values }
  if (!person.ok || !flag.ok)
    return { ok: false as const, errors: { ...(person.ok ? {} : person.errors), ...(flag.ok ? {} : flag.errors) }, values }
  return { ok: true as const, data: { form: person.data, walkIn: flag.data.walkIn }, values }
}

/**
 * A message to everyone holding a seat. Its subject goes into an e-mail header, so it is one
 * line. The page sends an id with the form, so sending it twice sends nothing twice; a form
 * without one is a message of its own.
 */
export const MessageParticipantsForm = z.object({
  subject: singleLineText({
    max: 200,
    required: 'reg.error.messageSubject',
    tooLong: 'reg.error.messageSubject',
    control: 'reg.error.messageSubject',
    markup: false,
  }),
  body: multiLineText({
    max: 5000,
    required: 'reg.error.messageBody',
    tooLong: 'reg.error.messageBody',
    control: 'reg.error.messageBody',
    markup: false,
  }),
  messageId: z.string().transform((id) => id.slice(0, 64) || randomUUID()),
})

export function parseMessageParticipantsForm(form: FormData) {
  return parseForm(MessageParticipantsForm, form)
}

/** The registration with its session, if this user may manage that session. */
async function managedRegistration(trx: Db, user: SignedInUser, registrationId: number) {
  const registration = await trx.selectFrom('registrations').selectAll().where('id', '=', registrationId).executeTakeFirst()
  if (!registration) return NOT_FOUND
  const session = await getManagedSession(trx, { user, sessionId: registration.session_id })
  if (session.kind !== 'ok') return session
  return { kind: 'ok', registration, session: session.value } as const
}

/** Cancels someone's booking on their behalf: they get a CANCEL, the waiting list moves up. */
export async function cancelOnBehalf(
  db: Kysely<DB>,
  { registrationId, user, ...context }: ChangeContext & { registrationId: number; user: SignedInUser },
): Promise<Guarded<{ kind: 'cancelled'; promoted: number } | { kind: 'already_cancelled' }>> {
  return writeTransaction(db, async (trx) => {
    const found = await managedRegistration(trx, user, registrationId)
    if (found.kind !== 'ok') return found
    const { registration, session } = found
    // A cancelled session has already told everyone; a second notice would only confuse.
    if (registration.status === 'cancelled' || session.status === 'cancelled') return { kind: 'already_cancelled' }
    // The notice goes first, while the person still counts as holding their seat.
    await mailRegistrationUpdate(trx, { registrationId, template: 'registration.cancelled-by-organiser', ...context })
    const nowIso = context.now.toISOString()
    await trx
      .updateTable('registrations')
      .set({ status: 'cancelled', cancelled_at: nowIso, updated_at: nowIso })
      .where('id', '=', registrationId)
      .execute()
    await releasePlace(trx, registration, context.now)
    const promoted =
      registration.status === 'confirmed' ? await promoteFromWaitlist(trx, { sessionId: registration.session_id, ...context }) : 0
    await recordAudit(trx, {
      actor: user,
      action: 'registration.cancel',
      entityType: 'registration',
      entityId: registrationId,
      details: { sessionId: registration.session_id, promoted },
      now: context.now,
    })
    return { kind: 'cancelled', promoted }
  })
}

/**
 * Moves a booking to another session of the same workshop. The person keeps their invitation
 * UID, so their calendar moves the event (REQUEST, higher SEQUENCE) instead of adding one.
 */
export async function moveRegistration(
  db: Kysely<DB>,
  {
    registrationId,
    targetSessionId,
    user,
    ...context
  }: ChangeContext & { registrationId: number; targetSessionId: number; user: SignedInUser },
): Promise<Guarded<{ kind: 'moved' } | { kind: 'target_full' } | { kind: 'invalid_target' } | { kind: 'already_booked' }>> {
  return writeTransaction(db, async (trx) => {
    const found = await managedRegistration(trx, user, registrationId)
    if (found.kind !== 'ok') return found
    const { registration, session } = found
    const target = await trx.selectFrom('sessions').selectAll().where('id', '=', targetSessionId).executeTakeFirst()
    if (
      !target ||
      target.workshop_id !== session.workshop_id ||
      target.id === session.id ||
      target.status !== 'scheduled' ||
      target.starts_at <= context.now.toISOString() ||
      registration.status === 'cancelled'
    ) {
      return { kind: 'invalid_target' }
    }
    if (target.confirmed_count >= target.capacity) return { kind: 'target_full' }
    const clash = await trx
      .selectFrom('registrations')
      .select('id')
      .where('session_id', '=', target.id)
      .where('email_normalized', '=', registration.email_normalized)
      .where('status', '<>', 'cancelled')
      .executeTakeFirst()
    if (clash) return { kind: 'already_booked' }

    const nowIso = context.now.toISOString()
    await releasePlace(trx, registration, context.now)
    await trx
      .updateTable('sessions')
      .set((eb) => ({ confirmed_count: eb('confirmed_count', '+', 1), updated_at: nowIso }))
      .where('id', '=', target.id)
      .whereRef('confirmed_count', '<', 'capacity')
      .execute()
    await trx
      .updateTable('registrations')
      .set({
        session_id: target.id,
        status: 'confirmed',
        confirmed_at: registration.confirmed_at ?? nowIso,
        // The e-mail tells them the new time: from now on it is the one they were given.
        booked_starts_at: target.starts_at,
        booked_ends_at: target.ends_at,
        updated_at: nowIso,
      })
      .where('id', '=', registrationId)
      .execute()
    await mailRegistrationUpdate(trx, { registrationId, template: 'registration.moved', ...context })
    const promoted =
      registration.status === 'confirmed' ? await promoteFromWaitlist(trx, { sessionId: session.id, ...context }) : 0
    await recordAudit(trx, {
      actor: user,
      action: 'registration.move',
      entityType: 'registration',
      entityId: registrationId,
      details: { from: session.id, to: target.id, promoted },
      now: context.now,
    })
    return { kind: 'moved' }
  })
}

/**
 * Adds someone by hand: booking windows do not apply to organisers, and a walk-in gets a seat
 * even when the session is full (its capacity grows by one: they are in the room).
 */
export async function addParticipant(
  db: Kysely<DB>,
  {
    sessionId,
    form,
    walkIn,
    locale,
    user,
    ...context
  }: ChangeContext & { sessionId: number; form: RegistrationFormData; walkIn: boolean; locale: Locale; user: SignedInUser },
) {
  const found = await getManagedSession(db, { user, sessionId })
  if (found.kind !== 'ok') return found
  return registerForSession(db, { sessionId, form, locale, ...context, byOrganiser: { walkIn, actor: user } })
}

/** Writes to everyone holding a seat; a repeated form (same messageId) sends nothing twice. */
export async function messageParticipants(
  db: Kysely<DB>,
  {
    sessionId,
    subject,
    body,
    messageId,
    user,
    ...context
  }: ChangeContext & { sessionId: number; subject: string; body: string; messageId: string; user: SignedInUser },
): Promise<Guarded<{ kind: 'sent'; count: number } | { kind: 'already_sent' }>> {
  return writeTransaction(db, async (trx) => {
    const found = await getManagedSession(trx, { user, sessionId })
    if (found.kind !== 'ok') return found
    const digest = createHash('sha256').update(messageId).digest('hex').slice(0, 16)
    const earlier = await trx
      .selectFrom('outbox')
      .select('id')
      .where('idempotency_key', 'like', `registration:%:message:${digest}`)
      .executeTakeFirst()
    if (earlier) return { kind: 'already_sent' }
    const count = await mailEveryoneOnSession(trx, {
      sessionId,
      reach: 'seated',
      notice: (id) => ({
        template: 'registration.message',
        subject,
        message: body,
        key: `registration:${id}:message:${digest}`,
        ...context,
      }),
    })
    await recordAudit(trx, {
      actor: user,
      action: 'session.message',
      entityType: 'session',
      entityId: sessionId,
      details: { subject, recipients: count },
      now: context.now,
    })
    return { kind: 'sent', count }
  })
}
