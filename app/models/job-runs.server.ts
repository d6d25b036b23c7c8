import { sql, type Kysely } from 'kysely'
import type { DB } from '../../db/schema'
import type { Db } from '~/utils/db.server'

/*
 * A job's lease: one row per kind of job, taken with one conditional upsert, so of several
 * processes (or instances) only one runs a job at a time. A holder that dies leaves a lease
 * that runs out; the next process then takes it.
 */

/** Takes the job's lease until `until`, or answers false when someone else holds it. */
export async function takeJobLease(
  db: Kysely<DB>,
  { name, holder, now, until }: { name: string; holder: string; now: Date; until: Date },
): Promise<boolean> {
  const nowIso = now.toISOString()
  const taken = await db
    .insertInto('job_runs')
    .values({ name, lease_holder: holder, lease_until: until.toISOString(), last_started_at: nowIso })
    .onConflict((oc) =>
      oc
        .column('name')
        .doUpdateSet({ lease_holder: holder, lease_until: until.toISOString(), last_started_at: nowIso })
        .where((eb) => eb.or([eb('job_runs.lease_until', 'is', null), eb('job_runs.lease_until', '<=', nowIso)])),
    )
    .returning('name')
    .executeTakeFirst()
  return taken !== undefined
}

/** Ends a run: gives the lease back and records what it did (or why it failed). */
export async function finishJobRun(
  db: Db,
  { name, holder, now, items, error }: { name: string; holder: string; now: Date; items: number; error?: string },
): Promise<void> {
  await db
    .updateTable('job_runs')
    .set((eb) => ({
      lease_holder: null,
      lease_until: null,
      last_finished_at: now.toISOString(),
      last_items: items,
      last_error: error ?? null,
      runs: eb('runs', '+', 1),
      items_total: eb('items_total', '+', items),
    }))
    .where('name', '=', name)
    .where('lease_holder', '=', holder)
    .execute()
}

export type JobRunView = {
  name: string
  running: boolean
  lastStartedAt: string | null
  lastFinishedAt: string | null
  lastError: string | null
  lastItems: number
  runs: number
  itemsTotal: number
}

/** Every job that has run, for the admins' page. */
export async function listJobRuns(db: Db, now: Date): Promise<JobRunView[]> {
  const rows = await db.selectFrom('job_runs').selectAll().orderBy('name').execute()
  return rows.map((r) => ({
    name: r.name,
    running: r.lease_until !== null && r.lease_until > now.toISOString(),
    lastStartedAt: r.last_started_at,
    lastFinishedAt: r.last_finished_at,
    lastError: r.last_error,
    lastItems: r.last_items,
    runs: r.runs,
    itemsTotal: r.items_total,
  }))
}

/** For tests and the bench: forget every lease (as after a restart of every process). */
export async function clearJobLeases(db: Db): Promise<void> {
  await db
    .updateTable('job_runs')
    .set({ lease_holder: null, lease_until: null })
    .where(sql<boolean>`1 = 1`)
    .execute()
}
