import { translator } from '~/i18n/intl'
import type { Locale } from '~/i18n/locales'
import { renderLayout } from './layout'
import type { RenderedEmail, SignInEmailProps } from './types'

/**
 * The sign-in link; an invitation to join as an organiser is a sign-in link with a welcome.
 * It must not read like phishing: a greeting, who sends it (the site by name and address) and
 * why, what to do and how long the link works, and what we never ask for.
 */
export function signInEmail(props: SignInEmailProps, locale: Locale): RenderedEmail {
  const t = translator(locale)
  const site = t('site.name')
  // The address the link leads to, as the reader can check it in the browser.
  const host = new URL(props.signInUrl).host
  const invited = props.invitedTo !== undefined
  const subject = invited ? t('email.invited.subject', { organiser: props.invitedTo ?? '' }) : t('email.signIn.subject', { site })
  const lead = invited
    ? t('email.invited.lead', { organiser: props.invitedTo ?? '', site, host })
    : props.email
      ? t('email.signIn.leadFor', { site, host, email: props.email })
      : t('email.signIn.lead', { site, host })
  const { html, text } = renderLayout({
    lang: locale,
    title: subject,
    blocks: [
      { kind: 'paragraph', text: t('email.greetingNoName') },
      { kind: 'paragraph', text: lead },
      {
        kind: 'button',
        intro: t('email.signIn.intro', { minutes: props.validMinutes, host }),
        label: t('email.signIn.button'),
        href: props.signInUrl,
      },
      { kind: 'paragraph', text: t('email.signIn.never') },
      { kind: 'paragraph', text: t('email.signIn.notYou') },
    ],
    footer: t('email.signIn.footer', { site, host }),
  })
  return { subject, html, text }
}
