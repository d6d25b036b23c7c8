import {
  data,
  redirect,
  type ActionFunctionArgs,
  type HeadersFunction,
  type LoaderFunctionArgs,
  type MetaFunction,
} from '@remix-run/node'
import { Form, useActionData, useLoaderData, useSearchParams } from '@remix-run/react'
import { z } from 'zod'
import { ErrorSummary } from '~/components/FieldError'
import { TextField } from '~/components/TextField'
import { translator, useT } from '~/i18n/intl'
import { getLocale } from '~/i18n/locale.server'
import { requestSignIn } from '~/models/auth.server'
import { getUser, homeFor } from '~/web/user-session.server'
import { getDb } from '~/utils/db.server'
import { getEnv } from '~/utils/env.server'
import { readForm } from '~/web/forms.server'
import { localeFromMatches, pageMeta } from '~/utils/meta'
import { wakeOutbox } from '~/jobs/outbox-worker.server'
import { safeRedirectPath } from '~/utils/safe-redirect'

const SignInForm = z.object({
  email: z
    .string()
    .trim()
    .min(1, 'registration.error.email')
    .max(254, 'registration.error.emailTooLong')
    .pipe(z.email('registration.error.emailInvalid')),
})

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
  const email = typeof form.get('email') === 'string' ? String(form.get('email')) : ''
  const parsed = SignInForm.safeParse({ email })
  if (!parsed.success) return data({ email, error: parsed.error.issues[0]!.message, retryAfter: 0 }, { status: 400 })
  const result = await requestSignIn(getDb(), {
    redirectTo: safeRedirectPath(String(form.get('redirectTo') ?? ''), '') || undefined,
    email: parsed.data.email,
    ip: context.clientIp,
    locale: getLocale(request),
    now: new Date(),
    appUrl: getEnv().APP_URL,
  })
  if (result.kind === 'rate_limited') {
    return data(
      { email, error: 'auth.form.rateLimited', retryAfter: result.retryAfterSeconds },
      { status: 429, headers: { 'Retry-After': String(result.retryAfterSeconds) } },
    )
  }
  wakeOutbox()
  return redirect('/sign-in?sent=1', 303)
}

export default function SignIn() {
  const t = useT()
  const { redirectTo } = useLoaderData<typeof loader>()
  const actionData = useActionData<typeof action>()
  const [params] = useSearchParams()
  const error = actionData?.error ? (error429(actionData.error) ?? t(actionData.error as 'registration.error.email')) : undefined
  function error429(id: string) {
    return id === 'auth.form.rateLimited'
      ? t('auth.form.rateLimited', { minutes: Math.ceil((actionData?.retryAfter ?? 60) / 60) })
      : undefined
  }
  if (params.get('sent') === '1') {
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
          defaultValue={actionData?.email}
          error={error}
        />
        <button type="submit" className="button">
          {t('auth.form.submit')}
        </button>
      </Form>
    </div>
  )
}
