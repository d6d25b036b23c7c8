import { data, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node'
import { Form, useActionData, useLoaderData } from '@remix-run/react'
import { useEffect, useRef } from 'react'
import { ActionNotices } from '~/components/ActionNotices'
import { SessionBreadcrumbs } from '~/components/SessionBreadcrumbs'
import { QrScanButton } from '~/components/QrScanButton'
import { RosterList } from '~/components/RosterList'
import { TextField } from '~/components/TextField'
import { translator, useLocale, useT } from '~/i18n/intl'
import { getLocale } from '~/i18n/locale.server'
import {
  addWalkIn,
  checkInByCode,
  closeAttendance,
  getAttendancePage,
  markAttendance,
  parseCheckInForm,
  parseMarkAttendanceForm,
  parseWalkInForm,
} from '~/models/attendance.server'
import { formatDateTime, formatTimeRange } from '~/utils/dates'
import { getDb } from '~/utils/db.server'
import { getEnv } from '~/utils/env.server'
import { textValue } from '~/utils/form-values'
import { localeFromMatches, pageMeta } from '~/utils/meta'
import { wakeOutbox } from '~/jobs/outbox-worker.server'
import { formAnswer, type ActionData } from '~/web/action-data'
import { doneInPlace, formError, invalidForm, readForm } from '~/web/forms.server'
import { requireManagedSession } from '~/web/guards.server'
import { redirectAfterPost, redirectWithNotice } from '~/web/notices.server'
import { useRedirectNotice } from '~/web/notices'
import { orRefuse } from '~/web/refusals.server'

export const meta: MetaFunction = ({ matches }) => pageMeta(matches, translator(localeFromMatches(matches))('roster.title'))
export const headers = () => ({ 'Cache-Control': 'no-store' })

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { user, session } = await requireManagedSession(request, params.id)
  const q = (new URL(request.url).searchParams.get('q') ?? '').slice(0, 200)
  return { q, ...(await getAttendancePage(getDb(), { session, user, now: new Date() })) }
}

export async function action({ request, params }: ActionFunctionArgs) {
  const { user, session } = await requireManagedSession(request, params.id)
  const form = await readForm(request)
  const change = { sessionId: session.id, user, now: new Date(), appUrl: getEnv().APP_URL }
  const db = getDb()
  const intent = form.get('intent')
  switch (intent) {
    case 'mark': {
      const parsed = parseMarkAttendanceForm(form)
      if (!parsed.ok) return formError('error.badRequest', { intent })
      const { registrationId, attendance } = parsed.data
      orRefuse(await markAttendance(db, { ...change, registrationId, attendance: attendance || null }))
      wakeOutbox()
      // With JavaScript the row updates in place; without it, back to the list (no re-POST on reload).
      if (form.get('js') === '1') return data<ActionData>({ intent })
      return redirectAfterPost(`/organiser/sessions/${session.id}/attendance${searchOf(form)}#r${registrationId}`)
    }
    case 'checkin': {
      const parsed = parseCheckInForm(form)
      if (!parsed.ok) return formError('error.badRequest', { intent })
      const result = orRefuse(await checkInByCode(db, { ...change, code: parsed.data.code }))
      switch (result.kind) {
        case 'checked_in':
          return doneInPlace(
            { id: result.already ? 'roster.alreadyIn' : 'roster.checkedIn', values: { name: result.fullName } },
            { intent },
          )
        // The code stays in the field, to be corrected.
        case 'unknown_code':
          return formError('roster.unknownCode', { intent, status: 404, values: { code: parsed.data.code } })
        case 'other_session':
          return formError('roster.otherSession', { intent, status: 409, values: { code: parsed.data.code } })
      }
      break
    }
    case 'walkin': {
      const parsed = parseWalkInForm(form)
      if (!parsed.ok) return invalidForm(parsed, { intent })
      const added = orRefuse(await addWalkIn(db, { ...change, form: parsed.data, locale: getLocale(request) }))
      if (added.kind !== 'added')
        return formError(added.kind === 'duplicate' ? 'booking.duplicate.title' : 'error.badRequest', {
          intent,
          status: 409,
          values: parsed.values,
        })
      wakeOutbox()
      return doneInPlace({ id: 'roster.walkInAdded' }, { intent })
    }
    case 'close': {
      const result = orRefuse(await closeAttendance(db, change))
      // People nobody marked: a page of its own asks what to do with them before anything is sent.
      if (result.kind === 'unmarked_remain') return redirectAfterPost(`/organiser/sessions/${session.id}/attendance/close`)
      wakeOutbox()
      return redirectWithNotice(`/organiser/sessions/${session.id}/attendance`, { closed: result.certificates })
    }
  }
  return formError('error.badRequest')
}

function searchOf(form: FormData) {
  const q = String(form.get('q') ?? '')
  return q ? `?q=${encodeURIComponent(q)}` : ''
}

export default function Attendance() {
  const { session, q, entries, counts, certificates } = useLoaderData<typeof loader>()
  const actionData = useActionData<typeof action>()
  const walkIn = formAnswer(actionData, 'walkin')
  const checkIn = formAnswer(actionData, 'checkin')
  const checkInForm = useRef<HTMLFormElement>(null)
  const walkInForm = useRef<HTMLFormElement>(null)
  // Done in place, the forms would keep what was sent: the last code, the last walk-in's name,
  // inviting a second submit. Each is emptied for the next person (without JavaScript the page
  // comes back empty anyway); a refused code stays, to be corrected.
  useEffect(() => {
    if (!actionData?.notice) return
    const form =
      actionData.intent === 'checkin' ? checkInForm.current : actionData.intent === 'walkin' ? walkInForm.current : null
    form?.reset()
    if (actionData.intent === 'checkin') checkInForm.current?.querySelector<HTMLInputElement>('input[name="code"]')?.focus()
  }, [actionData])
  const { closed, absent, unmarked } = useRedirectNotice('closed', 'absent', 'unmarked')
  const t = useT()
  const locale = useLocale()
  const when = formatTimeRange(session.startsAt, session.endsAt, locale)
  const base = `/organiser/sessions/${session.id}`
  return (
    <>
      <SessionBreadcrumbs session={session} current={t('roster.title')} />
      <h1>
        {t('roster.title')}: {when}
      </h1>
      <p className="roster-counts" aria-live="polite">
        {t('roster.counts', counts)}
      </p>
      {closed !== undefined ? (
        <div className="notice notice--success" role="status">
          <p>{t('roster.closedNow', { count: Number(closed) })}</p>
          {absent ? <p>{t('roster.closedAbsent', { count: Number(absent) })}</p> : null}
          {unmarked ? <p>{t('roster.closedUnmarked', { count: Number(unmarked) })}</p> : null}
        </div>
      ) : null}
      <ActionNotices answer={actionData} />

      <p className="actions">
        <a href={`${base}/attendance-sheet.pdf`} className="button button--secondary">
          {t('roster.sheet')}
        </a>
        {session.closedAt ? (
          <a href={`${base}/certificates.pdf`} className="button button--secondary">
            {t('roster.certificates')}
          </a>
        ) : null}
        <a href={`${base}/export.xlsx`}>{t('roster.exportXlsx')}</a>
        <a href={`${base}/export.csv`}>{t('roster.exportCsv')}</a>
      </p>

      <section aria-labelledby="checkin-heading" className="checkin">
        <h2 id="checkin-heading">{t('roster.checkIn')}</h2>
        <Form method="post" className="inline-form" id="checkin-form" ref={checkInForm}>
          <input type="hidden" name="intent" value="checkin" />
          <TextField
            name="code"
            label={t('roster.checkInCode')}
            autoComplete="off"
            spellCheck={false}
            defaultValue={textValue(checkIn.values, 'code')}
          />
          <button type="submit" className="button">
            {t('roster.checkInButton')}
          </button>
          <QrScanButton formId="checkin-form" inputName="code" />
        </Form>
      </section>

      <RosterList entries={entries} initialQuery={q} />

      <div className="two-columns">
        <section aria-labelledby="walkin-heading">
          <h2 id="walkin-heading">{t('roster.addWalkIn')}</h2>
          <Form method="post" noValidate ref={walkInForm}>
            <input type="hidden" name="intent" value="walkin" />
            <TextField
              name="fullName"
              label={t('booking.fields.fullName')}
              defaultValue={textValue(walkIn.values, 'fullName')}
              error={walkIn.errors?.fullName ? t(walkIn.errors.fullName) : undefined}
            />
            <TextField
              name="email"
              type="email"
              label={t('booking.fields.email')}
              defaultValue={textValue(walkIn.values, 'email')}
              error={walkIn.errors?.email ? t(walkIn.errors.email) : undefined}
            />
            <TextField
              name="organisation"
              label={t('booking.fields.organisation')}
              defaultValue={textValue(walkIn.values, 'organisation')}
              error={walkIn.errors?.organisation ? t(walkIn.errors.organisation) : undefined}
            />
            <button type="submit" className="button">
              {t('roster.addWalkInButton')}
            </button>
          </Form>
        </section>
        <section aria-labelledby="close-heading">
          <h2 id="close-heading">{t('roster.close')}</h2>
          {session.closedAt ? (
            <p>{t('roster.closed', { date: formatDateTime(session.closedAt, locale), count: certificates })}</p>
          ) : null}
          <p>{t('roster.closeHint')}</p>
          {counts.unmarked > 0 ? <p>{t('roster.unmarkedBeforeClose', { count: counts.unmarked })}</p> : null}
          <Form method="post">
            <input type="hidden" name="intent" value="close" />
            <button type="submit" className="button">
              {t('roster.close')}
            </button>
          </Form>
        </section>
      </div>
    </>
  )
}

export { ErrorBoundary } from '~/components/RouteErrorBoundary'
