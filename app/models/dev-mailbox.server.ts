import type { Db } from '~/utils/db.server'

/** Development only: what the mailbox sender stored, newest first. */
export async function listMailbox(db: Db, { limit = 100 } = {}) {
  const rows = await db
    .selectFrom('dev_mailbox')
    .select(['id', 'recipient', 'subject', 'created_at'])
    .orderBy('id', 'desc')
    .limit(limit)
    .execute()
  return rows.map((m) => ({ id: m.id, recipient: m.recipient, subject: m.subject, createdAt: m.created_at }))
}

export async function getMailboxMessage(db: Db, id: number) {
  const m = await db
    .selectFrom('dev_mailbox')
    .select(['id', 'recipient', 'subject', 'text_body', 'ics', 'raw', 'created_at'])
    .where('id', '=', id)
    .executeTakeFirst()
  if (!m) return undefined
  return {
    id: m.id,
    recipient: m.recipient,
    subject: m.subject,
    textBody: m.text_body,
    ics: m.ics,
    raw: m.raw,
    createdAt: m.created_at,
  }
}
