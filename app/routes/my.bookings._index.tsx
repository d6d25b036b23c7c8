import type { LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { Form, useLoaderData } from '@remix-run/react'
import { translator, useLocale, useT } from '~/i18n/intl'
import { listMyBookings, type MyBooking } from '~/models/my-bookings.server'
import { worksheetsForRegistration } from '~/models/worksheets.server'
import { requireUser } from '~/web/user-session.server'
import { formatTimeRange } from '~/utils/dates'
import { getDb } from '~/utils/db.server'
import { localeFromMatches, pageMeta } from '~/utils/meta'

export const meta: MetaFunction = ({ matches }) => pageMeta(matches, translator(localeFromMatches(matches))('my.title'))

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireUser(request)
  const bookings = await listMyBookings(getDb(), { email: user.email, now: new Date() })
  // Worksheets of every workshop booked, once each, as far as each booking allows.
  const worksheets = new Map<number, { id: number; title: string; workshopTitle: string }>()
  for (const booking of bookings.filter((b) => b.status !== 'cancelled')) {
    for (const w of await worksheetsForRegistration(getDb(), booking.id))
      worksheets.set(w.id, { id: w.id, title: w.title, workshopTitle: w.workshopTitle })
  }
  return { email: user.email, bookings, worksheets: [...worksheets.values()] }
}

export const headers = () => ({ 'Cache-Control': 'no-store' })

export default function MyBookings() {
  const { email, bookings, worksheets } = useLoaderData<typeof loader>()
  const t = useT()
  const upcoming = bookings.filter((b) => !b.started && b.status !== 'cancelled' && !b.sessionCancelled)
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
      {worksheets.length > 0 ? (
        <section aria-labelledby="worksheets-heading">
          <h2 id="worksheets-heading">{t('worksheets.yours')}</h2>
          <ul>
            {worksheets.map((w) => (
              <li key={w.id}>
                <a href={`/worksheets/${w.id}/download`}>{w.title}</a> <span className="muted">({w.workshopTitle})</span>
              </li>
            ))}
          </ul>
        </section>
      ) : null}
      {past.length > 0 ? (
        <section aria-labelledby="past-heading">
          <h2 id="past-heading">{t('my.past')}</h2>
          <BookingList bookings={past} />
        </section>
      ) : null}
    </div>
  )
}

function BookingList({ bookings }: { bookings: MyBooking[] }) {
  const t = useT()
  const locale = useLocale()
  return (
    <ul className="session-list">
      {bookings.map((b) => (
        <li key={b.id} className="session">
          <div>
            <strong>{b.workshopTitle}</strong>
            <br />
            <time dateTime={b.startsAt}>{formatTimeRange(b.startsAt, b.endsAt, locale)}</time>
            {b.place ? `, ${b.place}` : ''}
          </div>
          <div>{b.sessionCancelled ? t('my.sessionCancelled') : t(`my.status.${b.status}`)}</div>
          <div className="actions actions--tight">
            {/* A manage link is minted on request: only hashes of links are stored. */}
            <Form method="post" action={`/my/bookings/${b.id}`} className="inline-form">
              <button type="submit" name="intent" value="manage" className="button button--secondary">
                {t('my.manage')}
                <span className="visually-hidden">: {b.workshopTitle}</span>
              </button>
              {b.status !== 'cancelled' && !b.started && !b.sessionCancelled ? (
                <button type="submit" name="intent" value="cancel" className="button button--secondary">
                  {t('my.cancel')}
                  <span className="visually-hidden">: {b.workshopTitle}</span>
                </button>
              ) : null}
            </Form>
            {b.hasCertificate ? (
              <a href={`/my/bookings/${b.id}/certificate.pdf`}>
                {t('manage.certificate')}
                <span className="visually-hidden">: {b.workshopTitle}</span>
              </a>
            ) : null}
            {b.status === 'confirmed' && !b.sessionCancelled && !b.started ? (
              <a href={`/my/bookings/${b.id}/invite.ics`} download>
                {t('my.invite')}
                <span className="visually-hidden">: {b.workshopTitle}</span>
              </a>
            ) : null}
          </div>
        </li>
      ))}
    </ul>
  )
}
