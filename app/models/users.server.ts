import type { Kysely } from 'kysely'
import { z } from 'zod'
import { ROLES, type DB, type Role } from '../../db/schema'
import type { Locale } from '~/i18n/locales'
import { writeTransaction, type Db } from '~/utils/db.server'
import { emailAddress, parseForm, recordId, singleLineText } from '~/utils/fields.server'
import { recordAccess, recordAudit } from './audit.server'
import { createSignInToken, setRole, SIGN_IN_LINK_MINUTES, type SignedInUser } from './auth.server'
import { listOrganisersFor } from './organiser-workshops.server'
import { enqueueEmail } from './outbox.server'

/**
 * The administration's list of people: who they are, what they may do, which bodies they act
 * for. Opening it is in the audit log: it lists everyone's e-mail address.
 */
export async function getUsersPage(db: Db, { admin, now }: { admin: SignedInUser; now: Date }) {
  const [users, memberships, organisers] = await Promise.all([
    db.selectFrom('users').select(['id', 'email', 'name', 'role', 'last_sign_in_at']).orderBy('role').orderBy('email').execute(),
    db
      .selectFrom('organiser_members')
      .innerJoin('organisers', 'organisers.id', 'organiser_members.organiser_id')
      .select(['organiser_members.user_id', 'organisers.name'])
      .execute(),
    listOrganisersFor(db, admin),
  ])
  await recordAccess(db, {
    user: admin,
    action: 'access.users',
    entityType: 'user',
    entityId: null,
    counts: { rows: users.length },
    now,
  })
  return {
    selfId: admin.id,
    organisers,
    users: users.map((u) => ({
      id: u.id,
      email: u.email,
      name: u.name,
      role: u.role,
      lastSignInAt: u.last_sign_in_at,
      organisers: memberships.filter((m) => m.user_id === u.id).map((m) => m.name),
    })),
  }
}

/** Someone to make an organiser of one body; a name is optional. */
export const InviteForm = z.object({
  email: emailAddress(),
  name: singleLineText({ max: 120 }),
  organiserId: recordId('workshopForm.error.organiser'),
})

export function parseInviteForm(form: FormData) {
  return parseForm(InviteForm, form)
}

/** A new role for one person in the list. */
export const RoleForm = z.object({
  userId: recordId(),
  role: z.enum(ROLES, 'error.badRequest'),
})

export function parseRoleForm(form: FormData) {
  return parseForm(RoleForm, form)
}

/** Changes someone's role; an admin cannot change their own, so there is always one admin left. */
export async function changeRole(
  db: Kysely<DB>,
  { userId, role, actor, now }: { userId: number; role: Role; actor: SignedInUser; now: Date },
): Promise<{ kind: 'changed' } | { kind: 'unknown_user' } | { kind: 'self' }> {
  const target = await db.selectFrom('users').select(['id', 'email']).where('id', '=', userId).executeTakeFirst()
  if (!target) return { kind: 'unknown_user' }
  if (target.id === actor.id) return { kind: 'self' }
  await setRole(db, { email: target.email, role, actor, now })
  return { kind: 'changed' }
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
        props: {
          signInUrl: `${appUrl}/sign-in/${token}`,
          validMinutes: SIGN_IN_LINK_MINUTES,
          email: address,
          invitedTo: organiser.name,
        },
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
