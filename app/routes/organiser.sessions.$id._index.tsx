import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node'
import { Form, Link, useActionData, useLoaderData, useSearchParams } from '@remix-run/react'
import { SessionFormFields } from '~/components/SessionFormFields'
import { TextField } from '~/components/TextField'
import { Breadcrumbs } from '~/components/Breadcrumbs'
import { translator, useLocale, useT } from '~/i18n/intl'
import { cancelSession, parseSessionForm, sessionFormValues, updateSession } from '~/models/organiser-sessions.server'
import { formatTimeRange } from '~/utils/dates'
import { getDb } from '~/utils/db.server'
import { getEnv } from '~/utils/env.server'
import { readForm } from '~/web/forms.server'
import { localeFromMatches, pageMeta } from '~/utils/meta'
import { requireManagedSession } from '~/web/guards.server'
import { wakeOutbox } from '~/jobs/outbox-worker.server'

export const meta: MetaFunction = ({ matches }) => pageMeta(matches, translator(localeFromMatches(matches))('sf.titleEdit'))
export const headers = () => ({ 'Cache-Control': 'no-store' })

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { session } = await requireManagedSession(request, params.id)
  return {
    session: {
      id: session.id,
      workshopId: session.workshop_id,
      workshopTitle: session.workshop_title,
      startsAt: session.starts_at,
      endsAt: session.ends_at,
      cancelled: session.status === 'cancelled',
      cancellationMessage: session.cancellation_message,
    },
    values: sessionFormValues(session),
  }
}

export async function action({ request, params }: ActionFunctionArgs) {
  const { user, session } = await requireManagedSession(request, params.id)
  const form = await readForm(request)
  const context = { now: new Date(), appUrl: getEnv().APP_URL }
  if (form.get('intent') === 'cancel') {
    const message = String(form.get('cancelMessage') ?? '')
      .trim()
      .slice(0, 2000)
    const result = await cancelSession(getDb(), { sessionId: session.id, message, user, ...context })
    wakeOutbox()
    const notified = result.kind === 'cancelled' ? result.notified : 0
    return redirect(`/organiser/sessions/${session.id}?cancelled=${notified}`, 303)
  }
  const parsed = parseSessionForm(form)
  if (!parsed.ok) return data({ values: parsed.values, errors: parsed.errors }, { status: 400 })
  const result = await updateSession(getDb(), { sessionId: session.id, input: parsed.data, user, ...context })
  switch (result.kind) {
    case 'updated':
      wakeOutbox()
      return redirect(
        `/organiser/sessions/${session.id}?notified=${result.notified}&promoted=${result.promoted}${result.messageUnsent ? '&unsent=1' : ''}`,
        303,
      )
    case 'capacity_below_confirmed':
      // The count goes to the page, which words the message in the reader's language.
      return data({ values: parsed.values, errors: { capacity: `capacity:${result.confirmed}` } }, { status: 400 })
    case 'cancelled_session':
      return data({ values: parsed.values, errors: { date: 'sessionForm.error.cancelled' } }, { status: 409 })
    default:
      throw new Response(result.kind, { status: result.kind === 'forbidden' ? 403 : 404 })
  }
}

export default function EditSession() {
  const { session, values } = useLoaderData<typeof loader>()
  const actionData = useActionData<typeof action>()
  const [params] = useSearchParams()
  const t = useT()
  const locale = useLocale()
  const errors = { ...(actionData?.errors ?? {}) } as Record<string, string>
  if (errors.capacity?.startsWith('capacity:')) {
    errors.capacity = t('sessionForm.error.capacityBelowConfirmed', { confirmed: Number(errors.capacity.slice(9)) })
  }
  const notified = params.get('notified')
  const cancelled = params.get('cancelled')
  return (
    <div className="narrow">
      <Breadcrumbs
        items={[
          { label: t('org.title'), to: '/organiser' },
          { label: session.workshopTitle, to: `/organiser/workshops/${session.workshopId}` },
          { label: formatTimeRange(session.startsAt, session.endsAt, locale) },
        ]}
      />
      <h1>{t('sf.titleEdit')}</h1>
      {notified !== null && !actionData ? (
        <div className="notice notice--success" role="status">
          <p>{t('sf.saved', { count: Number(notified) })}</p>
          {Number(params.get('promoted')) > 0 ? <p>{t('sf.promoted', { count: Number(params.get('promoted')) })}</p> : null}
          {params.get('unsent') === '1' ? <p>{t('sf.messageUnsent')}</p> : null}
        </div>
      ) : null}
      {cancelled !== null ? (
        <p className="notice notice--success" role="status">
          {t('sf.cancelledNotice', { count: Number(cancelled) })}
        </p>
      ) : null}
      <p>
        <Link to={`/organiser/sessions/${session.id}/registrations`}>{t('ses.registrations')}</Link>
        {' · '}
        <Link to={`/organiser/sessions/${session.id}/attendance`}>{t('roster.open')}</Link>
      </p>
      {session.cancelled ? (
        <p className="notice notice--warning">{t('sessionForm.error.cancelled')}</p>
      ) : (
        <>
          <SessionFormFields values={actionData?.values ?? values} errors={errors as never} editing />
          <section aria-labelledby="cancel-heading" className="danger-zone">
            <h2 id="cancel-heading">{t('sf.cancelTitle')}</h2>
            <p>{t('sf.cancelText')}</p>
            <Form method="post" noValidate>
              <input type="hidden" name="intent" value="cancel" />
              <TextField name="cancelMessage" label={t('sf.cancelMessage')} rows={3} />
              <button type="submit" className="button button--danger">
                {t('sf.cancelButton')}
              </button>
            </Form>
          </section>
        </>
      )}
    </div>
  )
}

export { ErrorBoundary } from '~/components/RouteErrorBoundary'
