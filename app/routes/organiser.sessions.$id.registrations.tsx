import { randomUUID } from 'node:crypto'
import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node'
import { Form, useActionData, useLoaderData, useSearchParams } from '@remix-run/react'
import { ErrorSummary } from '~/components/FieldError'
import { RegistrationFormFields } from '~/components/RegistrationFormFields'
import { TextField } from '~/components/TextField'
import { DataTable } from '~/components/DataTable'
import { Breadcrumbs } from '~/components/Breadcrumbs'
import { translator, useLocale, useT, type MessageId } from '~/i18n/intl'
import { getLocale } from '~/i18n/locale.server'
import {
  addParticipant,
  cancelOnBehalf,
  listSessionRegistrations,
  listSiblingSessions,
  messageParticipants,
  moveRegistration,
} from '~/models/organiser-registrations.server'
import { parseRegistrationForm } from '~/models/registration-form'
import { parseId } from '~/utils/fields'
import { formatTimeRange } from '~/utils/dates'
import { getDb } from '~/utils/db.server'
import { getEnv } from '~/utils/env.server'
import { readForm } from '~/web/forms.server'
import { localeFromMatches, pageMeta } from '~/utils/meta'
import { requireManagedSession } from '~/web/guards.server'
import { wakeOutbox } from '~/jobs/outbox-worker.server'

export const meta: MetaFunction = ({ matches }) => pageMeta(matches, translator(localeFromMatches(matches))('reg.title'))
export const headers = () => ({ 'Cache-Control': 'no-store' })

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { session } = await requireManagedSession(request, params.id)
  const q = (new URL(request.url).searchParams.get('q') ?? '').slice(0, 200)
  const db = getDb()
  const [registrations, siblings] = await Promise.all([
    listSessionRegistrations(db, { sessionId: session.id, q }),
    listSiblingSessions(db, { sessionId: session.id, now: new Date() }),
  ])
  return {
    session: {
      id: session.id,
      workshopId: session.workshop_id,
      workshopTitle: session.workshop_title,
      startsAt: session.starts_at,
      endsAt: session.ends_at,
      capacity: session.capacity,
      confirmed: session.confirmed_count,
      waitlisted: session.waitlisted_count,
      cancelled: session.status === 'cancelled',
    },
    q,
    registrations,
    siblings,
    // Sent back with the message form, so submitting it twice sends nothing twice.
    messageId: randomUUID(),
  }
}

export async function action({ request, params }: ActionFunctionArgs) {
  const { user, session } = await requireManagedSession(request, params.id)
  const form = await readForm(request)
  const context = { now: new Date(), appUrl: getEnv().APP_URL }
  const back = (notice: string) => redirect(`/organiser/sessions/${session.id}/registrations?done=${notice}`, 303)
  const db = getDb()
  switch (form.get('intent')) {
    case 'cancel': {
      const registrationId = parseId(String(form.get('registrationId') ?? ''))
      if (!registrationId) throw new Response('Not found', { status: 404 })
      const result = await cancelOnBehalf(db, { registrationId, user, ...context })
      if (result.kind === 'forbidden' || result.kind === 'not_found')
        throw new Response(result.kind, { status: result.kind === 'forbidden' ? 403 : 404 })
      wakeOutbox()
      return back('cancelled')
    }
    case 'move': {
      const registrationId = parseId(String(form.get('registrationId') ?? ''))
      const targetSessionId = parseId(String(form.get('targetSessionId') ?? ''))
      if (!registrationId || !targetSessionId) return data({ error: 'reg.targetFull' as MessageId }, { status: 400 })
      const result = await moveRegistration(db, { registrationId, targetSessionId, user, ...context })
      if (result.kind === 'forbidden' || result.kind === 'not_found')
        throw new Response(result.kind, { status: result.kind === 'forbidden' ? 403 : 404 })
      if (result.kind !== 'moved')
        return data(
          { error: (result.kind === 'target_full' ? 'reg.targetFull' : 'error.badRequest') as MessageId },
          { status: 409 },
        )
      wakeOutbox()
      return back('moved')
    }
    case 'add': {
      const parsed = parseRegistrationForm(form, context.now)
      if (!parsed.ok) return data({ addErrors: parsed.errors, addValues: parsed.values }, { status: 400 })
      const result = await addParticipant(db, {
        sessionId: session.id,
        form: parsed.data,
        walkIn: form.get('walkIn') === 'yes',
        locale: getLocale(request),
        user,
        ...context,
      })
      if (result.kind === 'forbidden' || result.kind === 'not_found')
        throw new Response(result.kind, { status: result.kind === 'forbidden' ? 403 : 404 })
      if (result.kind === 'refused') return data({ error: 'sessionForm.error.cancelled' as MessageId }, { status: 409 })
      wakeOutbox()
      return back(result.kind === 'duplicate' ? 'duplicate' : 'added')
    }
    case 'message': {
      const subject = String(form.get('subject') ?? '').trim()
      const body = String(form.get('body') ?? '').trim()
      const messageErrors: Record<string, MessageId> = {}
      if (!subject || subject.length > 200 || /[\r\n\u0000]/.test(subject)) messageErrors.subject = 'reg.error.messageSubject'
      if (!body || body.length > 5000 || body.includes('\u0000')) messageErrors.body = 'reg.error.messageBody'
      if (Object.keys(messageErrors).length > 0) return data({ messageErrors, messageValues: { subject, body } }, { status: 400 })
      const messageId = String(form.get('messageId') ?? randomUUID()).slice(0, 64)
      const result = await messageParticipants(db, { sessionId: session.id, subject, body, messageId, user, ...context })
      if (result.kind === 'forbidden' || result.kind === 'not_found')
        throw new Response(result.kind, { status: result.kind === 'forbidden' ? 403 : 404 })
      wakeOutbox()
      return back(result.kind === 'already_sent' ? 'message-sent-before' : `message-${result.count}`)
    }
    default:
      return data({ error: 'error.badRequest' as MessageId }, { status: 400 })
  }
}

type ActionData = {
  error?: MessageId
  addErrors?: ReturnType<typeof parseRegistrationForm> extends infer R
    ? R extends { ok: false; errors: infer E }
      ? E
      : never
    : never
  addValues?: Record<string, string>
  messageErrors?: Record<string, MessageId>
  messageValues?: { subject: string; body: string }
}

export default function SessionRegistrations() {
  const { session, q, registrations, siblings, messageId } = useLoaderData<typeof loader>()
  const actionData = useActionData<typeof action>() as ActionData | undefined
  const [params] = useSearchParams()
  const t = useT()
  const locale = useLocale()
  const when = formatTimeRange(session.startsAt, session.endsAt, locale)
  const done = params.get('done')
  const notice =
    done === 'cancelled'
      ? t('reg.cancelledNotice')
      : done === 'moved'
        ? t('reg.movedNotice')
        : done === 'added'
          ? t('reg.addedNotice')
          : done === 'duplicate'
            ? t('booking.duplicate.title')
            : done === 'message-sent-before'
              ? t('reg.messageSentBefore')
              : done?.startsWith('message-')
                ? t('reg.messageSent', { count: Number(done.slice(8)) })
                : undefined
  return (
    <>
      <Breadcrumbs
        items={[
          { label: t('org.title'), to: '/organiser' },
          { label: session.workshopTitle, to: `/organiser/workshops/${session.workshopId}` },
          { label: when },
        ]}
      />
      <h1>
        {t('reg.title')}: {when}
      </h1>
      <p>{t('reg.summary', { confirmed: session.confirmed, capacity: session.capacity, waitlisted: session.waitlisted })}</p>
      {notice && !actionData ? (
        <p className="notice notice--success" role="status">
          {notice}
        </p>
      ) : null}
      {actionData?.error ? (
        <p className="notice notice--warning" role="alert">
          {t(actionData.error)}
        </p>
      ) : null}

      <Form method="get" role="search" className="filters">
        <TextField name="q" type="search" label={t('reg.search')} defaultValue={q} />
        <button type="submit" className="button">
          {t('reg.searchButton')}
        </button>
      </Form>

      {registrations.length === 0 ? (
        <p>{t('reg.none')}</p>
      ) : (
        <DataTable
          headers={[t('reg.col.name'), t('reg.col.email'), t('reg.col.organisation'), t('reg.col.status'), t('reg.col.actions')]}
        >
          {registrations.map((r) => (
            <tr key={r.id}>
              <th scope="row">{r.full_name}</th>
              <td>{r.email}</td>
              <td>{r.organisation ?? ''}</td>
              <td>{t(`my.status.${r.status}`)}</td>
              <td>
                {r.status !== 'cancelled' ? (
                  <div className="actions actions--tight">
                    {/* A disclosure asks first, with or without JavaScript: cancelling e-mails the person. */}
                    <details className="confirm">
                      <summary>
                        {t('reg.cancel')}
                        <span className="visually-hidden">: {r.full_name}</span>
                      </summary>
                      <Form method="post">
                        <input type="hidden" name="intent" value="cancel" />
                        <input type="hidden" name="registrationId" value={r.id} />
                        <button type="submit" className="button button--danger">
                          {t('reg.cancelConfirm', { name: r.full_name })}
                        </button>
                      </Form>
                    </details>
                    {siblings.length > 0 ? (
                      <Form method="post" className="inline-form">
                        <input type="hidden" name="intent" value="move" />
                        <input type="hidden" name="registrationId" value={r.id} />
                        <label htmlFor={`move-${r.id}`} className="visually-hidden">
                          {t('reg.moveTo')}: {r.full_name}
                        </label>
                        <select id={`move-${r.id}`} name="targetSessionId">
                          {siblings.map((s) => (
                            <option key={s.id} value={s.id}>
                              {formatTimeRange(s.starts_at, s.ends_at, locale)} ({s.confirmed_count}/{s.capacity})
                            </option>
                          ))}
                        </select>
                        <button type="submit" className="button button--secondary">
                          {t('reg.moveButton')}
                          <span className="visually-hidden">: {r.full_name}</span>
                        </button>
                      </Form>
                    ) : null}
                  </div>
                ) : null}
              </td>
            </tr>
          ))}
        </DataTable>
      )}

      {!session.cancelled ? (
        <div className="two-columns">
          <section aria-labelledby="add-heading">
            <h2 id="add-heading">{t('reg.add')}</h2>
            <RegistrationFormFields
              values={actionData?.addValues ?? { consent: 'yes' }}
              errors={actionData?.addErrors ?? {}}
              submitLabel={t('reg.addButton')}
              intent="add"
              extra={
                <div className="checkbox field">
                  <input type="checkbox" id="walkIn" name="walkIn" value="yes" />
                  <label htmlFor="walkIn">{t('reg.walkIn')}</label>
                </div>
              }
            />
          </section>
          <section aria-labelledby="message-heading">
            <h2 id="message-heading">{t('reg.message')}</h2>
            <Form method="post" noValidate>
              <input type="hidden" name="intent" value="message" />
              <input type="hidden" name="messageId" value={messageId} />
              <ErrorSummary
                title={t('form.error.summary')}
                errors={Object.entries(actionData?.messageErrors ?? {}).map(([field, id]) => ({ field, message: t(id) }))}
              />
              <TextField
                name="subject"
                label={t('reg.messageSubject')}
                defaultValue={actionData?.messageValues?.subject}
                error={actionData?.messageErrors?.subject ? t(actionData.messageErrors.subject) : undefined}
              />
              <TextField
                name="body"
                label={t('reg.messageBody')}
                rows={5}
                defaultValue={actionData?.messageValues?.body}
                error={actionData?.messageErrors?.body ? t(actionData.messageErrors.body) : undefined}
              />
              <button type="submit" className="button">
                {t('reg.messageSend')}
              </button>
            </Form>
          </section>
        </div>
      ) : null}
    </>
  )
}

export { ErrorBoundary } from '~/components/RouteErrorBoundary'
