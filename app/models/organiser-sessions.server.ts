import type { Kysely } from 'kysely'
import { z } from 'zod'
import type { DB, Session } from '../../db/schema'
import { pragueDateAndTime, pragueLocalToUtc, pragueTimeExists } from '~/utils/dates'
import { writeTransaction, type Db } from '~/utils/db.server'
import {
  calendarDate,
  checkbox,
  clockTime,
  isDateShape,
  isTimeShape,
  multiLineText,
  optional,
  parseForm,
  singleLineText,
} from '~/utils/fields.server'
import { placeSearchText, townFromAddress } from '~/utils/places'
import { recordAudit } from './audit.server'
import type { SignedInUser } from './auth.server'
import { canManage } from './organiser-workshops.server'
import { FORBIDDEN, NOT_FOUND, type Access, type Guarded } from './refusal'
import {
  mailRegistrationUpdate,
  mailWaitingListAboutChange,
  promoteFromWaitlist,
  type ChangeContext,
} from './registrations.server'

/*
 * Sessions as organisers enter them: dates and times in Prague, stored as UTC instants.
 * Changing a session reaches people: a new time or place re-sends everyone's invitation (same
 * UID, higher SEQUENCE) and tells the waiting list (with a way to leave it), more seats move
 * people up from the waiting list, and cancelling sends everyone a CANCEL with the organiser's
 * message. Each change raises the session's `sequence`, which the public calendar feeds give as
 * SEQUENCE.
 */

export const SESSION_MODES = ['place', 'online'] as const

const day = calendarDate({ shape: 'sessionForm.error.date', noSuchDay: 'sessionForm.error.noSuchDay' })
const time = clockTime('sessionForm.error.time')
const line = (max: number) => singleLineText({ max })

type SessionTimeField = 'startTime' | 'endTime' | 'opensTime' | 'closesTime'

export const SessionFormSchema = z
  .object({
    date: day,
    startTime: time,
    endTime: time,
    mode: z.enum(SESSION_MODES, 'sessionForm.error.mode'),
    venueName: line(200),
    address: line(300),
    // Left empty, it is read from the address (after the postal code).
    town: line(100),
    room: line(100),
    onlineUrl: optional(z.url({ protocol: /^https?$/, error: 'sessionForm.error.onlineUrl' }).max(500, 'form.error.tooLong')),
    capacity: z.coerce
      .number('sessionForm.error.capacity')
      .int('sessionForm.error.capacity')
      .min(1, 'sessionForm.error.capacity')
      .max(2000, 'sessionForm.error.capacity'),
    opensDate: optional(day),
    opensTime: optional(time),
    closesDate: optional(day),
    closesTime: optional(time),
    lecturer: line(200),
    // Seats nobody confirmed go to the waiting list 24 hours before (see still-coming.server.ts).
    releaseUnconfirmed: checkbox(),
    // Sent with a change of time or place.
    message: line(2000),
  })
  .superRefine((form, ctx) => {
    if (form.endTime <= form.startTime)
      ctx.addIssue({ code: 'custom', path: ['endTime'], message: 'sessionForm.error.endBeforeStart' })
    if (form.mode === 'place' && form.venueName === '')
      ctx.addIssue({ code: 'custom', path: ['venueName'], message: 'sessionForm.error.venue' })
    if (form.mode === 'online' && form.onlineUrl === '')
      ctx.addIssue({ code: 'custom', path: ['onlineUrl'], message: 'sessionForm.error.onlineUrl' })
    // A time the clocks skip (02:30 on the spring-forward night) is refused, not moved by an hour.
    const skipped = (date: string, time: string, path: SessionTimeField) => {
      if (isDateShape(date) && isTimeShape(time) && !pragueTimeExists(date, time))
        ctx.addIssue({ code: 'custom', path: [path], message: 'sessionForm.error.skippedTime' })
    }
    skipped(form.date, form.startTime, 'startTime')
    skipped(form.date, form.endTime, 'endTime')
    skipped(form.opensDate, form.opensTime, 'opensTime')
    skipped(form.closesDate, form.closesTime, 'closesTime')
  })

export type SessionFormData = z.infer<typeof SessionFormSchema>
export type SessionFormField = keyof SessionFormData
export const SESSION_FIELDS = Object.keys(SessionFormSchema.shape) as SessionFormField[]

export function parseSessionForm(form: FormData) {
  return parseForm(SessionFormSchema, form)
}

/** The organiser's word to everyone booked when a session is called off. */
export const CancelSessionForm = z.object({
  cancelMessage: multiLineText({ max: 2000, markup: false }),
})

export function parseCancelSessionForm(form: FormData) {
  return parseForm(CancelSessionForm, form)
}

/** A stored session as the form shows it, in Prague time. */
export function sessionFormValues(session: Session): Record<SessionFormField, string> {
  const local = (iso: string | null) => (iso ? pragueDateAndTime(iso) : { date: '', time: '' })
  const start = local(session.starts_at)
  const end = local(session.ends_at)
  const opens = local(session.registration_opens_at)
  const closes = local(session.registration_closes_at)
  return {
    date: start.date,
    startTime: start.time,
    endTime: end.time,
    mode: session.online_url && !session.venue_name ? 'online' : 'place',
    venueName: session.venue_name ?? '',
    address: session.address ?? '',
    town: session.town ?? '',
    room: session.room ?? '',
    onlineUrl: session.online_url ?? '',
    capacity: String(session.capacity),
    opensDate: opens.date,
    opensTime: opens.time,
    closesDate: closes.date,
    closesTime: closes.time,
    lecturer: session.lecturer ?? '',
    releaseUnconfirmed: session.release_unconfirmed === 1 ? 'yes' : '',
    message: '',
  }
}

/** The edit form of a stored session, filled in. */
export async function getSessionFormValues(db: Db, sessionId: number): Promise<Record<SessionFormField, string>> {
  const session = await db.selectFrom('sessions').selectAll().where('id', '=', sessionId).executeTakeFirstOrThrow()
  return sessionFormValues(session)
}

function columnsFrom(input: SessionFormData) {
  const at = (date: string, time: string) => (date ? pragueLocalToUtc(date, time || '00:00') : null)
  const inPlace = input.mode === 'place'
  const place = {
    venueName: inPlace ? input.venueName : null,
    address: inPlace ? input.address || null : null,
    room: inPlace ? input.room || null : null,
    town: inPlace ? input.town || townFromAddress(input.address) || null : null,
    online: !inPlace,
  }
  return {
    starts_at: pragueLocalToUtc(input.date, input.startTime),
    ends_at: pragueLocalToUtc(input.date, input.endTime),
    venue_name: place.venueName,
    address: place.address,
    room: place.room,
    town: place.town,
    place_search_text: placeSearchText(place),
    online_url: input.mode === 'online' ? input.onlineUrl : null,
    capacity: input.capacity,
    registration_opens_at: at(input.opensDate, input.opensTime),
    registration_closes_at: at(input.closesDate, input.closesTime),
    lecturer: input.lecturer || null,
    release_unconfirmed: input.releaseUnconfirmed ? (1 as const) : (0 as const),
  }
}

export async function createSession(
  db: Kysely<DB>,
  { workshopId, input, user, now }: { workshopId: number; input: SessionFormData; user: SignedInUser; now: Date },
): Promise<Guarded<{ kind: 'created'; id: number }>> {
  return writeTransaction(db, async (trx) => {
    const workshop = await trx.selectFrom('workshops').select(['organiser_id']).where('id', '=', workshopId).executeTakeFirst()
    if (!workshop) return NOT_FOUND
    if (!canManage(user, workshop.organiser_id)) return FORBIDDEN
    const columns = columnsFrom(input)
    const { id } = await trx
      .insertInto('sessions')
      .values({
        workshop_id: workshopId,
        ...columns,
        status: 'scheduled',
        created_at: now.toISOString(),
        updated_at: now.toISOString(),
      })
      .returning('id')
      .executeTakeFirstOrThrow()
    await recordAudit(trx, {
      actor: user,
      action: 'session.create',
      entityType: 'session',
      entityId: id,
      details: { workshopId, startsAt: columns.starts_at },
      now,
    })
    return { kind: 'created', id }
  })
}

export type ManagedSessionRow = Session & { workshop_title: string; organiser_id: number }

/** A session this user may manage, with its workshop's title and organiser. */
export async function getManagedSession(
  db: Db,
  { user, sessionId }: { user: SignedInUser; sessionId: number },
): Promise<Access<ManagedSessionRow>> {
  const row = await db
    .selectFrom('sessions')
    .innerJoin('workshops', 'workshops.id', 'sessions.workshop_id')
    .selectAll('sessions')
    .select(['workshops.title as workshop_title', 'workshops.organiser_id'])
    .where('sessions.id', '=', sessionId)
    .executeTakeFirst()
  if (!row) return NOT_FOUND
  if (!canManage(user, row.organiser_id)) return FORBIDDEN
  return { kind: 'ok', value: row }
}

/** A managed session as every organiser page of a session shows it. */
export function managedSessionView(row: ManagedSessionRow) {
  return {
    id: row.id,
    workshopId: row.workshop_id,
    workshopTitle: row.workshop_title,
    startsAt: row.starts_at,
    endsAt: row.ends_at,
    capacity: row.capacity,
    confirmed: row.confirmed_count,
    waitlisted: row.waitlisted_count,
    closedAt: row.attendance_closed_at,
    cancelled: row.status === 'cancelled',
  }
}

export type ManagedSession = ReturnType<typeof managedSessionView>

/** getManagedSession, as the pages show it. */
export async function findManagedSession(
  db: Db,
  query: { user: SignedInUser; sessionId: number },
): Promise<Access<ManagedSession>> {
  const found = await getManagedSession(db, query)
  return found.kind === 'ok' ? { kind: 'ok', value: managedSessionView(found.value) } : found
}

type Notice = Omit<Parameters<typeof mailRegistrationUpdate>[1], 'registrationId'>

/**
 * Queues a notice to each person on a session: those holding a seat, or everyone booked
 * (the waiting list too). Returns how many it wrote to.
 */
export async function mailEveryoneOnSession(
  trx: Kysely<DB>,
  { sessionId, reach, notice }: { sessionId: number; reach: 'seated' | 'booked'; notice: (registrationId: number) => Notice },
): Promise<number> {
  const people = await trx
    .selectFrom('registrations')
    .select('id')
    .where('session_id', '=', sessionId)
    .$call((q) => (reach === 'seated' ? q.where('status', '=', 'confirmed') : q.where('status', '<>', 'cancelled')))
    .execute()
  for (const { id } of people) await mailRegistrationUpdate(trx, { registrationId: id, ...notice(id) })
  return people.length
}

export type UpdateSessionResult = Guarded<
  | { kind: 'updated'; notified: number; waitlistNotified: number; promoted: number; messageUnsent: boolean }
  | { kind: 'capacity_below_confirmed'; confirmed: number }
  | { kind: 'cancelled_session' }
>

export async function updateSession(
  db: Kysely<DB>,
  { sessionId, input, user, ...context }: ChangeContext & { sessionId: number; input: SessionFormData; user: SignedInUser },
): Promise<UpdateSessionResult> {
  return writeTransaction(db, async (trx) => {
    const found = await getManagedSession(trx, { user, sessionId })
    if (found.kind !== 'ok') return found
    const before = found.value
    if (before.status === 'cancelled') return { kind: 'cancelled_session' }
    const after = columnsFrom(input)
    // People who hold a seat keep it: the organiser must move or cancel them first.
    if (after.capacity < before.confirmed_count) return { kind: 'capacity_below_confirmed', confirmed: before.confirmed_count }
    // Calendars that subscribed to a feed take the event with the higher SEQUENCE.
    const changed = (Object.keys(after) as (keyof typeof after)[]).some((k) => before[k] !== after[k])
    await trx
      .updateTable('sessions')
      .set((eb) => ({
        ...after,
        updated_at: context.now.toISOString(),
        sequence: changed ? eb('sequence', '+', 1) : eb.ref('sequence'),
      }))
      .where('id', '=', sessionId)
      .execute()

    const moved = (['starts_at', 'ends_at', 'venue_name', 'address', 'room', 'online_url'] as const).some(
      (k) => before[k] !== after[k],
    )
    const notified = moved
      ? await mailEveryoneOnSession(trx, {
          sessionId,
          reach: 'seated',
          notice: () => ({ template: 'registration.updated', message: input.message || undefined, ...context }),
        })
      : 0
    const promoted = after.capacity > before.capacity ? await promoteFromWaitlist(trx, { sessionId, ...context }) : 0
    // Those still waiting after the promotions (which tell the promoted of the new time) hear of
    // the change too: they may be given a seat at a time they never chose.
    const waitlistNotified = moved
      ? await mailWaitingListAboutChange(trx, {
          sessionId,
          previous: { startsAt: before.starts_at, endsAt: before.ends_at },
          message: input.message || undefined,
          ...context,
        })
      : 0
    await recordAudit(trx, {
      actor: user,
      action: 'session.update',
      entityType: 'session',
      entityId: sessionId,
      details: { changed: moved, capacity: [before.capacity, after.capacity], notified, waitlistNotified, promoted },
      now: context.now,
    })
    // A message goes out with a change of time or place; with none, it is reported back unsent.
    return { kind: 'updated', notified, waitlistNotified, promoted, messageUnsent: !moved && input.message !== '' }
  })
}

export async function cancelSession(
  db: Kysely<DB>,
  { sessionId, message, user, ...context }: ChangeContext & { sessionId: number; message: string; user: SignedInUser },
): Promise<Guarded<{ kind: 'cancelled'; notified: number } | { kind: 'already_cancelled' }>> {
  return writeTransaction(db, async (trx) => {
    const found = await getManagedSession(trx, { user, sessionId })
    if (found.kind !== 'ok') return found
    if (found.value.status === 'cancelled') return { kind: 'already_cancelled' }
    await trx
      .updateTable('sessions')
      .set((eb) => ({
        status: 'cancelled',
        cancellation_message: message || null,
        updated_at: context.now.toISOString(),
        sequence: eb('sequence', '+', 1),
      }))
      .where('id', '=', sessionId)
      .execute()
    const notified = await mailEveryoneOnSession(trx, {
      sessionId,
      reach: 'booked',
      notice: () => ({ template: 'registration.session-cancelled', message: message || undefined, ...context }),
    })
    await recordAudit(trx, {
      actor: user,
      action: 'session.cancel',
      entityType: 'session',
      entityId: sessionId,
      details: { notified, message },
      now: context.now,
    })
    return { kind: 'cancelled', notified }
  })
}
