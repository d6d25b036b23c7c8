import { randomUUID } from 'node:crypto'
import { Fragment } from 'react'
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { Form, useActionData, useLoaderData } from '@remix-run/react'
import { ActionNotices } from '~/components/ActionNotices'
import { BookingNote } from '~/components/BookingNote'
import { Breadcrumbs } from '~/components/Breadcrumbs'
import { DataTable } from '~/components/DataTable'
import { ErrorSummary } from '~/components/FieldError'
import { RegistrationFormFields } from '~/components/RegistrationFormFields'
import { TextField } from '~/components/TextField'
import { translator, useLocale, useT } from '~/i18n/intl'
import { getLocale } from '~/i18n/locale.server'
import { wakeOutbox } from '~/jobs/outbox-worker.server'
import {
  addParticipant,
  cancelOnBehalf,
  getRegistrationsPage,
  messageParticipants,
  moveRegistration,
  parseAddParticipantForm,
  parseCancelRegistrationForm,
  parseMessageParticipantsForm,
  parseMoveRegistrationForm,
} from '~/models/organiser-registrations.server'
import { formatDateTime, formatTimeRange } from '~/utils/dates'
import { getDb } from '~/utils/db.server'
import { getEnv } from '~/utils/env.server'
import { textValue } from '~/utils/form-values'
import { localeFromMatches, pageMeta } from '~/utils/meta'
import { formAnswer, type Notice } from '~/web/action-data'
import { formError, invalidForm, readForm } from '~/web/forms.server'
import { requireManagedSession } from '~/web/guards.server'
import { redirectWithNotice } from '~/web/notices.server'
import { useRedirectNotice } from '~/web/notices'
import { orRefuse, refuse } from '~/web/refusals.server'

export const meta: MetaFunction = ({ matches }) => pageMeta(matches, translator(localeFromMatches(matches))('reg.title'))
export const headers = () => ({ 'Cache-Control': 'no-store' })

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { user, session } = await requireManagedSession(request, params.id)
  const q = (new URL(request.url).searchParams.get('q') ?? '').slice(0, 200)
  return {
    session,
    q,
    ...(await getRegistrationsPage(getDb(), { sessionId: session.id, q, user, now: new Date() })),
    // Sent back with the message form, so submitting it twice sends nothing twice.
    messageId: randomUUID(),
  }
}

export async function action({ request, params }: ActionFunctionArgs) {
  const { user, session } = await requireManagedSession(request, params.id)
  const form = await readForm(request)
  const change = { user, now: new Date(), appUrl: getEnv().APP_URL }
  const done = (notice: string) => redirectWithNotice(`/organiser/sessions/${session.id}/registrations`, { done: notice })
  const db = getDb()
  const intent = form.get('intent')
  switch (intent) {
    case 'cancel': {
      const parsed = parseCancelRegistrationForm(form)
      // An id that is not one names no booking.
      if (!parsed.ok) refuse('not_found')
      orRefuse(await cancelOnBehalf(db, { ...change, registrationId: parsed.data.registrationId }))
      wakeOutbox()
      return done('cancelled')
    }
    case 'move': {
      const parsed = parseMoveRegistrationForm(form)
      if (!parsed.ok) return formError('error.badRequest', { intent })
      const moved = orRefuse(await moveRegistration(db, { ...change, ...parsed.data }))
      if (moved.kind !== 'moved')
        return formError(moved.kind === 'target_full' ? 'reg.targetFull' : 'error.badRequest', { intent, status: 409 })
      wakeOutbox()
      return done('moved')
    }
    case 'add': {
      const parsed = parseAddParticipantForm(form, change.now)
      if (!parsed.ok) return invalidForm(parsed, { intent })
      const added = orRefuse(
        await addParticipant(db, { ...change, ...parsed.data, sessionId: session.id, locale: getLocale(request) }),
      )
      if (added.kind === 'refused')
        return formError('sessionForm.error.cancelled', { intent, status: 409, values: parsed.values })
      if (added.kind === 'birth_date_required')
        return invalidForm({ errors: { dateOfBirth: 'registration.error.dateOfBirth' }, values: parsed.values }, { intent })
      wakeOutbox()
      return done(added.kind === 'duplicate' ? 'duplicate' : 'added')
    }
    case 'message': {
      const parsed = parseMessageParticipantsForm(form)
      if (!parsed.ok) return invalidForm(parsed, { intent })
      const sent = orRefuse(await messageParticipants(db, { ...change, ...parsed.data, sessionId: session.id }))
      wakeOutbox()
      return done(sent.kind === 'already_sent' ? 'message-sent-before' : `message-${sent.count}`)
    }
  }
  return formError('error.badRequest')
}

/** What `?done=…` announces after a change on this page. */
function doneNotice(done: string | undefined): Notice | undefined {
  switch (done) {
    case undefined:
      return undefined
    case 'cancelled':
      return { id: 'reg.cancelledNotice' }
    case 'moved':
      return { id: 'reg.movedNotice' }
    case 'added':
      return { id: 'reg.addedNotice' }
    case 'duplicate':
      return { id: 'booking.duplicate.title' }
    case 'message-sent-before':
      return { id: 'reg.messageSentBefore' }
  }
  const sent = /^message-(\d+)$/.exec(done)
  return sent ? { id: 'reg.messageSent', values: { count: Number(sent[1]) } } : undefined
}

export default function SessionRegistrations() {
  const { session, q, registrations, siblings, asksBirthDate, messageId } = useLoaderData<typeof loader>()
  const actionData = useActionData<typeof action>()
  const add = formAnswer(actionData, 'add')
  const message = formAnswer(actionData, 'message')
  const notice = doneNotice(useRedirectNotice('done').done)
  const t = useT()
  const locale = useLocale()
  const when = formatTimeRange(session.startsAt, session.endsAt, locale)
  const notes = registrations.filter((r) => r.note && r.status !== 'cancelled').length
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
      {notes > 0 ? <p>{t('reg.notesCount', { count: notes })}</p> : null}
      {notice ? (
        <p className="notice notice--success" role="status">
          {t(notice.id, notice.values)}
        </p>
      ) : null}
      <ActionNotices answer={actionData} />

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
            <Fragment key={r.id}>
              <tr className={r.note ? 'has-note' : undefined}>
                <th scope="row" id={`reg-${r.id}`}>
                  {r.fullName || t('person.anonymised')}
                </th>
                <td>{r.email}</td>
                <td>{r.organisation ?? ''}</td>
                <td>
                  {t(`my.status.${r.status}`)}
                  {r.missedBefore > 0 ? (
                    <>
                      <br />
                      <small>{t('reg.missedBefore', { count: r.missedBefore })}</small>
                    </>
                  ) : null}
                  {r.status === 'confirmed' && r.comingConfirmedAt ? (
                    <>
                      <br />
                      <small>{t('reg.comingConfirmed', { date: formatDateTime(r.comingConfirmedAt, locale) })}</small>
                    </>
                  ) : null}
                </td>
                <td>
                  {r.status !== 'cancelled' ? (
                    <div className="actions actions--tight">
                      {/* A disclosure asks first, with or without JavaScript: cancelling e-mails the person. */}
                      <details className="confirm">
                        <summary>
                          {t('reg.cancel')}
                          <span className="visually-hidden">: {r.fullName || t('person.anonymised')}</span>
                        </summary>
                        <Form method="post">
                          <input type="hidden" name="intent" value="cancel" />
                          <input type="hidden" name="registrationId" value={r.id} />
                          <button type="submit" className="button button--danger">
                            {t('reg.cancelConfirm', { name: r.fullName })}
                          </button>
                        </Form>
                      </details>
                      {siblings.length > 0 ? (
                        <Form method="post" className="inline-form">
                          <input type="hidden" name="intent" value="move" />
                          <input type="hidden" name="registrationId" value={r.id} />
                          <label htmlFor={`move-${r.id}`} className="visually-hidden">
                            {t('reg.moveTo')}: {r.fullName || t('person.anonymised')}
                          </label>
                          <select id={`move-${r.id}`} name="targetSessionId">
                            {siblings.map((s) => (
                              <option key={s.id} value={s.id}>
                                {formatTimeRange(s.startsAt, s.endsAt, locale)} ({s.confirmed}/{s.capacity})
                              </option>
                            ))}
                          </select>
                          <button type="submit" className="button button--secondary">
                            {t('reg.moveButton')}
                            <span className="visually-hidden">: {r.fullName || t('person.anonymised')}</span>
                          </button>
                        </Form>
                      ) : null}
                    </div>
                  ) : null}
                </td>
              </tr>
              {/* Its own row under the person, the full width of the table: notes run long. */}
              {r.note ? (
                <tr className="note-row">
                  <td colSpan={5} headers={`reg-${r.id}`}>
                    <BookingNote note={r.note} />
                  </td>
                </tr>
              ) : null}
            </Fragment>
          ))}
        </DataTable>
      )}

      {!session.cancelled ? (
        <div className="two-columns">
          <section aria-labelledby="add-heading">
            <h2 id="add-heading">{t('reg.add')}</h2>
            <RegistrationFormFields
              values={add.values ?? { consent: 'yes' }}
              errors={add.errors ?? {}}
              submitLabel={t('reg.addButton')}
              askBirthDate={asksBirthDate}
              intent="add"
              extra={
                <div className="checkbox field">
                  <input
                    type="checkbox"
                    id="walkIn"
                    name="walkIn"
                    value="yes"
                    defaultChecked={textValue(add.values, 'walkIn') === 'yes'}
                  />
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
                errors={(['subject', 'body'] as const).flatMap((field) => {
                  const id = message.errors?.[field]
                  return id ? [{ field, message: t(id) }] : []
                })}
              />
              <TextField
                name="subject"
                label={t('reg.messageSubject')}
                defaultValue={textValue(message.values, 'subject')}
                error={message.errors?.subject ? t(message.errors.subject) : undefined}
              />
              <TextField
                name="body"
                label={t('reg.messageBody')}
                rows={5}
                defaultValue={textValue(message.values, 'body')}
                error={message.errors?.body ? t(message.errors.body) : undefined}
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
