import { type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node'
import { Link, useActionData, useLoaderData } from '@remix-run/react'
import { SessionFormFields } from '~/components/SessionFormFields'
import { translator, useT } from '~/i18n/intl'
import { createSession, parseSessionForm, SESSION_FIELDS, type SessionFormField } from '~/models/organiser-sessions.server'
import { addDays, pragueDateKey } from '~/utils/dates'
import { getDb } from '~/utils/db.server'
import { invalidForm, readForm } from '~/web/forms.server'
import { localeFromMatches, pageMeta } from '~/utils/meta'
import { requireManagedWorkshop } from '~/web/guards.server'
import { redirectWithNotice } from '~/web/notices.server'
import { orRefuse } from '~/web/refusals.server'

export const meta: MetaFunction = ({ matches }) => pageMeta(matches, translator(localeFromMatches(matches))('sf.titleNew'))

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { workshop } = await requireManagedWorkshop(request, params.id)
  const values = Object.fromEntries(SESSION_FIELDS.map((f) => [f, ''])) as Record<SessionFormField, string>
  return {
    workshop,
    values: {
      ...values,
      date: addDays(pragueDateKey(new Date().toISOString()), 14),
      startTime: '14:00',
      endTime: '17:00',
      mode: 'place',
      capacity: '20',
    },
  }
}

export async function action({ request, params }: ActionFunctionArgs) {
  const { user, workshop } = await requireManagedWorkshop(request, params.id)
  const parsed = parseSessionForm(await readForm(request))
  if (!parsed.ok) return invalidForm(parsed)
  orRefuse(await createSession(getDb(), { workshopId: workshop.id, input: parsed.data, user, now: new Date() }))
  return redirectWithNotice(`/organiser/workshops/${workshop.id}`, { sessionAdded: 1 })
}

export default function NewSession() {
  const { workshop, values } = useLoaderData<typeof loader>()
  const actionData = useActionData<typeof action>()
  const t = useT()
  return (
    <div className="narrow">
      <p>
        <Link to={`/organiser/workshops/${workshop.id}`}>{t('sf.back')}</Link>
      </p>
      <h1>
        {t('sf.titleNew')}: {workshop.title}
      </h1>
      <SessionFormFields values={actionData?.values ?? values} errors={actionData?.errors ?? {}} editing={false} />
    </div>
  )
}

export { ErrorBoundary } from '~/components/RouteErrorBoundary'
