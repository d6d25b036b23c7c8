import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { Form, Link, useActionData, useLoaderData } from '@remix-run/react'
import { ROLES } from '~/models/vocabulary'
import { ActionNotices } from '~/components/ActionNotices'
import { SelectField } from '~/components/ChoiceFields'
import { DataTable } from '~/components/DataTable'
import { ErrorSummary } from '~/components/FieldError'
import { RowSelectForm } from '~/components/RowSelectForm'
import { TextField } from '~/components/TextField'
import { translator, useLocale, useT } from '~/i18n/intl'
import { getLocale } from '~/i18n/locale.server'
import { changeRole, getUsersPage, inviteOrganiser, parseInviteForm, parseRoleForm } from '~/models/users.server'
import { formatDateTime } from '~/utils/dates'
import { getDb } from '~/utils/db.server'
import { getEnv } from '~/utils/env.server'
import { textValue } from '~/utils/form-values'
import { localeFromMatches, pageMeta } from '~/utils/meta'
import { wakeOutbox } from '~/jobs/outbox-worker.server'
import { formAnswer } from '~/web/action-data'
import { formError, invalidForm, readForm } from '~/web/forms.server'
import { redirectWithNotice } from '~/web/notices.server'
import { useRedirectNotice } from '~/web/notices'
import { requireRole } from '~/web/user-session.server'

export const meta: MetaFunction = ({ matches }) => pageMeta(matches, translator(localeFromMatches(matches))('adm.users'))
export const headers = () => ({ 'Cache-Control': 'no-store' })

export async function loader({ request }: LoaderFunctionArgs) {
  const admin = await requireRole(request, ['admin'])
  return getUsersPage(getDb(), { admin, now: new Date() })
}

export async function action({ request }: ActionFunctionArgs) {
  const admin = await requireRole(request, ['admin'])
  const form = await readForm(request)
  const now = new Date()
  if (form.get('intent') === 'role') {
    const parsed = parseRoleForm(form)
    if (!parsed.ok) return formError('error.badRequest', { intent: 'role' })
    const changed = await changeRole(getDb(), { ...parsed.data, actor: admin, now })
    if (changed.kind !== 'changed')
      return formError(changed.kind === 'self' ? 'adm.cannotDemoteSelf' : 'error.badRequest', { intent: 'role' })
    return redirectWithNotice('/admin/users', { done: 'role' })
  }
  // The invite form sends intent=invite; a form without an intent is read as one too.
  const parsed = parseInviteForm(form)
  if (!parsed.ok) return invalidForm(parsed, { intent: 'invite' })
  const invited = await inviteOrganiser(getDb(), {
    ...parsed.data,
    actor: admin,
    locale: getLocale(request),
    now,
    appUrl: getEnv().APP_URL,
  })
  if (invited.kind !== 'invited')
    return invalidForm({ errors: { organiserId: 'workshopForm.error.organiser' }, values: parsed.values }, { intent: 'invite' })
  wakeOutbox()
  return redirectWithNotice('/admin/users', { done: 'invited' })
}

export default function AdminUsers() {
  const { users, organisers, selfId } = useLoaderData<typeof loader>()
  const actionData = useActionData<typeof action>()
  const { values, errors = {} } = formAnswer(actionData, 'invite')
  const { done } = useRedirectNotice('done')
  const t = useT()
  const locale = useLocale()
  const message = (f: string) => {
    const error = errors[f]
    return error ? t(error) : undefined
  }
  return (
    <>
      <h1>{t('adm.users')}</h1>
      <p>
        <Link to="/admin/audit">{t('audit.title')}</Link>
        {' · '}
        <Link to="/admin/jobs">{t('adm.jobs')}</Link>
      </p>
      {done ? (
        <p className="notice notice--success" role="status">
          {done === 'invited' ? t('adm.invited') : t('adm.roleSaved')}
        </p>
      ) : null}
      <ActionNotices answer={actionData} />
      <section aria-labelledby="invite-heading" className="narrow">
        <h2 id="invite-heading">{t('adm.invite')}</h2>
        <p>{t('adm.inviteHint')}</p>
        <Form method="post" noValidate>
          <input type="hidden" name="intent" value="invite" />
          <ErrorSummary
            title={t('form.error.summary')}
            errors={Object.keys(errors).map((field) => ({ field, message: message(field)! }))}
          />
          <TextField
            name="email"
            type="email"
            label={t('adm.email')}
            defaultValue={textValue(values, 'email')}
            error={message('email')}
          />
          <TextField name="name" label={t('adm.name')} defaultValue={textValue(values, 'name')} error={message('name')} />
          <SelectField
            name="organiserId"
            label={t('adm.organiser')}
            defaultValue={values ? textValue(values, 'organiserId') : undefined}
            error={message('organiserId')}
            options={organisers.map((o) => ({ value: String(o.id), label: o.name }))}
          />
          <button type="submit" className="button">
            {t('adm.inviteButton')}
          </button>
        </Form>
      </section>
      <DataTable headers={[t('adm.col.email'), t('adm.col.organisers'), t('adm.col.lastSignIn'), t('adm.col.role')]}>
        {users.map((u) => (
          <tr key={u.id}>
            <th scope="row">
              {u.email}
              {u.name ? <span className="muted"> ({u.name})</span> : null}
            </th>
            <td>{u.organisers.join(', ')}</td>
            <td>{u.lastSignInAt ? formatDateTime(u.lastSignInAt, locale) : '–'}</td>
            <td>
              {u.id === selfId ? (
                t(`adm.role.${u.role}`)
              ) : (
                <RowSelectForm
                  fields={{ intent: 'role', userId: u.id }}
                  select={{
                    id: `role-${u.id}`,
                    name: 'role',
                    defaultValue: u.role,
                    options: ROLES.map((r) => ({ value: r, label: t(`adm.role.${r}`) })),
                  }}
                  label={t('adm.changeRole', { email: u.email })}
                  button={t('adm.saveRole')}
                  row={u.email}
                />
              )}
            </td>
          </tr>
        ))}
      </DataTable>
    </>
  )
}

export { ErrorBoundary } from '~/components/RouteErrorBoundary'
