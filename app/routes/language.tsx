import { redirect, type ActionFunctionArgs } from '@remix-run/node'
import { parseLanguageForm, serializeLocale } from '~/i18n/locale.server'
import { safeRedirectPath } from '~/utils/safe-redirect'
import { readForm } from '~/web/forms.server'
import { redirectAfterPost } from '~/web/notices.server'

export async function action({ request }: ActionFunctionArgs) {
  const parsed = parseLanguageForm(await readForm(request))
  if (!parsed.ok) return new Response('Unsupported language.', { status: 400 })
  return redirectAfterPost(safeRedirectPath(parsed.data.redirectTo, '/workshops'), {
    'Set-Cookie': serializeLocale(parsed.data.lang),
  })
}

export function loader() {
  return redirect('/workshops')
}
