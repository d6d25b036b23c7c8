import { createHash } from 'node:crypto'
import { sql, type ExpressionBuilder, type Kysely } from 'kysely'
import type { DB, OutboxMessage } from '../../db/schema'
import type { EmailProps, EmailTemplateName } from '../../emails'
import type { Locale } from '~/i18n/locales'
import { engineOf, writeTransaction, type Db } from '~/utils/db.server'

/*
 * E-mail is written here in the same transaction as the change that causes it, under a key
 * that names that change, so a retried request never queues it twice. A worker sends it later.
 */

export type QueuedEmail<T extends EmailTemplateName = EmailTemplateName> = {
  key: string
  template: T
  recipient: string
  locale: Locale
  props: EmailProps<T>
}

export async function enqueueEmail<T extends EmailTemplateName>(
  db: Db,
  email: QueuedEmail<T>,
  { now, messageDomain }: { now: Date; messageDomain: string },
) {
  const digest = createHash('sha256').update(email.key).digest('hex').slice(0, 32)
  await db
    .insertInto('outbox')
    .values({
      idempotency_key: email.key,
      template: email.template,
      recipient: email.recipient,
      recipient_key: email.recipient.trim().toLowerCase(),
      locale: email.locale,
      props: JSON.stringify(email.props),
      // Stable across retries, so a receiving server can tell a resend from a new message.
      message_id: `<${digest}@${messageDomain}>`,
      next_attempt_at: now.toISOString(),
      created_at: now.toISOString(),
    })
    .onConflict((oc) => oc.column('idempotency_key').doNothing())
    .execute()
}

/**
 * Takes up to `limit` messages that are due, marking them as being sent until `leaseMs` from
 * now. One statement, so two workers (two processes) never take the same message; a message
 * whose worker died is taken again once its lease has run out. On SQLite the statement holds
 * the write lock; on PostgreSQL workers in several instances run it at once, so the rows are
 * locked as they are chosen and rows another worker is taking are passed over (SKIP LOCKED).
 */
export async function claimDueMessages(
  db: Kysely<DB>,
  { now, limit, leaseMs }: { now: Date; limit: number; leaseMs: number },
): Promise<OutboxMessage[]> {
  const nowIso = now.toISOString()
  const lockRows = engineOf(db) === 'postgres'
  return db
    .updateTable('outbox')
    .set({
      status: 'sending',
      locked_until: new Date(now.getTime() + leaseMs).toISOString(),
      attempts: sql<number>`attempts + 1`,
    })
    .where('id', 'in', (eb) => {
      const due = eb
        .selectFrom('outbox')
        .select('id')
        .where((w) =>
          w.or([
            w.and([w('status', '=', 'pending'), w('next_attempt_at', '<=', nowIso)]),
            w.and([w('status', '=', 'sending'), w('locked_until', '<', nowIso)]),
          ]),
        )
        .orderBy('id')
        .limit(limit)
      return lockRows ? due.forUpdate().skipLocked() : due
    })
    .returningAll()
    .execute()
}

export async function markSent(db: Kysely<DB>, id: number, now: Date) {
  // The content may hold a manage link; once delivered there is no reason to keep it. The
  // notice of an erasure keeps not even the address: its person asked for nothing to stay.
  const erased = (eb: ExpressionBuilder<DB, 'outbox'>) => eb('template', '=', ERASURE_TEMPLATE)
  await db
    .updateTable('outbox')
    .set((eb) => ({
      status: 'sent',
      sent_at: now.toISOString(),
      props: null,
      locked_until: null,
      last_error: null,
      recipient: eb.case().when(erased(eb)).then('').else(eb.ref('recipient')).end(),
      recipient_key: eb.case().when(erased(eb)).then(null).else(eb.ref('recipient_key')).end(),
    }))
    .where('id', '=', id)
    .execute()
}

export const ERASURE_TEMPLATE = 'registration.erased'

export async function markForRetry(db: Kysely<DB>, id: number, { error, at }: { error: string; at: Date }) {
  await db
    .updateTable('outbox')
    .set({ status: 'pending', next_attempt_at: at.toISOString(), locked_until: null, last_error: error.slice(0, 1000) })
    .where('id', '=', id)
    .execute()
}

/** Puts claimed messages back untried (their claim counted an attempt that was not made). */
export async function releaseClaims(db: Kysely<DB>, ids: number[], at: Date) {
  if (ids.length === 0) return
  await db
    .updateTable('outbox')
    .set({ status: 'pending', next_attempt_at: at.toISOString(), locked_until: null, attempts: sql<number>`attempts - 1` })
    .where('id', 'in', ids)
    .where('status', '=', 'sending')
    .execute()
}

export async function markFailed(db: Kysely<DB>, id: number, error: string) {
  await db
    .updateTable('outbox')
    .set({ status: 'failed', locked_until: null, last_error: error.slice(0, 1000) })
    .where('id', '=', id)
    .execute()
}

/**
 * Sign-in links are limited per address where they are made (decision 011b); they neither
 * count towards nor fall under the per-recipient limit, so a flood of other mail to an
 * address cannot keep its owner from signing in.
 */
const OWN_LIMIT_TEMPLATES = ['auth.sign-in']

/**
 * Refuses a claimed message (marks it failed, never sent) when its recipient has already had
 * `maxPerHour` messages in the last hour: sent ones, and others being sent right now by any
 * worker. One statement: SQLite takes the write lock before it counts, so the checks of two
 * workers (two processes) run one after the other and cannot both take the last place; when
 * several wait, the first checked is refused while the others are in flight, so the count
 * stays exact either way. No lock is held across an await.
 */
export async function refuseOverRecipientLimit(
  db: Kysely<DB>,
  message: Pick<OutboxMessage, 'id' | 'recipient' | 'template'>,
  { maxPerHour, now }: { maxPerHour: number; now: Date },
): Promise<boolean> {
  if (OWN_LIMIT_TEMPLATES.includes(message.template)) return false
  const since = new Date(now.getTime() - 3_600_000).toISOString()
  const refuse = (trx: Kysely<DB>) =>
    trx
      .updateTable('outbox')
      .set({
        status: 'failed',
        locked_until: null,
        last_error: `refused: ${maxPerHour} messages to this recipient within an hour`,
      })
      .where('id', '=', message.id)
      .where(
        (eb) =>
          eb
            .selectFrom('outbox as earlier')
            .select((e) => e.fn.countAll<number>().as('taken'))
            .where('earlier.recipient_key', '=', message.recipient.trim().toLowerCase())
            .where('earlier.template', 'not in', OWN_LIMIT_TEMPLATES)
            .where((w) =>
              w.or([
                w.and([w('earlier.status', '=', 'sent'), w('earlier.sent_at', '>', since)]),
                w.and([w('earlier.status', '=', 'sending'), w('earlier.id', '!=', message.id)]),
              ]),
            ),
        '>=',
        maxPerHour,
      )
      .returning('id')
      .executeTakeFirst()
  // PostgreSQL counts at READ COMMITTED without a write lock: the write transaction's lock
  // makes the checks of all workers run one after another there too. On SQLite the one
  // statement is enough (and a transaction would hold the lock across an await).
  const refused = engineOf(db) === 'postgres' ? await writeTransaction(db, refuse) : await refuse(db)
  return refused !== undefined
}
