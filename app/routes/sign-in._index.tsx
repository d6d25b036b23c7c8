import { redirect } from '@remix-run/node'
import type { ActionFunctionArgs, HeadersFunction, LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { Form, useActionData, useLoaderData } from '@remix-run/react'
import { ErrorSummary } from '~/components/FieldError'
import { TextField } from '~/components/TextField'
import { translator, useT } from '~/i18n/intl'
import { getLocale } from '~/i18n/locale.server'
import { parseSignInForm, requestSignIn } from '~/models/auth.server'
import { getDb } from '~/utils/db.server'
import { getEnv } from '~/utils/env.server'
import { textValue } from '~/utils/form-values'
import { localeFromMatches, pageMeta } from '~/utils/meta'
import { safeRedirectPath } from '~/utils/safe-redirect'
import { wakeOutbox } from '~/jobs/outbox-worker.server'
import { formError, invalidForm, readForm } from '~/web/forms.server'
import { redirectWithNotice } from '~/web/notices.server'
import { useRedirectNotice } from '~/web/notices'
import { getUser, homeFor } from '~/web/user-session.server'

export const meta: MetaFunction = ({ matches }) => pageMeta(matches, translator(localeFromMatches(matches))('auth.form.title'))

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await getUser(request)
  const redirectTo = safeRedirectPath(new URL(request.url).searchParams.get('redirectTo') ?? undefined, '')
  if (user) throw redirect(redirectTo || homeFor(user))
  return { redirectTo }
}

// Remix drops a route's own headers unless the route passes them on: the 429's Retry-After.
export const headers: HeadersFunction = ({ actionHeaders, loaderHeaders }) =>
  actionHeaders.has('Retry-After') ? actionHeaders : loaderHeaders

export async function action({ request, context }: ActionFunctionArgs) {
  const form = await readForm(request)
  const parsed = parseSignInForm(form)
  if (!parsed.ok) return invalidForm(parsed)
  const result = await requestSignIn(getDb(), {
    redirectTo: safeRedirectPath(String(form.get('redirectTo') ?? ''), '') || undefined,
    email: parsed.data.email,
    ip: context.clientIp,
    locale: getLocale(request),
    now: new Date(),
    appUrl: getEnv().APP_URL,
  })
  if (result.kind === 'rate_limited') {
    return formError('auth.form.rateLimited', {
      status: 429,
      headers: { 'Retry-After': String(result.retryAfterSeconds) },
      values: parsed.values,
      messageValues: { minutes: Math.ceil(result.retryAfterSeconds / 60) },
    })
  }
  wakeOutbox()
  return redirectWithNotice('/sign-in', { sent: 1 })
}

export default function SignIn() {
  const t = useT()
  const { redirectTo } = useLoaderData<typeof loader>()
  const actionData = useActionData<typeof action>()
  const { sent } = useRedirectNotice('sent')
  // A refused address and a refused request are both told next to the one field.
  const refusal = actionData?.errors?.email ?? actionData?.formError
  const error = refusal ? t(refusal, actionData?.formErrorValues) : undefined
  if (sent === '1') {
    return (
      <div className="narrow">
        <h1>{t('auth.form.sent.title')}</h1>
        <p>{t('auth.form.sent.text')}</p>
      </div>
    )
  }
  return (
    <div className="narrow">
      <h1>{t('auth.form.title')}</h1>
      <p>{t('auth.form.intro')}</p>
      <Form method="post" noValidate>
        {redirectTo ? <input type="hidden" name="redirectTo" value={redirectTo} /> : null}
        <ErrorSummary title={t('booking.error.summary')} errors={error ? [{ field: 'email', message: error }] : []} />
        <TextField
          name="email"
          type="email"
          label={t('auth.form.email')}
          autoComplete="email"
          spellCheck={false}
          defaultValue={textValue(actionData?.values, 'email')}
          error={error}
        />
        <button type="submit" className="button">
          {t('auth.form.submit')}
        </button>
      </Form>
    </div>
  )
}
