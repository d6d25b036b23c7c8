import { useId } from 'react'
import { useT } from '~/i18n/intl'

/** A feed's two addresses (app/web/calendar-feeds.server.ts builds them). */
export type FeedLinks = { webcal: string; https: string }

/**
 * Subscribing to a calendar feed: a webcal: link, which opens the calendar app where one is
 * set up, and the plain https address beside it for calendars that take only a pasted URL.
 */
export function CalendarSubscribe({ links, help, headingLevel = 2 }: { links: FeedLinks; help?: string; headingLevel?: 2 | 3 }) {
  const t = useT()
  const id = useId()
  const Heading = headingLevel === 2 ? 'h2' : 'h3'
  return (
    <section className="calendar-subscribe" aria-labelledby={`${id}-heading`}>
      <Heading id={`${id}-heading`}>{t('feeds.subscribe.heading')}</Heading>
      {help ? <p>{help}</p> : null}
      <p>
        <a className="button button--secondary" href={links.webcal}>
          {t('feeds.subscribe.webcal')}
        </a>
      </p>
      <p className="calendar-subscribe__address">
        <span id={`${id}-address`}>{t('feeds.subscribe.address')}: </span>
        <a href={links.https} aria-describedby={`${id}-address-hint`}>
          {links.https}
        </a>
      </p>
      <p className="hint" id={`${id}-address-hint`}>
        {t('feeds.subscribe.addressHint')}
      </p>
    </section>
  )
}
