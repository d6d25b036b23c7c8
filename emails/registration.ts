import { translator, type MessageId } from '~/i18n/intl'
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
}

const request = () => 'REQUEST' as const
const cancelIfHeld = (props: RegistrationEmailProps) => (props.wasConfirmed ? ('CANCEL' as const) : undefined)

/** E-mails about one registration: the same facts and manage link, a different lead and invite. */
const VARIANTS = {
  confirmed: { subject: 'email.confirmed.subject', lead: 'email.confirmed.lead', invite: request },
  promoted: { subject: 'email.promoted.subject', lead: 'email.promoted.lead', invite: request },
  waitlisted: { subject: 'email.waitlisted.subject', lead: 'email.waitlisted.lead' },
  cancelled: { subject: 'email.cancelled.subject', lead: 'email.cancelled.lead', invite: cancelIfHeld },
  link: { subject: 'email.link.subject', lead: 'email.link.lead' },
  updated: { subject: 'email.updated.subject', lead: 'email.updated.lead', invite: request },
  moved: { subject: 'email.moved.subject', lead: 'email.moved.lead', invite: request },
  sessionCancelled: { subject: 'email.sessionCancelled.subject', lead: 'email.sessionCancelled.lead', invite: cancelIfHeld },
  cancelledByOrganiser: {
    subject: 'email.cancelledByOrganiser.subject',
    lead: 'email.cancelledByOrganiser.lead',
    invite: cancelIfHeld,
  },
  message: { subject: 'custom', lead: 'custom' },
  certificate: { subject: 'email.certificate.subject', lead: 'email.certificate.lead' },
  reminder: { subject: 'email.reminder.subject', lead: 'email.reminder.lead', reminder: true },
  promotedLate: { subject: 'email.promotedLate.subject', lead: 'email.promotedLate.lead', invite: request },
  stillComing: { subject: 'email.stillComing.subject', lead: 'email.stillComing.lead', stillComing: true },
  released: { subject: 'email.released.subject', lead: 'email.released.lead', invite: cancelIfHeld },
  feedback: { subject: 'email.feedback.subject', lead: 'email.feedback.lead', feedback: true },
  missed: { subject: 'email.missed.subject', lead: 'email.missed.lead', missed: true },
  erased: { subject: 'email.erased.subject', lead: 'email.erased.lead', invite: cancelIfHeld, erased: true },
} satisfies Record<string, Variant>

function registrationEmail(variant: Variant, props: RegistrationEmailProps, locale: Locale, createdAt: Date): RenderedEmail {
  const t = translator(locale)
  const { session, participant } = props
  const when = formatTimeRange(session.startsAt, session.endsAt, locale)
  const values = { workshop: session.workshopTitle, date: when, position: props.position ?? 0 }
  const subject = variant.subject === 'custom' ? (props.subject ?? session.workshopTitle) : t(variant.subject, values)
  const blocks: EmailBlock[] = [
    { kind: 'paragraph', text: t('email.greeting', { name: participant.name }) },
    { kind: 'paragraph', text: variant.lead === 'custom' ? (props.message ?? '') : t(variant.lead, values) },
  ]
  if (variant.lead !== 'custom' && props.message) {
    blocks.push({ kind: 'paragraph', text: `${t('email.organiserMessage')} ${props.message}` })
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
  if (!variant.erased) {
    blocks.push({ kind: 'button', intro: t('email.manage'), label: t('email.manageButton'), href: props.manageUrl })
  }
  const footer = t('email.footer', { organiser: session.organiserName, organiserEmail: session.organiserEmail })
  const { html, text } = renderLayout({ lang: locale, title: subject, blocks, footer })

  const description = calendarDescription(props, locale)
  return {
    subject,
    html,
    text,
    icalEvent: method
      ? {
          method,
          content: buildInvite(props, method, description, createdAt),
          filename: method === 'CANCEL' ? 'cancel.ics' : 'invite.ics',
        }
      : undefined,
  }
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
