import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node'
import { Form, useActionData, useLoaderData, useSearchParams } from '@remix-run/react'
import { z } from 'zod'
import { ATTENDANCE_STATUSES } from '../../db/schema'
import { Breadcrumbs } from '~/components/Breadcrumbs'
import { QrScanButton } from '~/components/QrScanButton'
import { RosterList } from '~/components/RosterList'
import { TextField } from '~/components/TextField'
import { translator, useLocale, useT, type MessageId } from '~/i18n/intl'
import { getLocale } from '~/i18n/locale.server'
import { checkInByCode, closeAttendance, getRoster, markAttendance } from '~/models/attendance.server'
import { addParticipant } from '~/models/organiser-registrations.server'
import { parseRegistrationForm } from '~/models/registration-form'
import { formatDateTime, formatTimeRange } from '~/utils/dates'
import { getDb } from '~/utils/db.server'
import { getEnv } from '~/utils/env.server'
import { readFormData } from '~/utils/form.server'
import { localeFromMatches, pageMeta } from '~/utils/meta'
import { requireManagedSession } from '~/utils/organiser-guards.server'
import { wakeOutbox } from '~/utils/outbox-worker.server'

export const meta: MetaFunction = ({ matches }) => pageMeta(matches, translator(localeFromMatches(matches))('roster.title'))
export const headers = () => ({ 'Cache-Control': 'no-store' })

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { session } = await requireManagedSession(request, params.id)
  const q = (new URL(request.url).searchParams.get('q') ?? '').slice(0, 200)
  const roster = await getRoster(getDb(), { sessionId: session.id })
  const certificates = session.attendance_closed_at
    ? Number(
        (
          await getDb()
            .selectFrom('certificates')
            .innerJoin('registrations', 'registrations.id', 'certificates.registration_id')
            .select((eb) => eb.fn.countAll<number>().as('n'))
            .where('registrations.session_id', '=', session.id)
            .where('certificates.revoked_at', 'is', null)
            .executeTakeFirstOrThrow()
        ).n,
      )
    : 0
  return {
    session: {
      id: session.id,
      workshopId: session.workshop_id,
      workshopTitle: session.workshop_title,
      startsAt: session.starts_at,
      endsAt: session.ends_at,
      closedAt: session.attendance_closed_at,
      cancelled: session.status === 'cancelled',
    },
    q,
    certificates,
    ...roster,
  }
}

const Mark = z.object({
  registrationId: z.coerce.number().int().positive(),
  attendance: z.union([z.enum(ATTENDANCE_STATUSES), z.literal('')]),
})

type ActionData = {
  notice?: string
  error?: MessageId
  marked?: number
  addErrors?: Record<string, MessageId>
  addValues?: Record<string, string>
}

export async function action({ request, params }: ActionFunctionArgs) {
  const { user, session } = await requireManagedSession(request, params.id)
  const form = await readFormData(request)
  const context = { now: new Date(), appUrl: getEnv().APP_URL }
  const t = translator(getLocale(request))
  const db = getDb()
  switch (form.get('intent')) {
    case 'mark': {
      const parsed = Mark.safeParse({ registrationId: form.get('registrationId'), attendance: form.get('attendance') })
      if (!parsed.success) return data<ActionData>({ error: 'error.badRequest' }, { status: 400 })
      const result = await markAttendance(db, {
        sessionId: session.id,
        registrationId: parsed.data.registrationId,
        attendance: parsed.data.attendance || null,
        user,
        ...context,
      })
      if (result.kind !== 'marked') throw new Response(result.kind, { status: result.kind === 'forbidden' ? 403 : 404 })
      wakeOutbox()
      // With JavaScript the row updates in place; without it, back to the list (no re-POST on reload).
      if (form.get('js') === '1') return data<ActionData>({ marked: parsed.data.registrationId })
      return redirect(`/organiser/sessions/${session.id}/attendance${searchOf(form)}#r${parsed.data.registrationId}`, 303)
    }
    case 'checkin': {
      const code = String(form.get('code') ?? '')
      const result = await checkInByCode(db, { sessionId: session.id, code, user, ...context })
      switch (result.kind) {
        case 'checked_in':
          return data<ActionData>({
            notice: t(result.already ? 'roster.alreadyIn' : 'roster.checkedIn', { name: result.fullName }),
          })
        case 'unknown_code':
          return data<ActionData>({ error: 'roster.unknownCode' }, { status: 404 })
        case 'other_session':
          return data<ActionData>({ error: 'roster.otherSession' }, { status: 409 })
        default:
          throw new Response(result.kind, { status: result.kind === 'forbidden' ? 403 : 404 })
      }
    }
    case 'walkin': {
      const parsed = parseRegistrationForm(form, context.now)
      if (!parsed.ok) return data<ActionData>({ addErrors: parsed.errors, addValues: parsed.values }, { status: 400 })
      const added = await addParticipant(db, {
        sessionId: session.id,
        form: parsed.data,
        walkIn: true,
        locale: getLocale(request),
        user,
        ...context,
      })
      if (added.kind !== 'registered')
        return data<ActionData>(
          { error: added.kind === 'duplicate' ? 'booking.duplicate.title' : 'error.badRequest' },
          { status: 409 },
        )
      await markAttendance(db, {
        sessionId: session.id,
        registrationId: added.registrationId,
        attendance: 'present',
        user,
        ...context,
      })
      wakeOutbox()
      return data<ActionData>({ notice: t('roster.walkInAdded') })
    }
    case 'close': {
      const result = await closeAttendance(db, { sessionId: session.id, user, ...context })
      if (result.kind !== 'closed') throw new Response(result.kind, { status: result.kind === 'forbidden' ? 403 : 404 })
      wakeOutbox()
      return redirect(`/organiser/sessions/${session.id}/attendance?closed=${result.certificates}`, 303)
    }
    default:
      return data<ActionData>({ error: 'error.badRequest' }, { status: 400 })
  }
}

function searchOf(form: FormData) {
  const q = String(form.get('q') ?? '')
  return q ? `?q=${encodeURIComponent(q)}` : ''
}

export default function Attendance() {
  const { session, q, entries, counts, certificates } = useLoaderData<typeof loader>()
  const actionData = useActionData<typeof action>() as ActionData | undefined
  const [params] = useSearchParams()
  const t = useT()
  const locale = useLocale()
  const when = formatTimeRange(session.startsAt, session.endsAt, locale)
  const base = `/organiser/sessions/${session.id}`
  return (
    <>
      <Breadcrumbs
        items={[
          { label: t('org.title'), to: '/organiser' },
          { label: session.workshopTitle, to: `/organiser/workshops/${session.workshopId}` },
          { label: when, to: base },
          { label: t('roster.title') },
        ]}
      />
      <h1>
        {t('roster.title')}: {when}
      </h1>
      <p className="roster-counts" aria-live="polite">
        {t('roster.counts', counts)}
      </p>
      {params.get('closed') !== null && !actionData ? (
        <p className="notice notice--success" role="status">
          {t('roster.closedNow', { count: Number(params.get('closed')) })}
        </p>
      ) : null}
      {actionData?.notice ? (
        <p className="notice notice--success" role="status">
          {actionData.notice}
        </p>
      ) : null}
      {actionData?.error ? (
        <p className="notice notice--warning" role="alert">
          {t(actionData.error)}
        </p>
      ) : null}

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
        <Form method="post" className="inline-form" id="checkin-form">
          <input type="hidden" name="intent" value="checkin" />
          <TextField name="code" label={t('roster.checkInCode')} autoComplete="off" spellCheck={false} />
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
          <Form method="post" noValidate>
            <input type="hidden" name="intent" value="walkin" />
            <input type="hidden" name="participantType" value="other" />
            <input type="hidden" name="consent" value="yes" />
            <TextField
              name="fullName"
              label={t('booking.fields.fullName')}
              defaultValue={actionData?.addValues?.fullName}
              error={actionData?.addErrors?.fullName ? t(actionData.addErrors.fullName) : undefined}
            />
            <TextField
              name="email"
              type="email"
              label={t('booking.fields.email')}
              defaultValue={actionData?.addValues?.email}
              error={actionData?.addErrors?.email ? t(actionData.addErrors.email) : undefined}
            />
            <TextField
              name="organisation"
              label={t('booking.fields.organisation')}
              defaultValue={actionData?.addValues?.organisation}
              error={actionData?.addErrors?.organisation ? t(actionData.addErrors.organisation) : undefined}
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
