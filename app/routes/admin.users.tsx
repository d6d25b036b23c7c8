import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node'
import { Form, Link, useActionData, useLoaderData, useSearchParams } from '@remix-run/react'
import { z } from 'zod'
import { ROLES } from '~/models/vocabulary'
import { SelectField } from '~/components/ChoiceFields'
import { ErrorSummary } from '~/components/FieldError'
import { TextField } from '~/components/TextField'
import { DataTable } from '~/components/DataTable'
import { translator, useLocale, useT, type MessageId } from '~/i18n/intl'
import { getLocale } from '~/i18n/locale.server'
import { setRole } from '~/models/auth.server'
import { inviteOrganiser, listUsers } from '~/models/users.server'
import { requireRole } from '~/web/user-session.server'
import { formatDateTime } from '~/utils/dates'
import { getDb } from '~/utils/db.server'
import { getEnv } from '~/utils/env.server'
import { readForm } from '~/web/forms.server'
import { localeFromMatches, pageMeta } from '~/utils/meta'
import { wakeOutbox } from '~/jobs/outbox-worker.server'

export const meta: MetaFunction = ({ matches }) => pageMeta(matches, translator(localeFromMatches(matches))('adm.users'))
export const headers = () => ({ 'Cache-Control': 'no-store' })

export async function loader({ request }: LoaderFunctionArgs) {
  const admin = await requireRole(request, ['admin'])
  const db = getDb()
  const [users, organisers] = await Promise.all([
    listUsers(db),
    db.selectFrom('organisers').select(['id', 'name']).orderBy('name').execute(),
  ])
  return { users, organisers, selfId: admin.id }
}

const InviteForm = z.object({
  email: z.string().trim().max(254, 'registration.error.emailTooLong').pipe(z.email('registration.error.emailInvalid')),
  name: z
    .string()
    .trim()
    .max(120, 'form.error.tooLong')
    .refine((v) => !/[\u0000-\u001F<>]/.test(v), 'form.error.control'),
  organiserId: z.coerce
    .number('workshopForm.error.organiser')
    .int('workshopForm.error.organiser')
    .positive('workshopForm.error.organiser'),
})

export async function action({ request }: ActionFunctionArgs) {
  const admin = await requireRole(request, ['admin'])
  const form = await readForm(request)
  const now = new Date()
  if (form.get('intent') === 'role') {
    const userId = Number(form.get('userId'))
    const role = z.enum(ROLES).safeParse(form.get('role'))
    const target = await getDb().selectFrom('users').select(['id', 'email']).where('id', '=', userId).executeTakeFirst()
    if (!target || !role.success) return data({ error: 'error.badRequest' as MessageId }, { status: 400 })
    if (target.id === admin.id) return data({ error: 'adm.cannotDemoteSelf' as MessageId }, { status: 400 })
    await setRole(getDb(), { email: target.email, role: role.data, actor: admin, now })
    return redirect('/admin/users?done=role', 303)
  }
  const values = {
    email: String(form.get('email') ?? ''),
    name: String(form.get('name') ?? ''),
    organiserId: String(form.get('organiserId') ?? ''),
  }
  const parsed = InviteForm.safeParse(values)
  if (!parsed.success) {
    const errors: Record<string, MessageId> = {}
    for (const issue of parsed.error.issues) errors[String(issue.path[0])] ??= issue.message as MessageId
    return data({ errors, values }, { status: 400 })
  }
  const result = await inviteOrganiser(getDb(), {
    ...parsed.data,
    actor: admin,
    locale: getLocale(request),
    now,
    appUrl: getEnv().APP_URL,
  })
  if (result.kind !== 'invited')
    return data({ errors: { organiserId: 'workshopForm.error.organiser' as MessageId }, values }, { status: 400 })
  wakeOutbox()
  return redirect('/admin/users?done=invited', 303)
}

export default function AdminUsers() {
  const { users, organisers, selfId } = useLoaderData<typeof loader>()
  const actionData = useActionData<typeof action>() as
    { error?: MessageId; errors?: Record<string, MessageId>; values?: Record<string, string> } | undefined
  const [params] = useSearchParams()
  const t = useT()
  const locale = useLocale()
  const errors = actionData?.errors ?? {}
  const message = (f: string) => (errors[f] ? t(errors[f]!) : undefined)
  const done = params.get('done')
  return (
    <>
      <h1>{t('adm.users')}</h1>
      <p>
        <Link to="/admin/audit">{t('adm.audit')}</Link>
      </p>
      {done && !actionData ? (
        <p className="notice notice--success" role="status">
          {done === 'invited' ? t('adm.invited') : t('adm.roleSaved')}
        </p>
      ) : null}
      {actionData?.error ? (
        <p className="notice notice--warning" role="alert">
          {t(actionData.error)}
        </p>
      ) : null}
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
            defaultValue={actionData?.values?.email}
            error={message('email')}
          />
          <TextField name="name" label={t('adm.name')} defaultValue={actionData?.values?.name} error={message('name')} />
          <SelectField
            name="organiserId"
            label={t('adm.organiser')}
            defaultValue={actionData?.values?.organiserId}
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
            <td>{u.last_sign_in_at ? formatDateTime(u.last_sign_in_at, locale) : '–'}</td>
            <td>
              {u.id === selfId ? (
                t(`adm.role.${u.role}`)
              ) : (
                <Form method="post" className="inline-form">
                  <input type="hidden" name="intent" value="role" />
                  <input type="hidden" name="userId" value={u.id} />
                  <label htmlFor={`role-${u.id}`} className="visually-hidden">
                    {t('adm.changeRole', { email: u.email })}
                  </label>
                  <select id={`role-${u.id}`} name="role" defaultValue={u.role}>
                    {ROLES.map((r) => (
                      <option key={r} value={r}>
                        {t(`adm.role.${r}`)}
                      </option>
                    ))}
                  </select>
                  <button type="submit" className="button button--secondary">
                    {t('adm.saveRole')}
                    <span className="visually-hidden">: {u.email}</span>
                  </button>
                </Form>
              )}
            </td>
          </tr>
        ))}
      </DataTable>
    </>
  )
}

export { ErrorBoundary } from '~/components/RouteErrorBoundary'
