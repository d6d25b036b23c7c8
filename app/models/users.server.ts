import type { Kysely } from 'kysely'
import type { DB, Role } from '../../db/schema'
import type { Locale } from '~/i18n/locales'
import { writeTransaction, type Db } from '~/utils/db.server'
import { recordAudit } from './audit.server'
import { createSignInToken, SIGN_IN_LINK_MINUTES, type SignedInUser } from './auth.server'
import { enqueueEmail } from './outbox.server'

export async function listUsers(db: Db) {
  const [users, memberships] = await Promise.all([
    db.selectFrom('users').selectAll().orderBy('role').orderBy('email').execute(),
    db
      .selectFrom('organiser_members')
      .innerJoin('organisers', 'organisers.id', 'organiser_members.organiser_id')
      .select(['organiser_members.user_id', 'organisers.name'])
      .execute(),
  ])
  return users.map((u) => ({ ...u, organisers: memberships.filter((m) => m.user_id === u.id).map((m) => m.name) }))
}

/**
 * Makes someone an organiser for one organising body and mails them a sign-in link. Inviting
 * an existing participant upgrades them; an admin stays admin.
 */
export async function inviteOrganiser(
  db: Kysely<DB>,
  {
    email,
    name,
    organiserId,
    actor,
    locale,
    now,
    appUrl,
  }: { email: string; name: string; organiserId: number; actor: SignedInUser; locale: Locale; now: Date; appUrl: string },
): Promise<{ kind: 'invited'; userId: number } | { kind: 'unknown_organiser' }> {
  const address = email.trim().toLowerCase()
  return writeTransaction(db, async (trx) => {
    const organiser = await trx.selectFrom('organisers').select(['id', 'name']).where('id', '=', organiserId).executeTakeFirst()
    if (!organiser) return { kind: 'unknown_organiser' }
    const existing = await trx.selectFrom('users').selectAll().where('email', '=', address).executeTakeFirst()
    const role: Role = existing?.role === 'admin' ? 'admin' : 'organiser'
    const user = existing
      ? await trx
          .updateTable('users')
          .set({ role, name: name || existing.name })
          .where('id', '=', existing.id)
          .returningAll()
          .executeTakeFirstOrThrow()
      : await trx
          .insertInto('users')
          .values({ email: address, name: name || null, role, created_at: now.toISOString(), last_sign_in_at: null })
          .returningAll()
          .executeTakeFirstOrThrow()
    await trx
      .insertInto('organiser_members')
      .values({ user_id: user.id, organiser_id: organiserId })
      .onConflict((oc) => oc.columns(['user_id', 'organiser_id']).doNothing())
      .execute()
    const token = await createSignInToken(trx, address, now)
    await enqueueEmail(
      trx,
      {
        key: `invite:${user.id}:${organiserId}:${now.getTime()}`,
        template: 'auth.sign-in',
        recipient: address,
        locale,
        props: { signInUrl: `${appUrl}/sign-in/${token}`, validMinutes: SIGN_IN_LINK_MINUTES, invitedTo: organiser.name },
      },
      { now, messageDomain: new URL(appUrl).hostname },
    )
    await recordAudit(trx, {
      actor,
      action: 'user.invite',
      entityType: 'user',
      entityId: user.id,
      details: { email: address, organiser: organiser.name, from: existing?.role ?? null, to: role },
      now,
    })
    return { kind: 'invited', userId: user.id }
  })
}
