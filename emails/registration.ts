import { translator, type MessageId } from '~/i18n/intl'
import type { Locale } from '~/i18n/locales'
import { formatTimeRange } from '~/utils/dates'
import { buildInvite, placeText } from './invite'
import { renderLayout, type EmailBlock } from './layout'
import type { InviteMethod, RegistrationEmailProps, RenderedEmail } from './types'

type Variant = 'confirmed' | 'promoted' | 'waitlisted' | 'cancelled' | 'link'

/** E-mails about one registration: the same facts and manage link, a different lead and invite. */
function registrationEmail(variant: Variant, props: RegistrationEmailProps, locale: Locale): RenderedEmail {
  const t = translator(locale)
  const { session, participant } = props
  const when = formatTimeRange(session.startsAt, session.endsAt, locale)
  const values = { workshop: session.workshopTitle, date: when, position: props.position ?? 0 }
  const subject = t(`email.${variant}.subject` as MessageId, values)
  const facts: [string, string][] = [
    [t('email.when'), when],
    [t('email.where'), placeText(session, '\n')],
  ]
  const blocks: EmailBlock[] = [
    { kind: 'paragraph', text: `${t('email.greeting', { name: participant.name })}` },
    { kind: 'paragraph', text: t(`email.${variant}.lead` as MessageId, values) },
    { kind: 'facts', rows: facts },
    { kind: 'button', intro: t('email.manage'), label: t('email.manageButton'), href: props.manageUrl },
  ]
  const footer = t('email.footer', { organiser: session.organiserName, organiserEmail: session.organiserEmail })
  const { html, text } = renderLayout({ lang: locale, title: subject, blocks, footer })

  const method: InviteMethod | undefined =
    variant === 'confirmed' || variant === 'promoted'
      ? 'REQUEST'
      : variant === 'cancelled' && props.wasConfirmed
        ? 'CANCEL'
        : undefined
  const description = `${t('email.manage')} ${props.manageUrl}`
  return {
    subject,
    html,
    text,
    icalEvent: method
      ? { method, content: buildInvite(props, method, description), filename: method === 'CANCEL' ? 'cancel.ics' : 'invite.ics' }
      : undefined,
  }
}

export const registrationConfirmed = (p: RegistrationEmailProps, l: Locale) => registrationEmail('confirmed', p, l)
export const registrationPromoted = (p: RegistrationEmailProps, l: Locale) => registrationEmail('promoted', p, l)
export const registrationWaitlisted = (p: RegistrationEmailProps, l: Locale) => registrationEmail('waitlisted', p, l)
export const registrationCancelled = (p: RegistrationEmailProps, l: Locale) => registrationEmail('cancelled', p, l)
export const registrationLink = (p: RegistrationEmailProps, l: Locale) => registrationEmail('link', p, l)
