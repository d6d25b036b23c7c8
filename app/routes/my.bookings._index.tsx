import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { Form, Link, useActionData, useLoaderData } from '@remix-run/react'
import { CalendarSubscribe, type FeedLinks } from '~/components/CalendarSubscribe'
import { WorksheetLinks } from '~/components/WorksheetLinks'
import { translator, useLocale, useT } from '~/i18n/intl'
import { getLocale } from '~/i18n/locale.server'
import { getPersonalFeedState, renewPersonalFeed, stopPersonalFeed } from '~/models/calendar-feeds.server'
import { getMyBookings, type MyBooking } from '~/models/my-bookings.server'
import { formatDate } from '~/utils/dates'
import { getDb } from '~/utils/db.server'
import { localeFromMatches, pageMeta } from '~/utils/meta'
import { formAnswer } from '~/web/action-data'
import { personalFeedLinks } from '~/web/calendar-feeds.server'
import { doneInPlace, readForm } from '~/web/forms.server'
import { useRedirectNotice } from '~/web/notices'
import { redirectWithNotice } from '~/web/notices.server'
import { refuse } from '~/web/refusals.server'
import { requireUser } from '~/web/user-session.server'
import { TimeRange } from '~/components/TimeRange'

export const meta: MetaFunction = ({ matches }) => pageMeta(matches, translator(localeFromMatches(matches))('my.title'))

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireUser(request)
  const [bookings, feed] = await Promise.all([
    getMyBookings(getDb(), { email: user.email, now: new Date() }),
    getPersonalFeedState(getDb(), user.id),
  ])
  return { email: user.email, ...bookings, feed }
}

/** The private calendar feed: a new secret address (shown once, in place), or none. */
const FEED_INTENT = { renew: 'renew-feed', stop: 'stop-feed' } as const

export async function action({ request }: ActionFunctionArgs) {
  const user = await requireUser(request)
  const intent = (await readForm(request)).get('intent')
  if (intent === FEED_INTENT.renew) {
    const { token } = await renewPersonalFeed(getDb(), { userId: user.id, now: new Date() })
    // Only the hash is stored, so this answer is the one place the address is ever shown.
    return doneInPlace({ id: 'my.feed.created', values: personalFeedLinks(token, getLocale(request)) }, { intent })
  }
  if (intent === FEED_INTENT.stop) {
    await stopPersonalFeed(getDb(), { userId: user.id })
    return redirectWithNotice('/my/bookings', { feedStopped: 1 }, { hash: 'calendar-feed' })
  }
  return refuse('bad_request')
}

export const headers = () => ({ 'Cache-Control': 'no-store' })

export default function MyBookings() {
  const { email, bookings, worksheets } = useLoaderData<typeof loader>()
  const t = useT()
  const upcoming = bookings.filter(isUpcoming)
  const past = bookings.filter((b) => !upcoming.includes(b))
  return (
    <div className="narrow">
      <h1>{t('my.title')}</h1>
      <p>{t('my.intro', { email })}</p>
      {bookings.length === 0 ? <p>{t('my.empty')}</p> : null}
      {upcoming.length > 0 ? (
        <section aria-labelledby="upcoming-heading">
          <h2 id="upcoming-heading">{t('my.upcoming')}</h2>
          <BookingList bookings={upcoming} />
        </section>
      ) : null}
      <WorksheetLinks worksheets={worksheets} href={(id) => `/worksheets/${id}/download`} />
      {past.length > 0 ? (
        <section aria-labelledby="past-heading">
          <h2 id="past-heading">{t('my.past')}</h2>
          <BookingList bookings={past} />
        </section>
      ) : null}
      <PersonalFeed />
      <p>
        <Link to="/my/data">{t('my.data')}</Link>
      </p>
    </div>
  )
}

function PersonalFeed() {
  const { feed } = useLoaderData<typeof loader>()
  const t = useT()
  const locale = useLocale()
  const created = createdLinks(formAnswer(useActionData<typeof action>(), FEED_INTENT.renew).notice?.values)
  const { feedStopped } = useRedirectNotice('feedStopped')
  const exists = Boolean(created || feed)
  return (
    <section aria-labelledby="calendar-feed-heading" id="calendar-feed">
      <h2 id="calendar-feed-heading">{t('my.feed.heading')}</h2>
      <p>{t('my.feed.intro')}</p>
      {created ? (
        <>
          <p className="notice notice--success" role="status">
            {t('my.feed.created')}
          </p>
          <CalendarSubscribe links={created} headingLevel={3} />
        </>
      ) : feed ? (
        <p>{t('my.feed.exists', { date: formatDate(feed.createdAt, locale) })}</p>
      ) : null}
      {feedStopped ? (
        <p className="notice notice--success" role="status">
          {t('my.feed.stopped')}
        </p>
      ) : null}
      <Form method="post" className="inline-form">
        {exists ? <p className="hint">{t('my.feed.renewHint')}</p> : null}
        <button type="submit" name="intent" value={FEED_INTENT.renew} className="button">
          {exists ? t('my.feed.renew') : t('my.feed.create')}
        </button>{' '}
        {exists ? (
          <button type="submit" name="intent" value={FEED_INTENT.stop} className="button button--secondary">
            {t('my.feed.stop')}
          </button>
        ) : null}
      </Form>
    </section>
  )
}

function createdLinks(values: Record<string, string | number> | undefined): FeedLinks | undefined {
  if (typeof values?.webcal !== 'string' || typeof values.https !== 'string') return undefined
  return { webcal: values.webcal, https: values.https }
}

function BookingList({ bookings }: { bookings: MyBooking[] }) {
  return (
    <ul className="session-list">
      {bookings.map((b) => (
        <BookingItem key={b.id} booking={b} />
      ))}
    </ul>
  )
}

/** What a booking's card looks like: only a seat still ahead is green. */
function bookingLook(b: MyBooking): 'confirmed' | 'waitlisted' | 'cancelled' | 'past' {
  if (b.status === 'cancelled' || b.session.cancelled) return 'cancelled'
  if (b.session.started) return 'past'
  return b.status
}

function BookingItem({ booking }: { booking: MyBooking }) {
  const t = useT()
  const { id, status, session } = booking
  const about = <span className="visually-hidden">: {session.workshopTitle}</span>
  const look = bookingLook(booking)
  return (
    <li className={`session booking booking--${look}`}>
      <div>
        <strong>{session.workshopTitle}</strong>
        <br />
        <TimeRange startsAt={session.startsAt} endsAt={session.endsAt} />
        {session.venueName ? `, ${session.venueName}` : ''}
      </div>
      <div className="booking__status">{session.cancelled ? t('my.sessionCancelled') : t(`my.status.${status}`)}</div>
      <div className="actions actions--tight">
        {/* A manage link is minted on request: only hashes of links are stored. */}
        <Form method="post" action={`/my/bookings/${id}`} className="inline-form">
          <button type="submit" name="intent" value="manage" className="button button--secondary">
            {t('my.manage')}
            {about}
          </button>
          {isUpcoming(booking) ? (
            <button type="submit" name="intent" value="cancel" className="button button--secondary">
              {t('my.cancel')}
              {about}
            </button>
          ) : null}
        </Form>
        {booking.hasCertificate ? (
          <a href={`/my/bookings/${id}/certificate.pdf`}>
            {t('manage.certificate')}
            {about}
          </a>
        ) : null}
        {status === 'confirmed' && !session.cancelled && !session.started ? (
          <a href={`/my/bookings/${id}/invite.ics`} download>
            {t('my.invite')}
            {about}
          </a>
        ) : null}
      </div>
    </li>
  )
}

/** A booking still ahead: it can be cancelled, and it is listed first. */
function isUpcoming(b: MyBooking) {
  return b.status !== 'cancelled' && !b.session.started && !b.session.cancelled
}
