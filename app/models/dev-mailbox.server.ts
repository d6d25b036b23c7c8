import type { Db } from '~/utils/db.server'

/** Development only: what the mailbox sender stored, newest first. */
export async function listMailbox(db: Db, { limit = 100 } = {}) {
  return db
    .selectFrom('dev_mailbox')
    .select(['id', 'recipient', 'subject', 'created_at'])
    .orderBy('id', 'desc')
    .limit(limit)
    .execute()
}

export async function getMailboxMessage(db: Db, id: number) {
  return db.selectFrom('dev_mailbox').selectAll().where('id', '=', id).executeTakeFirst()
}
