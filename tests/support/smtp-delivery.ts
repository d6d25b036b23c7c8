import type { Kysely } from 'kysely'
import type { DB } from '../../db/schema'
import { startOutboxWorker } from '~/jobs/outbox-worker.server'
import { createSmtpSender } from '~/utils/mailer.server'
import { startSmtpServer, type TestSmtpServer } from './smtp'

/**
 * A real SMTP server on loopback with the outbox worker sending to it, polling fast: what a
 * test reads from `smtp.messages` went through the same worker and transport as production.
 */
export async function deliverOverSmtp(db: Kysely<DB>): Promise<{ smtp: TestSmtpServer; stop: () => Promise<void> }> {
  const smtp = await startSmtpServer()
  const worker = startOutboxWorker({
    db,
    sender: createSmtpSender(smtp.url, 'Workshopy <noreply@workshops.test>'),
    pollMs: 20,
    wakeDelayMs: 5,
    log: () => {},
  })
  return {
    smtp,
    stop: async () => {
      await worker.stop()
      await smtp.close()
    },
  }
}
