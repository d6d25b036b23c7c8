import type { ExpressionBuilder, Kysely } from 'kysely'
import type { DB, Registration, Role } from '../../db/schema'
import { writeTransaction, type Db } from '~/utils/db.server'
import { anonymiseRegistrations, emptiedMail } from './anonymise.server'
import { recordAudit } from './audit.server'
import { ERASURE_TEMPLATE } from './outbox.server'
import { cancelHeldBooking, registrationByToken, type ChangeContext } from './registrations.server'
import { monthsAfter } from './retention-policy'

/*
 * The right to erasure (issue 14). Bookings of sessions still to come are cancelled as if the
 * person cancelled them (their calendar gets a CANCEL, the waiting list moves up); every
 * booking then loses its personal data but keeps what the statistics count; feedback stays
 * without the link; the account and its sign-ins go. What certificates' verification pages
 * show stays for the certificates' own retention, which the erase page states beforehand.
 */

export type ErasureSubject = { email: string } | { token: string }

export type ErasurePlan = {
  /** Bookings of sessions still to come that will be cancelled. */
  toCancel: { workshopTitle: string; startsAt: string; endsAt: string }[]
  /** Bookings that keep their counts but lose their personal data. */
  toAnonymise: number
  feedback: number
  /** Certificates whose verification page keeps the name until then. */
  certificates: { workshopTitle: string; keptUntil: string }[]
  account: boolean
}

export type ErasureResult =
  | ({ kind: 'erased'; cancelled: number; anonymised: number; promoted: number } & Pick<ErasurePlan, 'certificates'>)
  | { kind: 'not_found' }
  /** Staff accounts are removed by an admin; their own bookings can still be erased one by one. */
  | { kind: 'staff' }

type Held = Registration & { starts_at: string; ends_at: string; title: string }

async function heldRegistrations(db: Db, subject: ErasureSubject): Promise<Held[]> {
  let ids: number[]
  if ('token' in subject) {
    const registration = await registrationByToken(db, subject.token, 'manage')
    ids = registration && !registration.anonymised_at ? [registration.id] : []
  } else {
    const rows = await db
      .selectFrom('registrations')
      .select('id')
      .where('email_normalized', '=', subject.email.trim().toLowerCase())
      .where('anonymised_at', 'is', null)
      .execute()
    ids = rows.map((r) => r.id)
  }
  if (ids.length === 0) return []
  return db
    .selectFrom('registrations')
    .innerJoin('sessions', 'sessions.id', 'registrations.session_id')
    .innerJoin('workshops', 'workshops.id', 'sessions.workshop_id')
    .selectAll('registrations')
    .select(['sessions.starts_at', 'sessions.ends_at', 'workshops.title'])
    .where('registrations.id', 'in', ids)
    .orderBy('sessions.starts_at')
    .execute()
}

const isUpcomingLive = (r: Held, now: Date) => r.status !== 'cancelled' && r.starts_at > now.toISOString()

/** What erasing would do, for the page that asks to confirm it. */
export async function planErasure(
  db: Db,
  { subject, now, certificateMonths }: { subject: ErasureSubject; now: Date; certificateMonths: number },
): Promise<ErasurePlan | undefined> {
  const held = await heldRegistrations(db, subject)
  if ('token' in subject && held.length === 0) return undefined
  const ids = held.map((r) => r.id)
  const [feedback, certificates, account] = await Promise.all([
    ids.length === 0
      ? 0
      : db
          .selectFrom('feedback_responses')
          .select((eb) => eb.fn.countAll<number>().as('n'))
          .where('registration_id', 'in', ids)
          .executeTakeFirstOrThrow()
          .then((r) => Number(r.n)),
    certificatesKept(db, ids, certificateMonths),
    'email' in subject
      ? db.selectFrom('users').select('id').where('email', '=', subject.email.trim().toLowerCase()).executeTakeFirst()
      : undefined,
  ])
  return {
    toCancel: held
      .filter((r) => isUpcomingLive(r, now))
      .map((r) => ({ workshopTitle: r.title, startsAt: r.starts_at, endsAt: r.ends_at })),
    toAnonymise: held.length,
    feedback,
    certificates,
    account: account !== undefined,
  }
}

async function certificatesKept(db: Db, ids: number[], certificateMonths: number) {
  if (ids.length === 0) return []
  const rows = await db
    .selectFrom('certificates')
    .innerJoin('registrations', 'registrations.id', 'certificates.registration_id')
    .innerJoin('sessions', 'sessions.id', 'registrations.session_id')
    .innerJoin('workshops', 'workshops.id', 'sessions.workshop_id')
    .select(['certificates.issued_at', 'workshops.title'])
    .where('certificates.registration_id', 'in', ids)
    .where('certificates.revoked_at', 'is', null)
    .where('certificates.holder_name', 'is not', null)
    .orderBy('certificates.issued_at')
    .execute()
  return rows.map((r) => ({
    workshopTitle: r.title,
    keptUntil: monthsAfter(new Date(r.issued_at), certificateMonths).toISOString(),
  }))
}

/**
 * Erases a person (every booking made with their address, their account and sign-ins) or one
 * booking (its manage link). One write transaction: a crash leaves all of it or none.
 */
export async function erase(
  db: Kysely<DB>,
  {
    subject,
    role,
    certificateMonths,
    ...context
  }: ChangeContext & { subject: ErasureSubject; role?: Role; certificateMonths: number },
): Promise<ErasureResult> {
  if (role && role !== 'participant') return { kind: 'staff' }
  return writeTransaction(db, async (trx) => {
    const held = await heldRegistrations(trx, subject)
    if ('token' in subject && held.length === 0) return { kind: 'not_found' }
    const certificates = await certificatesKept(
      trx,
      held.map((r) => r.id),
      certificateMonths,
    )
    let cancelled = 0
    let promoted = 0
    for (const registration of held.filter((r) => isUpcomingLive(r, context.now))) {
      promoted += await cancelHeldBooking(trx, { registration, template: ERASURE_TEMPLATE, token: '', ...context })
      cancelled++
    }
    const ids = held.map((r) => r.id)
    await forgetMail(trx, { ids, email: 'email' in subject ? subject.email : null })
    const anonymised = await anonymiseRegistrations(trx, ids, context.now)
    if ('email' in subject) await deleteAccount(trx, subject.email)
    // Counts only: the log must not keep what was just erased.
    await recordAudit(trx, {
      actor: null,
      action: 'token' in subject ? 'booking.erase' : 'person.erase',
      entityType: 'person',
      entityId: null,
      details: { cancelled, anonymised, promoted },
      now: context.now,
    })
    return { kind: 'erased', cancelled, anonymised, promoted, certificates }
  })
}

/**
 * Mail to the person: what was sent is emptied now, what waits to be sent is dropped (reminders
 * of bookings that no longer exist) except the notices of this erasure, which empty themselves
 * once delivered (outbox markSent).
 */
async function forgetMail(trx: Db, { ids, email }: { ids: number[]; email: string | null }) {
  const address = email?.trim().toLowerCase()
  for (let i = 0; i === 0 || i < ids.length; i += 200) {
    const slice = ids.slice(i, i + 200)
    const toThem = (eb: ExpressionBuilder<DB, 'outbox'>) =>
      eb.or([
        ...slice.map((id) => eb('idempotency_key', 'like', `registration:${id}:%`)),
        ...(address && i === 0 ? [eb('recipient_key', '=', address)] : []),
      ])
    if (slice.length === 0 && !address) return
    await trx.updateTable('outbox').set(emptiedMail()).where(toThem).where('status', 'in', ['sent', 'failed']).execute()
    await trx.deleteFrom('outbox').where(toThem).where('status', '=', 'pending').where('template', '<>', ERASURE_TEMPLATE).execute()
  }
  if (address) await trx.deleteFrom('dev_mailbox').where('recipient', '=', address).execute()
}

/** A participant's account goes with its sign-ins; its sessions go with it (foreign key cascade). */
async function deleteAccount(trx: Db, email: string) {
  const address = email.trim().toLowerCase()
  await trx.deleteFrom('login_tokens').where('email', '=', address).execute()
  const user = await trx.selectFrom('users').select(['id', 'role']).where('email', '=', address).executeTakeFirst()
  if (!user || user.role !== 'participant') return
  await trx.deleteFrom('user_sessions').where('user_id', '=', user.id).execute()
  // The foreign key cascades too; deleting by name keeps it plain on both engines.
  await trx.deleteFrom('calendar_feeds').where('user_id', '=', user.id).execute()
  await trx.deleteFrom('users').where('id', '=', user.id).execute()
}
