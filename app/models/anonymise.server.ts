import type { Db } from '~/utils/db.server'

/*
 * What is left of a booking once its person is gone: the session, the status, the attendance,
 * the participant type and school level, when things happened — everything every count and
 * statistic needs, and nothing that names anyone. The erasure and the retention job share it;
 * each column it empties is one that db/classification.ts marks for the 'booking' rule.
 */
export async function anonymiseRegistrations(trx: Db, ids: number[], now: Date): Promise<number> {
  let anonymised = 0
  for (let i = 0; i < ids.length; i += 500) {
    const slice = ids.slice(i, i + 500)
    const result = await trx
      .updateTable('registrations')
      .set({
        full_name: '',
        email: '',
        email_normalized: null,
        organisation: null,
        note: null,
        date_of_birth: null,
        check_in_code: null,
        invite_uid: null,
        anonymised_at: now.toISOString(),
        updated_at: now.toISOString(),
      })
      .where('id', 'in', slice)
      .where('anonymised_at', 'is', null)
      .executeTakeFirst()
    anonymised += Number(result.numUpdatedRows)
    // The links in old e-mails open nothing any more.
    await trx.deleteFrom('registration_tokens').where('registration_id', 'in', slice).execute()
    // The answers stay with their session, without the way back to the person.
    await trx.updateTable('feedback_responses').set({ registration_id: null }).where('registration_id', 'in', slice).execute()
    // Staff changes to these bookings stay in the log as what happened, without the address they named.
    await trx
      .updateTable('audit_log')
      .set({ details: null })
      .where('entity_type', '=', 'registration')
      .where('entity_id', 'in', slice)
      .where('details', 'is not', null)
      .execute()
  }
  return anonymised
}

/** Empties the e-mails already sent or given up on (address, content, the server's answer). */
export function emptiedMail() {
  return { recipient: '', recipient_key: null, props: null, last_error: null } as const
}
