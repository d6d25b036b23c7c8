import type { Kysely } from 'kysely'
import type { DB } from '../../db/schema'
import { writeTransaction } from '~/utils/db.server'
import { anonymiseRegistrations, emptiedMail } from './anonymise.server'
import { daysBefore, monthsBefore, type RetentionPolicy } from './retention-policy'

/*
 * The retention job's work (issue 14): each step removes what its rule of db/classification.ts
 * no longer allows to keep. Every step selects by age and by "not yet done", so a run cut short
 * is simply done again, and works in batches, each its own short write transaction, so bookings
 * keep flowing while years of data are anonymised.
 */

export type RetentionCounts = {
  bookingsAnonymised: number
  lecturersRemoved: number
  certificateNamesRemoved: number
  auditEntriesStripped: number
  mailEmptied: number
  signInsDeleted: number
  accountsDeleted: number
  limitsDeleted: number
  worksheetsDeleted: number
}

const BATCH = 500

export async function applyRetention(
  db: Kysely<DB>,
  { now, policy }: { now: Date; policy: RetentionPolicy },
): Promise<RetentionCounts> {
  const bookingCutoff = monthsBefore(now, policy.bookingMonths).toISOString()
  return {
    bookingsAnonymised: await anonymiseOldBookings(db, bookingCutoff, now),
    lecturersRemoved: await emptyInBatches(db, {
      find: (trx) =>
        trx.selectFrom('sessions').select('id').where('ends_at', '<', bookingCutoff).where('lecturer', 'is not', null),
      empty: (trx, ids) => trx.updateTable('sessions').set({ lecturer: null }).where('id', 'in', ids),
    }),
    certificateNamesRemoved: await emptyInBatches(db, {
      find: (trx) =>
        trx
          .selectFrom('certificates')
          .select('id')
          .where('issued_at', '<', monthsBefore(now, policy.certificateMonths).toISOString())
          .where('holder_name', 'is not', null),
      empty: (trx, ids) => trx.updateTable('certificates').set({ holder_name: null }).where('id', 'in', ids),
    }),
    auditEntriesStripped: await emptyInBatches(db, {
      find: (trx) =>
        trx
          .selectFrom('audit_log')
          .select('id')
          .where('at', '<', monthsBefore(now, policy.auditMonths).toISOString())
          .where((eb) =>
            eb.or([eb('actor_email', 'is not', null), eb('actor_user_id', 'is not', null), eb('details', 'is not', null)]),
          ),
      empty: (trx, ids) =>
        trx.updateTable('audit_log').set({ actor_email: null, actor_user_id: null, details: null }).where('id', 'in', ids),
    }),
    mailEmptied: await emptyOldMail(db, daysBefore(now, policy.mailDays).toISOString()),
    signInsDeleted: await deleteExpiredSignIns(db, now),
    accountsDeleted: await deleteIdleAccounts(db, bookingCutoff),
    limitsDeleted: await deleteSpentLimits(db, now),
    worksheetsDeleted: await deleteRemovedWorksheets(db, daysBefore(now, policy.removedFileDays).toISOString()),
  }
}

/**
 * Empties columns of rows found by `find`, a batch at a time: `find` must stop matching a row
 * once `empty` has run on it, so each batch picks up where the last one ended.
 */
function emptyInBatches(
  db: Kysely<DB>,
  {
    find,
    empty,
  }: {
    find: (trx: Kysely<DB>) => { limit: (n: number) => { execute: () => Promise<{ id: number }[]> } }
    empty: (trx: Kysely<DB>, ids: number[]) => { execute: () => Promise<unknown> }
  },
) {
  return inBatches(db, async (trx) => {
    const ids = (await find(trx).limit(BATCH).execute()).map((r) => r.id)
    if (ids.length > 0) await empty(trx, ids).execute()
    return ids.length
  })
}

/** Runs a batch until it finds nothing left to do; answers the total it did. */
async function inBatches(db: Kysely<DB>, batch: (trx: Kysely<DB>) => Promise<number>): Promise<number> {
  let total = 0
  for (;;) {
    const done = await writeTransaction(db, batch)
    total += done
    if (done < BATCH) return total
  }
}

function anonymiseOldBookings(db: Kysely<DB>, cutoff: string, now: Date) {
  return inBatches(db, async (trx) => {
    const rows = await trx
      .selectFrom('registrations')
      .innerJoin('sessions', 'sessions.id', 'registrations.session_id')
      .select('registrations.id')
      .where('sessions.ends_at', '<', cutoff)
      .where('registrations.anonymised_at', 'is', null)
      .limit(BATCH)
      .execute()
    await anonymiseRegistrations(
      trx,
      rows.map((r) => r.id),
      now,
    )
    return rows.length
  })
}

function emptyOldMail(db: Kysely<DB>, cutoff: string) {
  return inBatches(db, async (trx) => {
    const ids = await trx
      .selectFrom('outbox')
      .select('id')
      .where('recipient', '<>', '')
      .where((eb) =>
        eb.or([
          eb.and([eb('status', '=', 'sent'), eb('sent_at', '<', cutoff)]),
          eb.and([eb('status', '=', 'failed'), eb('created_at', '<', cutoff)]),
        ]),
      )
      .limit(BATCH)
      .execute()
    if (ids.length > 0)
      await trx
        .updateTable('outbox')
        .set(emptiedMail())
        .where(
          'id',
          'in',
          ids.map((r) => r.id),
        )
        .execute()
    // The development mailbox keeps whole messages; it follows the same rule.
    const mailbox = await trx.deleteFrom('dev_mailbox').where('created_at', '<', cutoff).executeTakeFirst()
    return ids.length + Number(mailbox.numDeletedRows)
  })
}

async function deleteExpiredSignIns(db: Kysely<DB>, now: Date) {
  const nowIso = now.toISOString()
  return writeTransaction(db, async (trx) => {
    const links = await trx.deleteFrom('login_tokens').where('expires_at', '<', nowIso).executeTakeFirst()
    const sessions = await trx.deleteFrom('user_sessions').where('expires_at', '<', nowIso).executeTakeFirst()
    return Number(links.numDeletedRows) + Number(sessions.numDeletedRows)
  })
}

/** Participants who have not signed in for the bookings' retention; staff stay while they hold a role. */
async function deleteIdleAccounts(db: Kysely<DB>, cutoff: string) {
  return writeTransaction(db, async (trx) => {
    const result = await trx
      .deleteFrom('users')
      .where('role', '=', 'participant')
      .where((eb) =>
        eb.or([eb('last_sign_in_at', '<', cutoff), eb.and([eb('last_sign_in_at', 'is', null), eb('created_at', '<', cutoff)])]),
      )
      .executeTakeFirst()
    return Number(result.numDeletedRows)
  })
}

async function deleteSpentLimits(db: Kysely<DB>, now: Date) {
  const nowIso = now.toISOString()
  return writeTransaction(db, async (trx) => {
    const counters = await trx.deleteFrom('rate_limit_counters').where('expires_at', '<', nowIso).executeTakeFirst()
    // Sign-in's per-hit table: none of its windows is longer than a day.
    const hits = await trx.deleteFrom('rate_limit_hits').where('at', '<', daysBefore(now, 1).toISOString()).executeTakeFirst()
    return Number(counters.numDeletedRows) + Number(hits.numDeletedRows)
  })
}

/** A worksheet removed for longer than the grace period goes for good, with its files. */
async function deleteRemovedWorksheets(db: Kysely<DB>, cutoff: string) {
  let deleted = 0
  for (;;) {
    const worksheet = await db
      .selectFrom('worksheets')
      .select('id')
      .where('removed_at', '<', cutoff)
      .orderBy('id')
      .executeTakeFirst()
    if (!worksheet) return deleted
    await writeTransaction(db, async (trx) => {
      const files = await trx
        .selectFrom('worksheet_versions')
        .select('file_id')
        .where('worksheet_id', '=', worksheet.id)
        .execute()
      await trx.updateTable('worksheets').set({ current_version_id: null }).where('id', '=', worksheet.id).execute()
      await trx.deleteFrom('worksheet_versions').where('worksheet_id', '=', worksheet.id).execute()
      await trx.deleteFrom('worksheet_levels').where('worksheet_id', '=', worksheet.id).execute()
      await trx.deleteFrom('worksheets').where('id', '=', worksheet.id).execute()
      const fileIds = [...new Set(files.map((f) => f.file_id))]
      if (fileIds.length > 0) {
        // A file another version still uses stays.
        const used = new Set(
          (await trx.selectFrom('worksheet_versions').select('file_id').where('file_id', 'in', fileIds).execute()).map(
            (r) => r.file_id,
          ),
        )
        const orphans = fileIds.filter((id) => !used.has(id))
        if (orphans.length > 0) {
          await trx.deleteFrom('file_chunks').where('file_id', 'in', orphans).execute()
          await trx.deleteFrom('files').where('id', 'in', orphans).execute()
        }
      }
    })
    deleted++
  }
}

export function totalOf(counts: RetentionCounts): number {
  return Object.values(counts).reduce((sum, n) => sum + n, 0)
}

/** One log line: counts only, never a name or an address. */
export function describeRetention(counts: RetentionCounts): string {
  return Object.entries(counts)
    .filter(([, n]) => n > 0)
    .map(([what, n]) => `${what}=${n}`)
    .join(' ')
}
