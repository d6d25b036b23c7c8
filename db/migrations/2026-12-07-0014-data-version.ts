import type { Kysely } from 'kysely'
import { createDataVersion, dropDataVersion, trackDataVersion } from '../dialect'

// Frozen in time: written against Kysely<any> so later schema changes never alter it.

/*
 * Tables whose rows never show on a page anyone may share (mail, limits, sign-in, job leases)
 * are left out: the mail worker and the limits write them all the time, and they must not
 * empty every instance's page cache (decision 015).
 */
const TRACKED = [
  'organisers',
  'workshops',
  'workshop_audiences',
  'sessions',
  'registrations',
  'registration_tokens',
  'users',
  'organiser_members',
  'audit_log',
  'certificates',
  'files',
  'file_chunks',
  'worksheets',
  'worksheet_levels',
  'worksheet_versions',
  'registration_notices',
  'feedback_responses',
]

export async function up(db: Kysely<any>): Promise<void> {
  await createDataVersion(db)
  for (const table of TRACKED) await trackDataVersion(db, table)
}

export async function down(db: Kysely<any>): Promise<void> {
  await dropDataVersion(db, TRACKED)
}
