import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { Form, Link, useActionData, useLoaderData } from '@remix-run/react'
import { Breadcrumbs } from '~/components/Breadcrumbs'
import { SessionFormFields } from '~/components/SessionFormFields'
import { TextField } from '~/components/TextField'
import { translator, useLocale, useT } from '~/i18n/intl'
import { wakeOutbox } from '~/jobs/outbox-worker.server'
import {
  cancelSession,
  getSessionFormValues,
  parseCancelSessionForm,
  parseSessionForm,
  updateSession,
} from '~/models/organiser-sessions.server'
import { countBookingNotes } from '~/models/organiser-registrations.server'
import { formatTimeRange } from '~/utils/dates'
import { getDb } from '~/utils/db.server'
import { getEnv } from '~/utils/env.server'
import { textValue } from '~/utils/form-values'
import { localeFromMatches, pageMeta } from '~/utils/meta'
import { formAnswer } from '~/web/action-data'
import { formError, invalidForm, readForm } from '~/web/forms.server'
import { requireManagedSession } from '~/web/guards.server'
import { redirectWithNotice } from '~/web/notices.server'
import { useRedirectNotice } from '~/web/notices'
import { orRefuse } from '~/web/refusals.server'

export const meta: MetaFunction = ({ matches }) => pageMeta(matches, translator(localeFromMatches(matches))('sf.titleEdit'))
export const headers = () => ({ 'Cache-Control': 'no-store' })

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { session } = await requireManagedSession(request, params.id)
  const db = getDb()
  return {
    session,
    values: await getSessionFormValues(db, session.id),
    notes: await countBookingNotes(db, { sessionId: session.id }),
  }
}

export async function action({ request, params }: ActionFunctionArgs) {
  const { user, session } = await requireManagedSession(request, params.id)
  const form = await readForm(request)
  const change = { sessionId: session.id, user, now: new Date(), appUrl: getEnv().APP_URL }
  const page = `/organiser/sessions/${session.id}`
  if (form.get('intent') === 'cancel') {
    const intent = 'cancel'
    const parsed = parseCancelSessionForm(form)
    if (!parsed.ok) return invalidForm(parsed, { intent })
    const result = orRefuse(await cancelSession(getDb(), { ...change, message: parsed.data.cancelMessage }))
    wakeOutbox()
    return redirectWithNotice(page, { cancelled: result.kind === 'cancelled' ? result.notified : 0 })
  }
  // The session form is the page's own: whatever else is sent is read as it, and refused there.
  const intent = 'save'
  const parsed = parseSessionForm(form)
  if (!parsed.ok) return invalidForm(parsed, { intent })
  const result = orRefuse(await updateSession(getDb(), { ...change, input: parsed.data }))
  switch (result.kind) {
    case 'updated':
      wakeOutbox()
      return redirectWithNotice(page, {
        notified: result.notified,
        waitlist: result.waitlistNotified || undefined,
        promoted: result.promoted,
        unsent: result.messageUnsent ? 1 : undefined,
      })
    case 'capacity_below_confirmed':
      return formError('sessionForm.error.capacityBelowConfirmed', {
        intent,
        values: parsed.values,
        messageValues: { confirmed: result.confirmed },
        errors: { capacity: 'sessionForm.error.capacityBelowConfirmed' },
      })
    case 'cancelled_session':
      return invalidForm({ errors: { date: 'sessionForm.error.cancelled' }, values: parsed.values }, { intent, status: 409 })
  }
}

export default function EditSession() {
  const { session, values, notes } = useLoaderData<typeof loader>()
  const actionData = useActionData<typeof action>()
  const save = formAnswer(actionData, 'save')
  const cancel = formAnswer(actionData, 'cancel')
  const { notified, waitlist, promoted, unsent, cancelled } = useRedirectNotice(
    'notified',
    'waitlist',
    'promoted',
    'unsent',
    'cancelled',
  )
  const t = useT()
  const locale = useLocale()
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
      {notified !== undefined ? (
        <div className="notice notice--success" role="status">
          <p>{t('sf.saved', { count: Number(notified) })}</p>
          {Number(waitlist) > 0 ? <p>{t('sf.waitlistNotified', { count: Number(waitlist) })}</p> : null}
          {Number(promoted) > 0 ? <p>{t('sf.promoted', { count: Number(promoted) })}</p> : null}
          {unsent === '1' ? <p>{t('sf.messageUnsent')}</p> : null}
        </div>
      ) : null}
      {cancelled !== undefined ? (
        <p className="notice notice--success" role="status">
          {t('sf.cancelledNotice', { count: Number(cancelled) })}
        </p>
      ) : null}
      <p>
        <Link to={`/organiser/sessions/${session.id}/registrations`}>{t('ses.registrations')}</Link>
        {' · '}
        <Link to={`/organiser/sessions/${session.id}/attendance`}>{t('roster.open')}</Link>
        {' · '}
        <Link to={`/organiser/sessions/${session.id}/feedback`}>{t('fb.title')}</Link>
      </p>
      {notes > 0 ? (
        <p className="booking-note">
          {t('reg.notesCount', { count: notes })}{' '}
          <Link to={`/organiser/sessions/${session.id}/registrations`}>{t('ses.notesLink')}</Link>
        </p>
      ) : null}
      {session.cancelled ? (
        <p className="notice notice--warning">{t('sessionForm.error.cancelled')}</p>
      ) : (
        <>
          <SessionFormFields
            values={save.values ?? values}
            errors={save.errors ?? {}}
            messageValues={save.formErrorValues}
            editing
          />
          <section aria-labelledby="cancel-heading" className="danger-zone">
            <h2 id="cancel-heading">{t('sf.cancelTitle')}</h2>
            <p>{t('sf.cancelText')}</p>
            <Form method="post" noValidate>
              <input type="hidden" name="intent" value="cancel" />
              <TextField
                name="cancelMessage"
                label={t('sf.cancelMessage')}
                rows={3}
                defaultValue={textValue(cancel.values, 'cancelMessage')}
                error={cancel.errors?.cancelMessage ? t(cancel.errors.cancelMessage) : undefined}
              />
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
