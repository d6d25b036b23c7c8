import { translator, type MessageId, type Translate } from '~/i18n/intl'
import type { Locale } from '~/i18n/locales'
import { googleCalendarUrl, outlookCalendarUrl } from '~/utils/calendar-links'
import { formatCode } from '~/utils/codes'
import { formatDateTime, formatTimeRange } from '~/utils/dates'
import { qrHtmlTable } from '~/utils/qr.server'
import { buildInvite, placeText } from './invite'
import { renderLayout, type EmailBlock } from './layout'
import type { InviteMethod, RegistrationEmailProps, RenderedEmail } from './types'

type Variant = {
  subject: MessageId | 'custom'
  lead: MessageId | 'custom'
  /** The lead for someone who held no seat, only a place on the waiting list (no calendar entry to remove). */
  leadWithoutSeat?: MessageId
  /** The booking is over whatever its status says: a cancellation, or a session the organiser called off. */
  ends?: true
  /** The certificate e-mail: the PDF attached and linked. */
  certificate?: true
  /** Sent after the session (attendance closed): its page offers what comes after, whatever the clock said. */
  afterSession?: true
  /** The calendar method this e-mail carries, given the props; none for most. */
  invite?: (props: RegistrationEmailProps) => InviteMethod | undefined
  /** A reminder: the check-in code, what to bring and a link to the invitation, no invitation itself. */
  reminder?: true
  /** "Still coming?": two answers, each a page with one button. */
  stillComing?: true
  /** After the session: a button to the feedback form. */
  feedback?: true
  /** "We missed you": the workshop's next dates. */
  missed?: true
  /** Sent as the person erased their data: their links no longer work, so it offers none. */
  erased?: true
  /** A seat from the waiting list: says the session's time, and whether it changed since they joined. */
  promotion?: true
  /** The waiting list told of a change: the new time beside the old, and a way to leave the list. */
  waitlistChange?: true
  /** What the manage link's intro says, where the usual one (invitation, cancelling) is not true. */
  manage?: MessageId
}

const request = () => 'REQUEST' as const
const cancelIfHeld = (props: RegistrationEmailProps) => (props.wasConfirmed ? ('CANCEL' as const) : undefined)

/** E-mails about one registration: the same facts and manage link, a different lead and invite. */
const VARIANTS = {
  confirmed: { subject: 'email.confirmed.subject', lead: 'email.confirmed.lead', invite: request },
  promoted: { subject: 'email.promoted.subject', lead: 'email.promoted.lead', invite: request, promotion: true },
  waitlisted: { subject: 'email.waitlisted.subject', lead: 'email.waitlisted.lead' },
  cancelled: {
    subject: 'email.cancelled.subject',
    lead: 'email.cancelled.lead',
    leadWithoutSeat: 'email.cancelled.leadWaitlisted',
    invite: cancelIfHeld,
    ends: true,
  },
  link: { subject: 'email.link.subject', lead: 'email.link.lead' },
  updated: { subject: 'email.updated.subject', lead: 'email.updated.lead', invite: request },
  moved: { subject: 'email.moved.subject', lead: 'email.moved.lead', invite: request },
  sessionCancelled: {
    subject: 'email.sessionCancelled.subject',
    lead: 'email.sessionCancelled.lead',
    leadWithoutSeat: 'email.sessionCancelled.leadWaitlisted',
    invite: cancelIfHeld,
    ends: true,
  },
  cancelledByOrganiser: {
    subject: 'email.cancelledByOrganiser.subject',
    lead: 'email.cancelledByOrganiser.lead',
    leadWithoutSeat: 'email.cancelledByOrganiser.leadWaitlisted',
    invite: cancelIfHeld,
    ends: true,
  },
  message: { subject: 'custom', lead: 'custom' },
  certificate: { subject: 'email.certificate.subject', lead: 'email.certificate.lead', certificate: true, afterSession: true },
  reminder: { subject: 'email.reminder.subject', lead: 'email.reminder.lead', reminder: true },
  promotedLate: { subject: 'email.promotedLate.subject', lead: 'email.promotedLate.lead', invite: request, promotion: true },
  stillComing: { subject: 'email.stillComing.subject', lead: 'email.stillComing.lead', stillComing: true },
  released: { subject: 'email.released.subject', lead: 'email.released.lead', invite: cancelIfHeld, ends: true },
  feedback: { subject: 'email.feedback.subject', lead: 'email.feedback.lead', feedback: true, afterSession: true },
  missed: { subject: 'email.missed.subject', lead: 'email.missed.lead', missed: true, afterSession: true },
  erased: {
    subject: 'email.erased.subject',
    lead: 'email.erased.lead',
    leadWithoutSeat: 'email.erased.leadWaitlisted',
    invite: cancelIfHeld,
    erased: true,
    ends: true,
  },
  waitlistChanged: {
    subject: 'email.waitlistChanged.subject',
    lead: 'email.waitlistChanged.lead',
    waitlistChange: true,
    manage: 'email.waitlistChanged.manage',
  },
  // Added once the session had begun, or on the spot: no invitation to an event under way or over.
  recorded: { subject: 'email.recorded.subject', lead: 'email.recorded.lead', manage: 'email.recorded.manage' },
} satisfies Record<string, Variant>

function registrationEmail(variant: Variant, props: RegistrationEmailProps, locale: Locale, createdAt: Date): RenderedEmail {
  const t = translator(locale)
  const { session, participant } = props
  const when = formatTimeRange(session.startsAt, session.endsAt, locale)
  const before = props.timeChangedFrom
    ? formatTimeRange(props.timeChangedFrom.startsAt, props.timeChangedFrom.endsAt, locale)
    : undefined
  const values = {
    workshop: session.workshopTitle,
    date: when,
    position: props.position ?? 0,
    walkIn: props.walkIn ? 'yes' : 'no',
  }
  const subject =
    variant.subject === 'custom'
      ? (props.subject ?? session.workshopTitle)
      : t(variant.promotion && before ? 'email.promoted.subjectTimeChanged' : variant.subject, values)
  const attachCertificate =
    variant.certificate && props.certificateCode && props.certificateUrl
      ? { code: props.certificateCode, verifyUrl: props.certificateUrl }
      : undefined
  const lead =
    variant.lead === 'custom'
      ? (props.message ?? '')
      : t(
          attachCertificate
            ? 'email.certificate.leadAttached'
            : variant.leadWithoutSeat && props.wasConfirmed === false
              ? variant.leadWithoutSeat
              : variant.lead,
          values,
        )
  const blocks: EmailBlock[] = [
    // Czech greets without the name: a vocative cannot be guessed from a name reliably.
    { kind: 'paragraph', text: t('email.greeting', { name: participant.name }) },
    { kind: 'paragraph', text: lead },
  ]
  if (variant.promotion) {
    // The seat is at the session's time now, which may not be the one they joined the list for.
    blocks.push({
      kind: 'paragraph',
      strong: true,
      text: before ? t('email.promoted.timeChanged', { date: when, before }) : t('email.promoted.when', { date: when }),
    })
  }
  if (variant.waitlistChange && before) {
    blocks.push({ kind: 'paragraph', strong: true, text: t('email.waitlistChanged.newTime', { date: when, before }) })
  }
  if (variant.lead !== 'custom' && props.message) {
    blocks.push({ kind: 'paragraph', text: `${t('email.organiserMessage')} ${props.message}` })
  }
  if (variant.waitlistChange) {
    blocks.push({
      kind: 'button',
      intro: t('email.waitlistChanged.leaveIntro'),
      label: t('email.waitlistChanged.leave'),
      href: `${props.manageUrl}/cancel`,
    })
  }
  const method = variant.invite?.(props)
  if (variant.stillComing) {
    if (props.releaseAt) {
      blocks.push({
        kind: 'paragraph',
        text: t('email.stillComing.deadline', { deadline: formatDateTime(props.releaseAt, locale) }),
      })
    }
    blocks.push(
      {
        kind: 'button',
        intro: t('email.stillComing.yesIntro'),
        label: t('email.stillComing.yes'),
        href: `${props.manageUrl}/coming`,
      },
      {
        kind: 'button',
        intro: t('email.stillComing.noIntro'),
        label: t('email.stillComing.no'),
        href: `${props.manageUrl}/free-seat`,
      },
    )
  }
  if (variant.reminder && props.whatToBring) {
    blocks.push({ kind: 'paragraph', text: `${t('email.reminder.bring')} ${props.whatToBring}` })
  }
  if (variant.feedback) {
    blocks.push({
      kind: 'button',
      intro: t('email.feedback.intro'),
      label: t('email.feedback.button'),
      href: `${props.manageUrl}/feedback`,
    })
  }
  if (variant.missed) {
    blocks.push(
      props.nextSessions && props.nextSessions.length > 0
        ? {
            kind: 'links',
            intro: t('email.missed.next'),
            links: props.nextSessions.map((s) => ({ label: formatTimeRange(s.startsAt, s.endsAt, locale), href: s.url })),
          }
        : { kind: 'paragraph', text: t('email.missed.noNext') },
    )
  }
  if ((method === 'REQUEST' || variant.reminder) && props.checkInCode) {
    blocks.push({
      kind: 'code',
      label: t('email.checkInCode'),
      code: formatCode(props.checkInCode),
      qrHtml: qrHtmlTable(props.checkInCode),
    })
  }
  if (props.worksheets && props.worksheets.length > 0) {
    blocks.push({
      kind: 'links',
      intro: t('email.worksheets'),
      links: props.worksheets.map((w) => ({ label: w.title, href: `${props.manageUrl}/worksheets/${w.id}` })),
    })
  }
  if (variant.reminder) {
    blocks.push({
      kind: 'links',
      intro: t('email.reminder.invite'),
      links: [{ label: t('email.reminder.inviteLink'), href: `${props.manageUrl}/invite.ics` }],
    })
  }
  if (attachCertificate) {
    blocks.push({
      kind: 'links',
      intro: t('email.certificate.download'),
      links: [{ label: t('email.certificate.downloadLink'), href: `${props.manageUrl}/certificate.pdf` }],
    })
  }
  if (props.certificateUrl) {
    blocks.push({ kind: 'paragraph', text: `${t('email.certificateVerify')} ${props.certificateUrl}` })
  }
  blocks.push({
    kind: 'facts',
    rows: [
      [t('email.when'), when],
      [t('email.where'), placeText(session, '\n') || (session.online ? t('catalogue.online') : '')],
    ],
  })
  if (method === 'REQUEST') blocks.push(webCalendarLinks(props, locale))
  if (!variant.erased) blocks.push(manageBlock(variant, props, createdAt, t))
  const footer = t('email.footer', { organiser: session.organiserName, organiserEmail: session.organiserEmail })
  const { html, text } = renderLayout({ lang: locale, title: subject, blocks, footer })

  const description = calendarDescription(props, locale)
  return {
    subject,
    html,
    text,
    attachCertificate,
    icalEvent: method
      ? {
          method,
          content: buildInvite(props, method, description, createdAt),
          filename: method === 'CANCEL' ? 'cancel.ics' : 'invite.ics',
        }
      : undefined,
  }
}

/** Where the booking stands as the e-mail is queued, which decides what its page can offer. */
type BookingState = 'seat' | 'waitlisted' | 'ended' | 'after'

function bookingState(variant: Variant, props: RegistrationEmailProps, createdAt: Date): BookingState {
  if (variant.ends || props.status === 'cancelled') return 'ended'
  if (props.status === 'waitlisted' || (props.status === undefined && variant.lead === 'email.waitlisted.lead'))
    return 'waitlisted'
  return variant.afterSession || Date.parse(props.session.startsAt) <= createdAt.getTime() ? 'after' : 'seat'
}

/**
 * The link to the booking's page, saying only what that page offers now: an invitation and
 * cancelling while a seat is held before the session, the waiting list while waiting, and
 * nothing of the kind once the booking is cancelled or the session has begun.
 */
function manageBlock(variant: Variant, props: RegistrationEmailProps, createdAt: Date, t: Translate): EmailBlock {
  const state = bookingState(variant, props, createdAt)
  const intro: MessageId =
    variant.manage ??
    (state === 'seat'
      ? 'email.manage.seat'
      : state === 'waitlisted'
        ? 'email.manage.waitlisted'
        : state === 'ended'
          ? 'email.manage.cancelled'
          : variant.certificate
            ? 'email.manage.certificate'
            : 'email.manage')
  const label: MessageId = state === 'seat' || state === 'waitlisted' ? 'email.manageButton' : 'email.viewButton'
  return { kind: 'button', intro: t(intro), label: t(label), href: props.manageUrl }
}

/**
 * Beside the attached invitation, the same event for Google Calendar and Outlook.com on the
 * web (issue 17.10), with the invitation's own description: never the manage link.
 */
function webCalendarLinks(props: RegistrationEmailProps, locale: Locale): EmailBlock {
  const t = translator(locale)
  const event = {
    title: props.session.workshopTitle,
    startsAt: props.session.startsAt,
    endsAt: props.session.endsAt,
    location: placeText(props.session, ', '),
    details: calendarDescription(props, locale),
  }
  return {
    kind: 'links',
    intro: t('email.addToCalendar'),
    links: [
      { label: t('calendar.google'), href: googleCalendarUrl(event) },
      { label: t('calendar.outlook'), href: outlookCalendarUrl(event) },
    ],
  }
}

/** The DESCRIPTION of an invitation: a read-only link to the booking, never the manage link. */
export function calendarDescription(props: Pick<RegistrationEmailProps, 'calendarUrl'>, locale: Locale): string {
  const t = translator(locale)
  return props.calendarUrl ? `${t('email.calendarLink')} ${props.calendarUrl}` : t('email.calendarNoLink')
}

export const registrationEmails = Object.fromEntries(
  Object.entries(VARIANTS).map(([name, variant]) => [
    name,
    (props: RegistrationEmailProps, locale: Locale, createdAt: Date) => registrationEmail(variant, props, locale, createdAt),
  ]),
) as Record<keyof typeof VARIANTS, (props: RegistrationEmailProps, locale: Locale, createdAt: Date) => RenderedEmail>
