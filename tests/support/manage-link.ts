import type { Kysely } from 'kysely'
import type { DB } from '../../db/schema'

/*
 * After a booking the page only says "check your mailbox" (it answers an address that was
 * already booked the same way), so the manage link is read where the person finds it: in the
 * e-mail. The test servers' SMTP server is a closed port, so queued messages keep their props.
 */

/** The path of the manage link in the newest e-mail queued for this address about a booking. */
export async function manageLinkFromOutbox(db: Kysely<DB>, email: string): Promise<string> {
  const rows = await db
    .selectFrom('outbox')
    .select(['template', 'recipient', 'props'])
    .where('template', 'like', 'registration.%')
    .orderBy('id', 'desc')
    .execute()
  const row = rows.find((r) => r.recipient.toLowerCase() === email.toLowerCase() && r.props !== null)
  if (!row) throw new Error(`no booking e-mail queued for ${email}`)
  const { manageUrl } = JSON.parse(row.props!) as { manageUrl: string }
  return new URL(manageUrl).pathname
}
