import type { Kysely } from 'kysely'
import { z } from 'zod'
import type { DB, Session } from '../../db/schema'
import type { MessageId } from '~/i18n/intl'
import { isCalendarDate, pragueDateKey, pragueLocalToUtc, pragueTimeExists } from '~/utils/dates'
import { writeTransaction, type Db } from '~/utils/db.server'
import { recordAudit } from './audit.server'
import type { SignedInUser } from './auth.server'
import { canManage } from './organiser-workshops.server'
import { mailRegistrationUpdate, promoteFromWaitlist, type ChangeContext } from './registrations.server'

/*
 * Sessions as organisers enter them: dates and times in Prague, stored as UTC instants.
 * Changing a session reaches people: a new time or place re-sends everyone's invitation (same
 * UID, higher SEQUENCE), more seats move people up from the waiting list, and cancelling sends
 * everyone a CANCEL with the organiser's message.
 */

const DATE = /^\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$/
const TIME = /^([01]\d|2[0-3]):[0-5]\d$/
// The pattern checks the shape; the calendar decides whether the day exists (no 30 February).
const calendarDate = () => z.string().regex(DATE, 'sessionForm.error.date').refine(isCalendarDate, 'sessionForm.error.noSuchDay')
const optional = (schema: z.ZodType<string>) => z.union([z.literal(''), schema])
const line = (max: number) =>
  z
    .string()
    .trim()
    .max(max, 'form.error.tooLong')
    .refine((v) => !/[\u0000-\u001F<>]/.test(v), 'form.error.control')

type SessionTimeField = 'startTime' | 'endTime' | 'opensTime' | 'closesTime'

export const SessionFormSchema = z
  .object({
    date: calendarDate(),
    startTime: z.string().regex(TIME, 'sessionForm.error.time'),
    endTime: z.string().regex(TIME, 'sessionForm.error.time'),
    mode: z.enum(['place', 'online'], 'sessionForm.error.mode'),
    venueName: line(200),
    address: line(300),
    room: line(100),
    onlineUrl: z.union([
      z.literal(''),
      z.url({ protocol: /^https?$/, error: 'sessionForm.error.onlineUrl' }).max(500, 'form.error.tooLong'),
    ]),
    capacity: z.coerce
      .number('sessionForm.error.capacity')
      .int('sessionForm.error.capacity')
      .min(1, 'sessionForm.error.capacity')
      .max(2000, 'sessionForm.error.capacity'),
    opensDate: optional(calendarDate()),
    opensTime: optional(z.string().regex(TIME, 'sessionForm.error.time')),
    closesDate: optional(calendarDate()),
    closesTime: optional(z.string().regex(TIME, 'sessionForm.error.time')),
    lecturer: line(200),
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
      if (DATE.test(date) && isCalendarDate(date) && TIME.test(time) && !pragueTimeExists(date, time))
        ctx.addIssue({ code: 'custom', path: [path], message: 'sessionForm.error.skippedTime' })
    }
    skipped(form.date, form.startTime, 'startTime')
    skipped(form.date, form.endTime, 'endTime')
    skipped(form.opensDate, form.opensTime, 'opensTime')
    skipped(form.closesDate, form.closesTime, 'closesTime')
  })

export type SessionFormData = z.infer<typeof SessionFormSchema>
export type SessionFormField = keyof SessionFormData
export const SESSION_FIELDS: SessionFormField[] = [
  'date',
  'startTime',
  'endTime',
  'mode',
  'venueName',
  'address',
  'room',
  'onlineUrl',
  'capacity',
  'opensDate',
  'opensTime',
  'closesDate',
  'closesTime',
  'lecturer',
  'message',
]

export function parseSessionForm(form: FormData) {
  const values = Object.fromEntries(SESSION_FIELDS.map((f) => [f, String(form.get(f) ?? '')])) as Record<SessionFormField, string>
  const result = SessionFormSchema.safeParse(values)
  if (result.success) return { ok: true as const, data: result.data, values }
  const errors: Partial<Record<SessionFormField, MessageId>> = {}
  for (const issue of result.error.issues) errors[issue.path[0] as SessionFormField] ??= issue.message as MessageId
  return { ok: false as const, errors, values }
}

/** A stored session as the form shows it, in Prague time. */
export function sessionFormValues(session: Session): Record<SessionFormField, string> {
  const local = (iso: string | null) => {
    if (!iso) return { date: '', time: '' }
    const time = new Intl.DateTimeFormat('en-GB', {
      timeZone: 'Europe/Prague',
      hour: '2-digit',
      minute: '2-digit',
      hourCycle: 'h23',
    }).format(new Date(iso))
    return { date: pragueDateKey(iso), time }
  }
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
    room: session.room ?? '',
    onlineUrl: session.online_url ?? '',
    capacity: String(session.capacity),
    opensDate: opens.date,
    opensTime: opens.time,
    closesDate: closes.date,
    closesTime: closes.time,
    lecturer: session.lecturer ?? '',
    message: '',
  }
}

function columnsFrom(input: SessionFormData) {
  const at = (date: string, time: string) => (date ? pragueLocalToUtc(date, time || '00:00') : null)
  return {
    starts_at: pragueLocalToUtc(input.date, input.startTime),
    ends_at: pragueLocalToUtc(input.date, input.endTime),
    venue_name: input.mode === 'place' ? input.venueName : null,
    address: input.mode === 'place' ? input.address || null : null,
    room: input.mode === 'place' ? input.room || null : null,
    online_url: input.mode === 'online' ? input.onlineUrl : null,
    capacity: input.capacity,
    registration_opens_at: at(input.opensDate, input.opensTime),
    registration_closes_at: at(input.closesDate, input.closesTime),
    lecturer: input.lecturer || null,
  }
}

export async function createSession(
  db: Kysely<DB>,
  { workshopId, input, user, now }: { workshopId: number; input: SessionFormData; user: SignedInUser; now: Date },
): Promise<{ kind: 'created'; id: number } | { kind: 'forbidden' } | { kind: 'not_found' }> {
  return writeTransaction(db, async (trx) => {
    const workshop = await trx.selectFrom('workshops').select(['organiser_id']).where('id', '=', workshopId).executeTakeFirst()
    if (!workshop) return { kind: 'not_found' }
    if (!canManage(user, workshop.organiser_id)) return { kind: 'forbidden' }
    const { id } = await trx
      .insertInto('sessions')
      .values({
        workshop_id: workshopId,
        ...columnsFrom(input),
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
      details: { workshopId, startsAt: columnsFrom(input).starts_at },
      now,
    })
    return { kind: 'created', id }
  })
}

/** A session this user may manage, with its workshop's title and organiser. */
export async function getManagedSession(db: Db, { user, sessionId }: { user: SignedInUser; sessionId: number }) {
  const row = await db
    .selectFrom('sessions')
    .innerJoin('workshops', 'workshops.id', 'sessions.workshop_id')
    .selectAll('sessions')
    .select(['workshops.title as workshop_title', 'workshops.organiser_id'])
    .where('sessions.id', '=', sessionId)
    .executeTakeFirst()
  if (!row) return { kind: 'not_found' } as const
  if (!canManage(user, row.organiser_id)) return { kind: 'forbidden' } as const
  return { kind: 'ok', value: row } as const
}

export type ManagedSessionRow = Extract<Awaited<ReturnType<typeof getManagedSession>>, { kind: 'ok' }>['value']

/** A managed session as organiser pages show it. */
export function managedSessionView(row: ManagedSessionRow) {
  return {
    id: row.id,
    workshopId: row.workshop_id,
    workshopTitle: row.workshop_title,
    startsAt: row.starts_at,
    endsAt: row.ends_at,
    closedAt: row.attendance_closed_at,
    cancelled: row.status === 'cancelled',
  }
}

export type UpdateSessionResult =
  | { kind: 'updated'; notified: number; promoted: number; messageUnsent: boolean }
  | { kind: 'capacity_below_confirmed'; confirmed: number }
  | { kind: 'cancelled_session' }
  | { kind: 'forbidden' }
  | { kind: 'not_found' }

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
    await trx
      .updateTable('sessions')
      .set({ ...after, updated_at: context.now.toISOString() })
      .where('id', '=', sessionId)
      .execute()

    const moved = (['starts_at', 'ends_at', 'venue_name', 'address', 'room', 'online_url'] as const).some(
      (k) => before[k] !== after[k],
    )
    let notified = 0
    if (moved) {
      const confirmed = await trx
        .selectFrom('registrations')
        .select('id')
        .where('session_id', '=', sessionId)
        .where('status', '=', 'confirmed')
        .execute()
      for (const { id } of confirmed) {
        await mailRegistrationUpdate(trx, {
          registrationId: id,
          template: 'registration.updated',
          message: input.message || undefined,
          ...context,
        })
        notified++
      }
    }
    const promoted = after.capacity > before.capacity ? await promoteFromWaitlist(trx, { sessionId, ...context }) : 0
    await recordAudit(trx, {
      actor: user,
      action: 'session.update',
      entityType: 'session',
      entityId: sessionId,
      details: { changed: moved, capacity: [before.capacity, after.capacity], notified, promoted },
      now: context.now,
    })
    // A message goes out with a change of time or place; with none, it is reported back unsent.
    return { kind: 'updated', notified, promoted, messageUnsent: !moved && input.message !== '' }
  })
}

export async function cancelSession(
  db: Kysely<DB>,
  { sessionId, message, user, ...context }: ChangeContext & { sessionId: number; message: string; user: SignedInUser },
): Promise<
  { kind: 'cancelled'; notified: number } | { kind: 'already_cancelled' } | { kind: 'forbidden' } | { kind: 'not_found' }
> {
  return writeTransaction(db, async (trx) => {
    const found = await getManagedSession(trx, { user, sessionId })
    if (found.kind !== 'ok') return found
    if (found.value.status === 'cancelled') return { kind: 'already_cancelled' }
    await trx
      .updateTable('sessions')
      .set({ status: 'cancelled', cancellation_message: message || null, updated_at: context.now.toISOString() })
      .where('id', '=', sessionId)
      .execute()
    const live = await trx
      .selectFrom('registrations')
      .select('id')
      .where('session_id', '=', sessionId)
      .where('status', '<>', 'cancelled')
      .execute()
    for (const { id } of live) {
      await mailRegistrationUpdate(trx, {
        registrationId: id,
        template: 'registration.session-cancelled',
        message: message || undefined,
        ...context,
      })
    }
    await recordAudit(trx, {
      actor: user,
      action: 'session.cancel',
      entityType: 'session',
      entityId: sessionId,
      details: { notified: live.length, message },
      now: context.now,
    })
    return { kind: 'cancelled', notified: live.length }
  })
}
