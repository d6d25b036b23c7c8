import {
  data,
  redirect,
  type ActionFunctionArgs,
  type HeadersFunction,
  type LoaderFunctionArgs,
  type MetaFunction,
} from '@remix-run/node'
import { Link, useActionData, useLoaderData, useSearchParams } from '@remix-run/react'
import { RegistrationFormFields } from '~/components/RegistrationFormFields'
import { SessionSummaryBox } from '~/components/SessionSummaryBox'
import { Breadcrumbs } from '~/components/Breadcrumbs'
import { translator, useLocale, useT } from '~/i18n/intl'
import { getLocale } from '~/i18n/locale.server'
import { takeBookingAllowance } from '~/models/rate-limits.server'
import { parseRegistrationForm, type RegistrationFormErrors, type RegistrationFormValues } from '~/models/registration-form'
import { registerForSession } from '~/models/registrations.server'
import { getBookingPage } from '~/models/sessions.server'
import { parseId } from '~/utils/fields'
import type { AvailabilityState } from '~/models/session-availability'
import { formatDateTime } from '~/utils/dates'
import { getDb } from '~/utils/db.server'
import { getEnv } from '~/utils/env.server'
import { readForm } from '~/web/forms.server'
import { localeFromMatches, pageMeta } from '~/utils/meta'
import { wakeOutbox } from '~/jobs/outbox-worker.server'

async function loadPage(sessionIdParam: string | undefined) {
  const sessionId = parseId(sessionIdParam)
  const page = sessionId ? await getBookingPage(getDb(), { sessionId, now: new Date() }) : undefined
  if (!sessionId || !page) throw new Response('Session not found', { status: 404 })
  return { sessionId, page }
}

export async function loader({ params }: LoaderFunctionArgs) {
  return (await loadPage(params.sessionId)).page
}

type ActionData = {
  errors?: RegistrationFormErrors
  values: Partial<RegistrationFormValues>
  refused?: AvailabilityState
  /** Set with a 429: too many bookings from this IP address (decision 011). */
  retryAfterMinutes?: number
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
  // registerForSession looks the session up itself, inside its transaction.
  const sessionId = parseId(params.sessionId)
  if (!sessionId) throw new Response('Session not found', { status: 404 })
  const form = await readForm(request)
  const now = new Date()
  const parsed = parseRegistrationForm(form, now)
  if (!parsed.ok) return data<ActionData>({ errors: parsed.errors, values: parsed.values }, { status: 400 })

  // What cannot be booked anyway costs no allowance and writes nothing; registerForSession
  // checks again inside its transaction.
  const { page } = await loadPage(params.sessionId)
  const state = page.session.availability.state
  if (state !== 'open' && state !== 'full') return data<ActionData>({ refused: state, values: parsed.values }, { status: 409 })

  const env = getEnv()
  const allowance = await takeBookingAllowance(getDb(), {
    ip: context.clientIp,
    sessionId,
    limits: {
      perIp: env.BOOKING_LIMIT_PER_IP,
      perIpAndSession: env.BOOKING_LIMIT_PER_IP_SESSION,
      windowMinutes: env.BOOKING_LIMIT_WINDOW_MINUTES,
    },
    now,
  })
  if (!allowance.ok) {
    return data<ActionData>(
      { values: parsed.values, retryAfterMinutes: Math.ceil(allowance.retryAfterSeconds / 60) },
      { status: 429, headers: { 'Retry-After': String(allowance.retryAfterSeconds) } },
    )
  }

  const result = await registerForSession(getDb(), {
    sessionId,
    form: parsed.data,
    locale: getLocale(request),
    now,
    appUrl: env.APP_URL,
  })
  switch (result.kind) {
    case 'not_found':
      throw new Response('Session not found', { status: 404 })
    case 'birth_date_required':
      return data<ActionData>(
        { errors: { dateOfBirth: 'registration.error.dateOfBirth' }, values: parsed.values },
        { status: 400 },
      )
    case 'refused':
      return data<ActionData>({ refused: result.reason, values: parsed.values }, { status: 409 })
    // A new booking and one with an address already booked get the same answer (the
    // manage link of a new one would also hand it to whoever typed the address): the
    // confirmation, or the existing booking's link again, goes only to the mailbox.
    case 'duplicate':
    case 'registered':
      wakeOutbox()
      return redirect(`/sessions/${sessionId}/book?sent=1`, 303)
  }
}

export const meta: MetaFunction<typeof loader> = ({ data, matches }) => {
  const t = translator(localeFromMatches(matches))
  if (!data) return pageMeta(matches, t('notFound.title'))
  return pageMeta(matches, `${t('booking.title')}: ${data.workshop.title}`)
}

export default function BookSession() {
  const { session, workshop } = useLoaderData<typeof loader>()
  const actionData = useActionData<typeof action>() as ActionData | undefined
  const [searchParams] = useSearchParams()
  const t = useT()
  const locale = useLocale()
  const state = actionData?.refused ?? session.availability.state
  const full = state === 'full'
  // After a booking the page says the same to everyone: the last seat just taken must not read
  // as "you are on the waiting list".
  const sent = searchParams.get('sent') === '1'
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

      {actionData?.retryAfterMinutes ? (
        <div className="notice notice--warning" role="alert">
          <h2>{t('booking.tooMany.title')}</h2>
          <p>{t('booking.tooMany.text', { minutes: actionData.retryAfterMinutes })}</p>
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
      ) : state === 'open' || state === 'full' ? (
        <>
          {full ? <p className="notice notice--info">{t('booking.fullNotice')}</p> : null}
          <RegistrationFormFields
            values={actionData?.values ?? {}}
            errors={actionData?.errors ?? {}}
            submitLabel={full ? t('booking.submitWaitlist') : t('booking.submit')}
            askBirthDate={workshop.requiresBirthDate}
          />
        </>
      ) : (
        <div className="notice notice--warning" role="alert">
          <h2>{t('booking.refused.title')}</h2>
          <p>
            {t(`booking.refused.${state}`, {
              date: session.availability.opensAt ? formatDateTime(session.availability.opensAt, locale) : '',
            })}
          </p>
          <p>
            <Link to={`/workshops/${workshop.slug}`}>{t('booking.otherSessions')}</Link>
          </p>
        </div>
      )}
    </div>
  )
}

export { ErrorBoundary } from '~/components/RouteErrorBoundary'
