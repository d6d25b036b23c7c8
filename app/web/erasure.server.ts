import { erase, planErasure, type ErasureSubject } from '~/models/erasure.server'
import { getDb } from '~/utils/db.server'
import { getEnv } from '~/utils/env.server'
import { wakeOutbox } from '~/jobs/outbox-worker.server'
import { redirectWithNotice } from './notices.server'
import { currentRetentionPolicy } from './retention.server'

/** What erasing would do for this subject, under the retention policy in force. */
export async function erasurePlan(subject: ErasureSubject, now: Date) {
  return planErasure(getDb(), { subject, now, certificateMonths: currentRetentionPolicy().certificateMonths })
}

/** Erases and sends the person to a page that says what happened; `headers` may sign them out. */
export async function eraseAndReport(
  subject: ErasureSubject,
  { role, now, headers }: { role?: Parameters<typeof erase>[1]['role']; now: Date; headers?: HeadersInit },
) {
  const result = await erase(getDb(), {
    subject,
    role,
    now,
    appUrl: getEnv().APP_URL,
    certificateMonths: currentRetentionPolicy().certificateMonths,
  })
  if (result.kind !== 'erased') return result
  // The CANCEL and the promotion go out now, not at the worker's next poll.
  wakeOutbox()
  return redirectWithNotice(
    '/data-erased',
    { cancelled: result.cancelled, anonymised: result.anonymised },
    { headers: { 'Cache-Control': 'no-store', ...headers } },
  )
}
