import type { Locale } from '~/i18n/locales'
import { signInEmail } from './auth'
import { registrationEmails } from './registration'
import type { RegistrationEmailProps, RenderedEmail, SignInEmailProps } from './types'

/** Every e-mail the app sends, by the name the outbox stores. */
export const emailTemplates = {
  'registration.confirmed': registrationEmails.confirmed,
  'registration.promoted': registrationEmails.promoted,
  'registration.waitlisted': registrationEmails.waitlisted,
  'registration.cancelled': registrationEmails.cancelled,
  'registration.link': registrationEmails.link,
  'registration.updated': registrationEmails.updated,
  'registration.moved': registrationEmails.moved,
  'registration.session-cancelled': registrationEmails.sessionCancelled,
  'registration.cancelled-by-organiser': registrationEmails.cancelledByOrganiser,
  'registration.message': registrationEmails.message,
  'registration.certificate': registrationEmails.certificate,
  'registration.reminder': registrationEmails.reminder,
  'registration.promoted-late': registrationEmails.promotedLate,
  'registration.still-coming': registrationEmails.stillComing,
  'registration.released': registrationEmails.released,
  'registration.feedback': registrationEmails.feedback,
  'registration.missed': registrationEmails.missed,
  'registration.erased': registrationEmails.erased,
  'registration.waitlist-changed': registrationEmails.waitlistChanged,
  'registration.recorded': registrationEmails.recorded,
  'auth.sign-in': signInEmail,
} satisfies Record<
  string,
  | ((props: RegistrationEmailProps, locale: Locale, createdAt: Date) => RenderedEmail)
  | ((props: SignInEmailProps, locale: Locale, createdAt: Date) => RenderedEmail)
>

export type EmailTemplateName = keyof typeof emailTemplates

/** The e-mails that can carry a calendar invitation (REQUEST or CANCEL), and so a calendar link. */
const INVITE_TEMPLATES: ReadonlySet<EmailTemplateName> = new Set<EmailTemplateName>([
  'registration.confirmed',
  'registration.promoted',
  'registration.promoted-late',
  'registration.released',
  'registration.cancelled',
  'registration.updated',
  'registration.moved',
  'registration.session-cancelled',
  'registration.cancelled-by-organiser',
])

export function mayCarryInvite(template: EmailTemplateName): boolean {
  return INVITE_TEMPLATES.has(template)
}
export type EmailProps<T extends EmailTemplateName> = Parameters<(typeof emailTemplates)[T]>[0]

export function isEmailTemplateName(name: string): name is EmailTemplateName {
  return Object.hasOwn(emailTemplates, name)
}

/** `createdAt`: when the e-mail was queued, which is when its calendar invitation was made. */
export function renderEmail<T extends EmailTemplateName>(
  template: T,
  props: EmailProps<T>,
  locale: Locale,
  createdAt: Date,
): RenderedEmail {
  return (emailTemplates[template] as (props: EmailProps<T>, locale: Locale, createdAt: Date) => RenderedEmail)(
    props,
    locale,
    createdAt,
  )
}

/** Replies to registration e-mails go to the workshop's organiser. */
export function replyToFor(props: unknown): string | undefined {
  const session = (props as { session?: { organiserEmail?: unknown } } | null)?.session
  return typeof session?.organiserEmail === 'string' ? session.organiserEmail : undefined
}

export type { RegistrationEmailProps, RenderedEmail, SignInEmailProps } from './types'
