import type { ActionFunctionArgs, HeadersFunction, LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { Link, useActionData, useLoaderData } from '@remix-run/react'
import { AlternativeSession } from '~/components/AlternativeSession'
import { Breadcrumbs } from '~/components/Breadcrumbs'
import { RegistrationFormFields } from '~/components/RegistrationFormFields'
import { SessionSummaryBox } from '~/components/SessionSummaryBox'
import { translator, useLocale, useT, type MessageId } from '~/i18n/intl'
import { getLocale } from '~/i18n/locale.server'
import { wakeOutbox } from '~/jobs/outbox-worker.server'
import { parseRegistrationForm } from '~/models/registration-form.server'
import { bookingPrefill } from '~/models/my-bookings.server'
import { getBookingPage, requestBooking } from '~/models/sessions.server'
import { formatDateTime } from '~/utils/dates'
import { getDb } from '~/utils/db.server'
import { getEnv } from '~/utils/env.server'
import { parseId } from '~/utils/fields.server'
import { localeFromMatches, pageMeta } from '~/utils/meta'
import { formError, invalidForm, readForm } from '~/web/forms.server'
import { redirectWithNotice } from '~/web/notices.server'
import { useRedirectNotice } from '~/web/notices'
import { orNotFound, orRefuse } from '~/web/refusals.server'
import { getUser } from '~/web/user-session.server'

/** The 429's message (decision 011): too many bookings from this IP address. */
const TOO_MANY: MessageId = 'booking.tooMany.text'

export async function loader({ request, params }: LoaderFunctionArgs) {
  const sessionId = orNotFound(parseId(params.sessionId))
  const page = orNotFound(await getBookingPage(getDb(), { sessionId, now: new Date() }))
  // Someone signed in finds the form filled in from their account.
  const user = await getUser(request)
  return { ...page, prefill: user ? await bookingPrefill(getDb(), user) : null }
}

// Remix drops an action's headers unless the route passes them on: the 429's Retry-After,
// on top of what the root sends (Vary).
export const headers: HeadersFunction = ({ actionHeaders, parentHeaders }) => {
  const headers = new Headers(parentHeaders)
  const retryAfter = actionHeaders.get('Retry-After')
  if (retryAfter) headers.set('Retry-After', retryAfter)
  return headers
}

export async function action({ request, params, context }: ActionFunctionArgs) {
  const sessionId = orNotFound(parseId(params.sessionId))
  const form = await readForm(request)
  const now = new Date()
  const parsed = parseRegistrationForm(form, now)
  if (!parsed.ok) return invalidForm(parsed)

  const env = getEnv()
  const result = orRefuse(
    await requestBooking(getDb(), {
      sessionId,
      form: parsed.data,
      locale: getLocale(request),
      ip: context.clientIp,
      limits: {
        perIp: env.BOOKING_LIMIT_PER_IP,
        perIpAndSession: env.BOOKING_LIMIT_PER_IP_SESSION,
        windowMinutes: env.BOOKING_LIMIT_WINDOW_MINUTES,
      },
      now,
      appUrl: env.APP_URL,
    }),
  )
  const { values } = parsed
  switch (result.kind) {
    case 'too_many':
      return formError(TOO_MANY, {
        status: 429,
        headers: { 'Retry-After': String(result.retryAfterSeconds) },
        values,
        messageValues: { minutes: Math.ceil(result.retryAfterSeconds / 60) },
      })
    case 'birth_date_required':
      return invalidForm({ errors: { dateOfBirth: 'registration.error.dateOfBirth' }, values })
    case 'refused':
      return formError(`booking.refused.${result.reason}`, { status: 409, values })
    // A new booking and one with an address already booked get the same answer (the
    // manage link of a new one would also hand it to whoever typed the address): the
    // confirmation, or the existing booking's link again, goes only to the mailbox.
    case 'duplicate':
    case 'registered':
      wakeOutbox()
      return redirectWithNotice(`/sessions/${sessionId}/book`, { sent: 1 })
  }
}

export const meta: MetaFunction<typeof loader> = ({ data, matches }) => {
  const t = translator(localeFromMatches(matches))
  if (!data) return pageMeta(matches, t('notFound.title'))
  return pageMeta(matches, `${t('booking.title')}: ${data.workshop.title}`)
}

export default function BookSession() {
  const { session, workshop, alternative, prefill } = useLoaderData<typeof loader>()
  const actionData = useActionData<typeof action>()
  const t = useT()
  const locale = useLocale()
  const tooMany = actionData?.formError === TOO_MANY
  const { state } = session.availability
  // Refused by the answer to the form, or by how the session stands now.
  const refusal =
    actionData?.formError && !tooMany
      ? actionData.formError
      : state === 'open' || state === 'full'
        ? undefined
        : (`booking.refused.${state}` as const)
  const full = !refusal && state === 'full'
  // After a booking the page says the same to everyone: the last seat just taken must not read
  // as "you are on the waiting list".
  const sent = useRedirectNotice('sent').sent === '1'
  const lang = workshop.language === locale ? undefined : workshop.language
  return (
    <div className="narrow">
      <Breadcrumbs
        items={[
          { label: t('site.nav.workshops'), to: '/workshops' },
          { label: workshop.title, to: `/workshops/${workshop.slug}`, lang: lang },
          { label: t('booking.breadcrumb') },
        ]}
      />
      <h1>{full && !sent ? t('booking.titleWaitlist') : t('booking.title')}</h1>
      <SessionSummaryBox session={session} title={workshop.title} lang={lang} />

      {tooMany ? (
        <div className="notice notice--warning" role="alert">
          <h2>{t('booking.tooMany.title')}</h2>
          <p>{t(TOO_MANY, actionData.formErrorValues)}</p>
        </div>
      ) : null}

      {sent ? (
        <div className="notice notice--success" role="status">
          <h2>{t('booking.sent.title')}</h2>
          <p>{t('booking.sent.text')}</p>
          <p>{t('booking.sent.spam')}</p>
          <p>
            <Link to={`/workshops/${workshop.slug}`}>{t('booking.sent.back')}</Link>
          </p>
        </div>
      ) : !refusal ? (
        <>
          {full ? <p className="notice notice--info">{t('booking.fullNotice')}</p> : null}
          {full && alternative ? <AlternativeSession session={alternative} /> : null}
          {prefill && !actionData ? (
            <p className="hint">{t(prefill.fullName ? 'booking.prefilled' : 'booking.prefilledEmail')}</p>
          ) : null}
          <RegistrationFormFields
            values={actionData?.values ?? prefill ?? undefined}
            errors={actionData?.errors}
            submitLabel={full ? t('booking.submitWaitlist') : t('booking.submit')}
            askBirthDate={workshop.requiresBirthDate}
          />
        </>
      ) : (
        <div className="notice notice--warning" role="alert">
          <h2>{t('booking.refused.title')}</h2>
          <p>
            {t(refusal, {
              date: session.availability.opensAt ? formatDateTime(session.availability.opensAt, locale) : '',
            })}
          </p>
          <p>
            <Link to={`/workshops/${workshop.slug}`}>{t('booking.otherSessions')}</Link>
          </p>
        </div>
      )}
      {refusal && !sent && alternative ? <AlternativeSession session={alternative} /> : null}
    </div>
  )
}

export { ErrorBoundary } from '~/components/RouteErrorBoundary'
