import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { Link, useActionData, useLoaderData, useSearchParams } from '@remix-run/react'
import { WorkshopFormFields } from '~/components/WorkshopFormFields'
import { DataTable } from '~/components/DataTable'
import { Breadcrumbs } from '~/components/Breadcrumbs'
import { translator, useLocale, useT } from '~/i18n/intl'
import { formatTimeRange } from '~/utils/dates'
import { localeFromMatches, pageMeta } from '~/utils/meta'
import { organiserOptions, workshopFormAction } from '~/web/organiser-forms.server'
import { requireManagedWorkshop } from '~/web/guards.server'

export const meta: MetaFunction<typeof loader> = ({ matches, data }) =>
  pageMeta(matches, data ? `${translator(localeFromMatches(matches))('workshopForm.titleEdit')}: ${data.values.title}` : undefined)
export const headers = () => ({ 'Cache-Control': 'no-store' })

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { user, workshop, audiences, sessions } = await requireManagedWorkshop(request, params.id)
  return {
    id: workshop.id,
    slug: workshop.slug,
    organisers: await organiserOptions(user),
    values: {
      title: workshop.title,
      slug: workshop.slug,
      summary: workshop.summary,
      descriptionMd: workshop.description_md,
      topic: workshop.topic,
      audiences: audiences as string[],
      lengthHours: String(workshop.length_hours),
      language: workshop.language,
      organiserId: String(workshop.organiser_id),
      published: workshop.published === 1,
      accreditationRef: workshop.accreditation_ref ?? '',
      requiresBirthDate: workshop.requires_birth_date === 1,
    },
    sessions: sessions.map((s) => ({
      id: s.id,
      startsAt: s.starts_at,
      endsAt: s.ends_at,
      place: s.venue_name ?? 'Online',
      capacity: s.capacity,
      confirmed: s.confirmed_count,
      waitlisted: s.waitlisted_count,
      cancelled: s.status === 'cancelled',
    })),
  }
}

export async function action({ request, params }: ActionFunctionArgs) {
  const { user, workshop } = await requireManagedWorkshop(request, params.id)
  return workshopFormAction(request, user, workshop.id)
}

export default function EditWorkshop() {
  const { id, slug, organisers, values, sessions } = useLoaderData<typeof loader>()
  const actionData = useActionData<typeof action>()
  const [params] = useSearchParams()
  const t = useT()
  const locale = useLocale()
  return (
    <>
      <Breadcrumbs items={[{ label: t('org.title'), to: '/organiser' }, { label: values.title }]} />
      <h1>{values.title}</h1>
      {params.get('saved') === '1' && !actionData ? (
        <p className="notice notice--success" role="status">
          {t('workshopForm.saved')}
        </p>
      ) : null}
      <p className="actions">
        <Link to={`/organiser/workshops/${id}/sessions/new`} className="button">
          {t('workshopForm.newSession')}
        </Link>
        {values.published ? <Link to={`/workshops/${slug}`}>{t('workshopForm.viewPublic')}</Link> : null}
        <Link to={`/organiser/workshops/${id}/worksheets`}>{t('worksheets.manage')}</Link>
        <a href={`/organiser/workshops/${id}/export.xlsx`}>{t('roster.exportXlsx')}</a>
        <a href={`/organiser/workshops/${id}/export.csv`}>{t('roster.exportCsv')}</a>
      </p>
      <section aria-labelledby="sessions-heading">
        <h2 id="sessions-heading">{t('workshopForm.sessions')}</h2>
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
          errors={actionData?.errors ?? {}}
          organisers={organisers}
          previewHtml={actionData?.previewHtml}
        />
      </section>
    </>
  )
}

export { ErrorBoundary } from '~/components/RouteErrorBoundary'
