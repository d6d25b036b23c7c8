import { redirect, type ActionFunctionArgs } from '@remix-run/node'
import { z } from 'zod'
import { serializeLocale } from '~/i18n/locale.server'
import { LOCALES } from '~/i18n/locales'
import { readForm } from '~/web/forms.server'
import { safeRedirectPath } from '~/utils/safe-redirect'

const LanguageForm = z.object({
  lang: z.enum(LOCALES),
  redirectTo: z.string().max(4000).optional(),
})

export async function action({ request }: ActionFunctionArgs) {
  const parsed = LanguageForm.safeParse(Object.fromEntries(await readForm(request)))
  if (!parsed.success) return new Response('Unsupported language.', { status: 400 })
  return redirect(safeRedirectPath(parsed.data.redirectTo, '/workshops'), {
    status: 303,
    headers: { 'Set-Cookie': serializeLocale(parsed.data.lang) },
  })
}

export function loader() {
  return redirect('/workshops')
}
