import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { useActionData, useLoaderData } from '@remix-run/react'
import { WorkshopFormFields, type WorkshopFormValues } from '~/components/WorkshopFormFields'
import { translator, useT } from '~/i18n/intl'
import { localeFromMatches, pageMeta } from '~/utils/meta'
import { organiserOptions, workshopFormAction } from '~/web/organiser-forms.server'
import { requireOrganiser } from '~/web/guards.server'

export const meta: MetaFunction = ({ matches }) => pageMeta(matches, translator(localeFromMatches(matches))('workshopForm.titleNew'))

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireOrganiser(request)
  const organisers = await organiserOptions(user)
  if (organisers.length === 0) throw new Response('Forbidden', { status: 403 })
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
  published: false,
  accreditationRef: '',
  requiresBirthDate: false,
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
        errors={actionData?.errors ?? {}}
        organisers={organisers}
        previewHtml={actionData?.previewHtml}
      />
    </div>
  )
}

export { ErrorBoundary } from '~/components/RouteErrorBoundary'
