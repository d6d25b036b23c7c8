import { data, type ActionFunctionArgs, type HeadersFunction, type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node'
import { Form, Link, useLoaderData } from '@remix-run/react'
import { translator, useT } from '~/i18n/intl'
import { completeSignIn, getSignInLink, type SignInTokenState } from '~/models/auth.server'
import { getDb } from '~/utils/db.server'
import { localeFromMatches, pageMeta, TOKEN_PAGE_REFERRER } from '~/utils/meta'
import { safeRedirectPath } from '~/utils/safe-redirect'
import { formError, readForm } from '~/web/forms.server'
import { redirectAfterPost } from '~/web/notices.server'
import { endUserSession, homeFor, startUserSession } from '~/web/user-session.server'

const NO_STORE = { 'Cache-Control': 'no-store', 'X-Robots-Tag': 'noindex' }

export const headers: HeadersFunction = () => NO_STORE

export const meta: MetaFunction = ({ matches }) => [
  ...pageMeta(matches, translator(localeFromMatches(matches))('auth.link.title')),
  TOKEN_PAGE_REFERRER,
]

// A GET only shows a button: link scanners in mailboxes open links, and must not use them up.
export async function loader({ request, params }: LoaderFunctionArgs) {
  const { state, email } = await getSignInLink(getDb(), { token: params.token ?? '', now: new Date() })
  const redirectTo = safeRedirectPath(new URL(request.url).searchParams.get('redirectTo') ?? undefined, '')
  return data({ state, email, redirectTo }, { status: statusOf(state), headers: NO_STORE })
}

export async function action({ request, params }: ActionFunctionArgs) {
  // Read before the token is used up: a body that is not a form only loses the destination.
  const form = await readForm(request).catch(() => new FormData())
  const result = await completeSignIn(getDb(), { token: params.token ?? '', now: new Date() })
  if (result.kind !== 'signed_in')
    return formError(`auth.link.${result.kind}`, { status: statusOf(result.kind), headers: NO_STORE })
  // A new session id at every sign-in; whatever session this browser had ends on the server.
  const headers = new Headers(NO_STORE)
  await endUserSession(request)
  headers.append('Set-Cookie', await startUserSession(result.userSessionId))
  return redirectAfterPost(safeRedirectPath(String(form.get('redirectTo') ?? ''), homeFor(result.user)), headers)
}

/** A link that never was is not found; one that was used or ran out is gone for good. */
function statusOf(state: SignInTokenState) {
  return state === 'valid' ? 200 : state === 'unknown' ? 404 : 410
}

export default function SignInLink() {
  const { state, email, redirectTo } = useLoaderData<typeof loader>()
  const t = useT()
  return (
    <div className="narrow">
      <h1>{t('auth.link.title')}</h1>
      {state === 'valid' ? (
        <Form method="post">
          {redirectTo ? <input type="hidden" name="redirectTo" value={redirectTo} /> : null}
          <p>{t('auth.link.confirm', { email: email ?? '' })}</p>
          <button type="submit" className="button">
            {t('auth.link.button')}
          </button>
        </Form>
      ) : (
        <>
          <p>{t(`auth.link.${state}`)}</p>
          <p>
            <Link to="/sign-in">{t('auth.link.again')}</Link>
          </p>
        </>
      )}
    </div>
  )
}
