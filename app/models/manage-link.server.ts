import { buildInvite } from '../../emails/invite'
import { calendarDescription } from '../../emails/registration'
import type { InviteMethod } from '../../emails/types'
import type { Db } from '~/utils/db.server'
import { looksLikeToken } from '~/utils/tokens.server'
import {
  findCalendarView,
  findRegistrationByToken,
  newCalendarLink,
  registrationEmailProps,
  sessionForChange,
  type CalendarView,
  type RegistrationView,
} from './registrations.server'

/*
 * What a booking's links open. A value that is not shaped like one of our tokens is not looked
 * up at all, and every miss is the same undefined, so an answer says nothing about why.
 */

/** The booking behind a manage link. */
export async function findBookingByManageLink(
  db: Db,
  token: string | undefined,
  now: Date,
): Promise<{ token: string; registration: RegistrationView } | undefined> {
  if (!looksLikeToken(token)) return undefined
  const registration = await findRegistrationByToken(db, token, now)
  return registration ? { token, registration } : undefined
}

/** The booking behind the link in calendar data: read only. */
export async function findBookingByCalendarLink(db: Db, token: string | undefined, now: Date): Promise<CalendarView | undefined> {
  return looksLikeToken(token) ? findCalendarView(db, token, now) : undefined
}

export type Invitation = { kind: 'waitlisted' } | { kind: 'invitation'; method: InviteMethod; ics: string }

/**
 * The invitation as it stands now: REQUEST while the seat is held, CANCEL once it is not, none
 * on the waiting list. It carries what the e-mails carry; its calendar data links to a fresh
 * read-only view, never to the manage link.
 */
export async function currentInvitation(
  db: Db,
  { registrationId, manageUrl, now, appUrl }: { registrationId: number; manageUrl: string; now: Date; appUrl: string },
): Promise<Invitation> {
  const person = await db.selectFrom('registrations').selectAll().where('id', '=', registrationId).executeTakeFirstOrThrow()
  if (person.status === 'waitlisted') return { kind: 'waitlisted' }
  const session = (await sessionForChange(db, person.session_id))!
  const method = person.status === 'confirmed' && session.status !== 'cancelled' ? 'REQUEST' : 'CANCEL'
  const calendarUrl = await newCalendarLink(db, { registrationId, now, appUrl })
  const props = { ...registrationEmailProps(session, person, manageUrl), calendarUrl }
  return { kind: 'invitation', method, ics: buildInvite(props, method, calendarDescription(props, person.locale), now) }
}
