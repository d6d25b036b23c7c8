import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { Link, useActionData, useLoaderData } from '@remix-run/react'
import { WorkshopFormFields } from '~/components/WorkshopFormFields'
import { DataTable } from '~/components/DataTable'
import { Breadcrumbs } from '~/components/Breadcrumbs'
import { translator, useLocale, useT } from '~/i18n/intl'
import { getManagedWorkshopPage } from '~/models/organiser-workshops.server'
import { formatTimeRange } from '~/utils/dates'
import { getDb } from '~/utils/db.server'
import { localeFromMatches, pageMeta } from '~/utils/meta'
import { requireManagedWorkshop } from '~/web/guards.server'
import { useRedirectNotice } from '~/web/notices'
import { workshopFormAction } from '~/web/organiser-forms.server'

export const meta: MetaFunction<typeof loader> = ({ matches, data }) =>
  pageMeta(
    matches,
    data ? `${translator(localeFromMatches(matches))('workshopForm.titleEdit')}: ${data.workshop.title}` : undefined,
  )
export const headers = () => ({ 'Cache-Control': 'no-store' })

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { user, workshop } = await requireManagedWorkshop(request, params.id)
  return getManagedWorkshopPage(getDb(), { user, workshop })
}

export async function action({ request, params }: ActionFunctionArgs) {
  const { user, workshop } = await requireManagedWorkshop(request, params.id)
  return workshopFormAction(request, user, workshop.id)
}

export default function EditWorkshop() {
  const { workshop, organisers, values, sessions } = useLoaderData<typeof loader>()
  const { id, slug } = workshop
  const actionData = useActionData<typeof action>()
  const { saved, sessionAdded } = useRedirectNotice('saved', 'sessionAdded')
  const t = useT()
  const locale = useLocale()
  return (
    <>
      <Breadcrumbs items={[{ label: t('org.title'), to: '/organiser' }, { label: workshop.title }]} />
      <h1>{workshop.title}</h1>
      {saved === '1' ? (
        <p className="notice notice--success" role="status">
          {t('workshopForm.saved')}
        </p>
      ) : null}
      {sessionAdded === '1' ? (
        <p className="notice notice--success" role="status">
          {t('sf.added')}
        </p>
      ) : null}
      <p className="actions">
        <Link to={`/organiser/workshops/${id}/sessions/new`} className="button">
          {t('workshopForm.newSession')}
        </Link>
        {workshop.published ? <Link to={`/workshops/${slug}`}>{t('workshopForm.viewPublic')}</Link> : null}
        <Link to={`/organiser/workshops/${id}/worksheets`}>{t('worksheets.manage')}</Link>
        <a href={`/organiser/workshops/${id}/export.xlsx`}>{t('roster.exportXlsx')}</a>
        <a href={`/organiser/workshops/${id}/export.csv`}>{t('roster.exportCsv')}</a>
      </p>
      <section aria-labelledby="sessions-heading">
        <h2 id="sessions-heading">{t('workshopForm.sessions')}</h2>
        <p>
          <Link to={`/organiser/workshops/${workshop.id}/feedback`}>{t('fb.allSessions')}</Link>
        </p>
        {sessions.length === 0 ? (
          <p>{t('workshopForm.noSessions')}</p>
        ) : (
          <DataTable headers={[t('ses.col.when'), t('ses.col.place'), t('ses.col.booked'), t('ses.col.actions')]}>
            {sessions.map((s) => {
              const when = formatTimeRange(s.startsAt, s.endsAt, locale)
              return (
                <tr key={s.id}>
                  <th scope="row">
                    {when}
                    {s.cancelled ? ` (${t('ses.cancelled')})` : ''}
                  </th>
                  <td>{s.place}</td>
                  <td>
                    {t('ses.bookedOf', { confirmed: s.confirmed, capacity: s.capacity })}
                    {s.waitlisted > 0 ? `, ${t('ses.waitlist', { count: s.waitlisted })}` : ''}
                  </td>
                  <td className="actions actions--tight">
                    <Link to={`/organiser/sessions/${s.id}`} aria-label={`${t('ses.edit')}: ${when}`}>
                      {t('ses.edit')}
                    </Link>
                    <Link to={`/organiser/sessions/${s.id}/registrations`} aria-label={`${t('ses.registrations')}: ${when}`}>
                      {t('ses.registrations')}
                    </Link>
                    <Link to={`/organiser/sessions/${s.id}/attendance`} aria-label={`${t('roster.open')}: ${when}`}>
                      {t('roster.open')}
                    </Link>
                    <Link to={`/organiser/sessions/${s.id}/feedback`} aria-label={`${t('fb.title')}: ${when}`}>
                      {t('fb.title')}
                    </Link>
                  </td>
                </tr>
              )
            })}
          </DataTable>
        )}
      </section>
      <section aria-labelledby="edit-heading" className="narrow">
        <h2 id="edit-heading">{t('workshopForm.edit')}</h2>
        <WorkshopFormFields
          values={actionData?.values ?? values}
          errors={actionData?.errors}
          organisers={organisers}
          previewHtml={actionData?.previewHtml}
        />
      </section>
    </>
  )
}

export { ErrorBoundary } from '~/components/RouteErrorBoundary'
