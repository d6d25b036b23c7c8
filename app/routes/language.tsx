import { redirect, type ActionFunctionArgs } from '@remix-run/node'
import { z } from 'zod'
import { serializeLocale } from '~/i18n/locale.server'
import { LOCALES } from '~/i18n/locales'
import { parseForm } from '~/utils/fields'
import { safeRedirectPath } from '~/utils/safe-redirect'
import { readForm } from '~/web/forms.server'
import { redirectAfterPost } from '~/web/notices.server'

/** The language switcher in every page's header: no page of its own, so no field messages. */
const LanguageForm = z.object({
  lang: z.enum(LOCALES),
  redirectTo: z.string().max(4000),
})

export async function action({ request }: ActionFunctionArgs) {
  const parsed = parseForm(LanguageForm, await readForm(request))
  if (!parsed.ok) return new Response('Unsupported language.', { status: 400 })
  return redirectAfterPost(safeRedirectPath(parsed.data.redirectTo, '/workshops'), {
    'Set-Cookie': serializeLocale(parsed.data.lang),
  })
}

export function loader() {
  return redirect('/workshops')
}
