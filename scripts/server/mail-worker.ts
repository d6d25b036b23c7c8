import { getDb } from '~/utils/db.server'
import { getEnv } from '~/utils/env.server'
import { createMailboxSender, createSmtpSender } from '~/utils/mailer.server'
import { startOutboxWorker, type OutboxWorker, type OutboxWorkerOptions } from '~/jobs/outbox-worker.server'

/** The mail worker as configured by the environment; the server starts one unless OUTBOX_WORKER=off. */
export function startMailWorker(options: Pick<OutboxWorkerOptions, 'waitForQuiet'> = {}): OutboxWorker {
  const env = getEnv()
  const sender = env.SMTP_URL
    ? createSmtpSender(env.SMTP_URL, env.MAIL_FROM, { dkim: env.DKIM })
    : createMailboxSender(getDb(), env.MAIL_FROM)
  console.log(`E-mail goes to ${sender.description}.`)
  return startOutboxWorker({
    db: getDb(),
    sender,
    pollMs: env.OUTBOX_POLL_MS,
    retryBaseMs: env.OUTBOX_RETRY_BASE_MS,
    maxPerRecipientPerHour: env.OUTBOX_MAX_PER_RECIPIENT_HOUR,
    ...options,
  })
}
