import { translator } from '~/i18n/intl'
import type { Locale } from '~/i18n/locales'
import { renderLayout } from './layout'
import type { RenderedEmail, SignInEmailProps } from './types'

/** The sign-in link; an invitation to join as an organiser is a sign-in link with a welcome. */
export function signInEmail(props: SignInEmailProps, locale: Locale): RenderedEmail {
  const t = translator(locale)
  const invited = props.invitedTo !== undefined
  const subject = invited ? t('email.invited.subject', { organiser: props.invitedTo ?? '' }) : t('email.signIn.subject')
  const { html, text } = renderLayout({
    lang: locale,
    title: subject,
    blocks: [
      {
        kind: 'paragraph',
        text: invited ? t('email.invited.lead', { organiser: props.invitedTo ?? '' }) : t('email.signIn.lead'),
      },
      {
        kind: 'button',
        intro: t('email.signIn.intro', { minutes: props.validMinutes }),
        label: t('email.signIn.button'),
        href: props.signInUrl,
      },
      { kind: 'paragraph', text: t('email.signIn.notYou') },
    ],
    footer: t('email.signIn.footer'),
  })
  return { subject, html, text }
}
