import type { Locale } from '~/i18n/locales'
import {
  registrationCancelled,
  registrationConfirmed,
  registrationLink,
  registrationPromoted,
  registrationWaitlisted,
} from './registration'
import type { RegistrationEmailProps, RenderedEmail } from './types'

/** Every e-mail the app sends, by the name the outbox stores. */
export const emailTemplates = {
  'registration.confirmed': registrationConfirmed,
  'registration.promoted': registrationPromoted,
  'registration.waitlisted': registrationWaitlisted,
  'registration.cancelled': registrationCancelled,
  'registration.link': registrationLink,
} satisfies Record<string, (props: RegistrationEmailProps, locale: Locale) => RenderedEmail>

export type EmailTemplateName = keyof typeof emailTemplates

export function isEmailTemplateName(name: string): name is EmailTemplateName {
  return Object.hasOwn(emailTemplates, name)
}

export function renderEmail(template: EmailTemplateName, props: RegistrationEmailProps, locale: Locale): RenderedEmail {
  return emailTemplates[template](props, locale)
}

export type { RegistrationEmailProps, RenderedEmail } from './types'
