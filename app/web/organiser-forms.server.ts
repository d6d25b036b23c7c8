import { data } from '@remix-run/node'
import type { SignedInUser } from '~/models/auth.server'
import { parseWorkshopForm, saveWorkshop } from '~/models/organiser-workshops.server'
import { getDb } from '~/utils/db.server'
import { textValue } from '~/utils/form-values'
import { renderMarkdown } from '~/utils/markdown.server'
import type { ActionData } from './action-data'
import { invalidForm, readForm } from './forms.server'
import { redirectWithNotice } from './notices.server'
import { orRefuse } from './refusals.server'

/** The workshop form's answer: ActionData, and the description rendered when a preview was asked for. */
export type WorkshopFormAnswer = ActionData & { previewHtml?: string }

/**
 * The workshop form's action, shared by "new" and "edit": preview renders the description
 * without saving (works without JavaScript); save validates, stores and redirects.
 */
export async function workshopFormAction(
  request: Request,
  user: SignedInUser,
  id?: number,
): Promise<ReturnType<typeof data<WorkshopFormAnswer>> | ReturnType<typeof redirectWithNotice>> {
  const form = await readForm(request)
  const parsed = parseWorkshopForm(form)
  if (form.get('intent') === 'preview') {
    const previewHtml = renderMarkdown(textValue(parsed.values, 'descriptionMd'))
    return data<WorkshopFormAnswer>({ intent: 'preview', values: parsed.values, previewHtml })
  }
  if (!parsed.ok) return invalidForm(parsed)
  const result = await saveWorkshop(getDb(), { id, input: parsed.data, user, now: new Date() })
  // The body chosen in the form is one this organiser may not act for: said next to that field.
  if (result.kind === 'forbidden')
    return invalidForm({ errors: { organiserId: 'workshopForm.error.organiser' }, values: parsed.values }, { status: 403 })
  const saved = orRefuse(result)
  if (saved.kind === 'slug_taken') return invalidForm({ errors: { slug: 'workshopForm.error.slugTaken' }, values: parsed.values })
  return redirectWithNotice(`/organiser/workshops/${saved.id}`, { saved: 1 })
}
