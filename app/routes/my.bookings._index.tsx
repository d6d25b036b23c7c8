import type { LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { Form, Link, useLoaderData } from '@remix-run/react'
import { WorksheetLinks } from '~/components/WorksheetLinks'
import { translator, useLocale, useT } from '~/i18n/intl'
import { getMyBookings, type MyBooking } from '~/models/my-bookings.server'
import { formatTimeRange } from '~/utils/dates'
import { getDb } from '~/utils/db.server'
import { localeFromMatches, pageMeta } from '~/utils/meta'
import { requireUser } from '~/web/user-session.server'

export const meta: MetaFunction = ({ matches }) => pageMeta(matches, translator(localeFromMatches(matches))('my.title'))

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireUser(request)
  return { email: user.email, ...(await getMyBookings(getDb(), { email: user.email, now: new Date() })) }
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
      <p>
        <Link to="/my/data">{t('my.data')}</Link>
      </p>
    </div>
  )
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

function BookingItem({ booking }: { booking: MyBooking }) {
  const t = useT()
  const locale = useLocale()
  const { id, status, session } = booking
  const about = <span className="visually-hidden">: {session.workshopTitle}</span>
  return (
    <li className="session">
      <div>
        <strong>{session.workshopTitle}</strong>
        <br />
        <time dateTime={session.startsAt}>{formatTimeRange(session.startsAt, session.endsAt, locale)}</time>
        {session.venueName ? `, ${session.venueName}` : ''}
      </div>
      <div>{session.cancelled ? t('my.sessionCancelled') : t(`my.status.${status}`)}</div>
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
