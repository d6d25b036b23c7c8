import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { useActionData, useLoaderData } from '@remix-run/react'
import { WorkshopFormFields } from '~/components/WorkshopFormFields'
import { translator, useT } from '~/i18n/intl'
import { listOrganisersFor, type WorkshopFormValues } from '~/models/organiser-workshops.server'
import { getDb } from '~/utils/db.server'
import { localeFromMatches, pageMeta } from '~/utils/meta'
import { requireOrganiser } from '~/web/guards.server'
import { workshopFormAction } from '~/web/organiser-forms.server'
import { refuse } from '~/web/refusals.server'

export const meta: MetaFunction = ({ matches }) =>
  pageMeta(matches, translator(localeFromMatches(matches))('workshopForm.titleNew'))

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireOrganiser(request)
  const organisers = await listOrganisersFor(getDb(), user)
  // Someone who acts for no organising body has nobody to make a workshop for.
  if (organisers.length === 0) refuse('forbidden')
  return { organisers }
}

export async function action({ request }: ActionFunctionArgs) {
  return workshopFormAction(request, await requireOrganiser(request))
}

const EMPTY: WorkshopFormValues = {
  title: '',
  slug: '',
  summary: '',
  descriptionMd: '',
  topic: 'data_literacy',
  audiences: [],
  lengthHours: '3',
  language: 'cs',
  organiserId: '',
  published: '',
  accreditationRef: '',
  requiresBirthDate: '',
  reminderHours: '72,2',
  whatToBring: '',
  missedEmail: 'yes',
}

export default function NewWorkshop() {
  const { organisers } = useLoaderData<typeof loader>()
  const actionData = useActionData<typeof action>()
  const t = useT()
  return (
    <div className="narrow">
      <h1>{t('workshopForm.titleNew')}</h1>
      <WorkshopFormFields
        values={actionData?.values ?? { ...EMPTY, organiserId: String(organisers[0]?.id ?? '') }}
        errors={actionData?.errors}
        organisers={organisers}
        previewHtml={actionData?.previewHtml}
      />
    </div>
  )
}

export { ErrorBoundary } from '~/components/RouteErrorBoundary'
