import type { Kysely } from 'kysely'
import type { DB, OutboxMessage } from '../../db/schema'
import { isEmailTemplateName, renderEmail, replyToFor } from '../../emails'
import {
  claimDueMessages,
  markFailed,
  markForRetry,
  markSent,
  refuseOverRecipientLimit,
  releaseClaims,
} from '~/models/outbox.server'
import { certificateDocument } from '~/models/documents.server'
import type { MailSender, OutgoingEmail } from '~/utils/mailer.server'
import { singleton } from '~/utils/singleton.server'

export type OutboxWorkerOptions = {
  db: Kysely<DB>
  sender: MailSender
  pollMs?: number
  batchSize?: number
  concurrency?: number
  /** First retry after this long; doubles each time up to maxRetryMs. */
  retryBaseMs?: number
  maxRetryMs?: number
  maxAttempts?: number
  leaseMs?: number
  /** More messages than this to one recipient within an hour are refused (decision 011). */
  maxPerRecipientPerHour?: number
  /**
   * A wake-up waits this long first, so a burst of bookings is sent in one pass after it
   * instead of competing with it request by request.
   */
  wakeDelayMs?: number
  /**
   * Awaited before each message: the server resolves it when no request is in flight (or
   * after a short while), so people booking go before mail about earlier bookings.
   */
  waitForQuiet?: () => Promise<void>
  log?: (message: string) => void
}

export type OutboxWorker = { wake(): void; stop(): Promise<void> }

/**
 * Sends queued e-mail. Temporary failures (4xx replies, refused or dropped connections) are
 * retried with exponential backoff; permanent ones (5xx replies, a message that cannot be
 * rendered) are marked failed. A message is claimed before sending and marked sent after, so
 * two workers never send the same one.
 */
export function startOutboxWorker(options: OutboxWorkerOptions): OutboxWorker {
  const {
    db,
    sender,
    pollMs = 1000,
    batchSize = 50,
    concurrency = 10,
    retryBaseMs = 2000,
    maxRetryMs = 15 * 60_000,
    maxAttempts = 20,
    leaseMs = 5 * 60_000,
    maxPerRecipientPerHour = 20,
    wakeDelayMs = 100,
    waitForQuiet = async () => undefined,
    log = (message: string) => console.log(message),
  } = options
  let timer: NodeJS.Timeout | undefined
  let running: Promise<void> | undefined
  let again = false
  let stopped = false
  let wakePending = false

  type Outcome = 'sent' | 'failed' | 'retry' | 'unreachable'

  async function sendOne(message: OutboxMessage): Promise<Outcome> {
    if (await refuseOverRecipientLimit(db, message, { maxPerHour: maxPerRecipientPerHour, now: new Date() })) {
      log(`outbox: message ${message.id} refused: ${maxPerRecipientPerHour} messages to its recipient within an hour`)
      return 'failed'
    }
    let outgoing: OutgoingEmail
    try {
      if (!isEmailTemplateName(message.template) || message.props === null) throw new Error(`cannot render ${message.template}`)
      const props: unknown = JSON.parse(message.props)
      const { attachCertificate, ...rendered } = renderEmail(
        message.template,
        props as never,
        message.locale,
        new Date(message.created_at),
      )
      const attachments = attachCertificate ? await certificateAttachment(attachCertificate, message.locale) : []
      if (attachments === undefined) {
        // Attendance was corrected between queueing and sending: the e-mail would hand out a
        // certificate that no longer stands, so it is not sent.
        await markFailed(db, message.id, 'not sent: the certificate was revoked before sending')
        log(`outbox: message ${message.id} not sent: its certificate was revoked`)
        return 'failed'
      }
      outgoing = {
        ...rendered,
        attachments: attachments.length > 0 ? attachments : undefined,
        to: message.recipient,
        messageId: message.message_id,
        replyTo: replyToFor(props),
      }
    } catch (error) {
      await markFailed(db, message.id, `render: ${describe(error)}`)
      log(`outbox: message ${message.id} cannot be rendered: ${describe(error)}`)
      return 'failed'
    }
    try {
      await sender.send(outgoing)
      await markSent(db, message.id, new Date())
      return 'sent'
    } catch (error) {
      if (isPermanent(error) || message.attempts >= maxAttempts) {
        await markFailed(db, message.id, describe(error))
        log(`outbox: message ${message.id} to ${message.recipient} failed for good: ${describe(error)}`)
        return 'failed'
      }
      const at = retryAt(message.attempts)
      await markForRetry(db, message.id, { error: describe(error), at })
      if (isUnreachable(error)) pausedUntil = at
      return isUnreachable(error) ? 'unreachable' : 'retry'
    }
  }

  /**
   * The certificate's PDF, rendered as the message is sent (the outbox keeps no document, only
   * the code): the same bytes on every attempt, since the certificate's facts do not change.
   */
  async function certificateAttachment(
    { code, verifyUrl }: { code: string; verifyUrl: string },
    locale: OutboxMessage['locale'],
  ): Promise<NonNullable<OutgoingEmail['attachments']> | undefined> {
    const document = await certificateDocument(db, { code }, { locale, verifyUrl: () => verifyUrl })
    return document && [{ filename: document.fileName, content: document.pdf, contentType: 'application/pdf' }]
  }

  function retryAt(attempts: number): Date {
    const delay = Math.min(maxRetryMs, retryBaseMs * 2 ** (attempts - 1))
    // Jitter keeps a recovered server from being hit by every retry at the same instant.
    return new Date(Date.now() + delay * (0.8 + Math.random() * 0.4))
  }

  // While the server cannot be reached at all, trying the rest of a batch only burns CPU:
  // the batch goes back untried and the worker waits until the first retry is due.
  let pausedUntil: Date | undefined

  async function drain(): Promise<void> {
    for (;;) {
      if (pausedUntil && pausedUntil > new Date()) return
      pausedUntil = undefined
      const batch = await claimDueMessages(db, { now: new Date(), limit: batchSize, leaseMs })
      if (batch.length === 0) return
      let next = 0
      const lanes = Array.from({ length: Math.min(concurrency, batch.length) }, async () => {
        while (next < batch.length && !pausedUntil && !stopped) {
          await waitForQuiet()
          // While this lane waited, another may have taken the last message, or stop() came.
          if (next >= batch.length || pausedUntil || stopped) break
          await sendOne(batch[next++]!)
        }
      })
      await Promise.all(lanes)
      const untried = batch.slice(next).map((m) => m.id)
      await releaseClaims(db, untried, pausedUntil ?? new Date())
      if (stopped || pausedUntil) return
    }
  }

  function run(): void {
    if (stopped) return
    if (running) {
      again = true
      return
    }
    clearTimeout(timer)
    running = drain()
      .catch((error: unknown) => log(`outbox: ${describe(error)}`))
      .finally(() => {
        running = undefined
        if (stopped) return
        if (again) {
          again = false
          run()
        } else {
          timer = setTimeout(run, pollMs)
        }
      })
  }

  function wake(): void {
    if (stopped || wakePending) return
    wakePending = true
    setTimeout(() => {
      wakePending = false
      run()
    }, wakeDelayMs).unref()
  }

  run()
  const worker: OutboxWorker = {
    wake,
    async stop() {
      stopped = true
      clearTimeout(timer)
      await running
      sender.close()
    },
  }
  outboxWakeUp().current = worker.wake
  return worker
}

/**
 * Routes call this after a change that queued e-mail, so it goes out now rather than at the
 * next poll. Shared through globalThis because routes and the worker live in different bundles.
 */
export function wakeOutbox(): void {
  outboxWakeUp().current()
}

function outboxWakeUp(): { current: () => void } {
  return singleton('outboxWakeUp', () => ({ current: () => undefined }))
}

/** No SMTP reply at all: refused, dropped or timed-out connections, unknown hosts. */
export function isUnreachable(error: unknown): boolean {
  return typeof (error as { responseCode?: unknown } | null)?.responseCode !== 'number'
}

/** 5xx SMTP replies will not get better by waiting; everything else might. */
export function isPermanent(error: unknown): boolean {
  const code = (error as { responseCode?: unknown } | null)?.responseCode
  return typeof code === 'number' && code >= 500
}

function describe(error: unknown): string {
  if (error instanceof Error) {
    const code = (error as { responseCode?: number; code?: string }).responseCode ?? (error as { code?: string }).code
    return code ? `${code} ${error.message}` : error.message
  }
  return String(error)
}
