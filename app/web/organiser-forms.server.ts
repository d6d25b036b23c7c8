import { data, redirect } from '@remix-run/node'
import type { SignedInUser } from '~/models/auth.server'
import { listOrganisersFor, parseWorkshopForm, saveWorkshop } from '~/models/organiser-workshops.server'
import { getDb } from '~/utils/db.server'
import { readForm } from './forms.server'
import { renderMarkdown } from '~/utils/markdown.server'

/**
 * The workshop form's action, shared by "new" and "edit": preview renders the description
 * without saving (works without JavaScript); save validates, stores and redirects.
 */
export async function workshopFormAction(request: Request, user: SignedInUser, id?: number) {
  const form = await readForm(request)
  const parsed = parseWorkshopForm(form)
  if (form.get('intent') === 'preview') {
    return data({ values: parsed.values, errors: {}, previewHtml: renderMarkdown(parsed.values.descriptionMd) })
  }
  if (!parsed.ok) return data({ values: parsed.values, errors: parsed.errors, previewHtml: undefined }, { status: 400 })
  const result = await saveWorkshop(getDb(), { id, input: parsed.data, user, now: new Date() })
  switch (result.kind) {
    case 'saved':
      return redirect(`/organiser/workshops/${result.id}?saved=1`, 303)
    case 'slug_taken':
      return data(
        { values: parsed.values, errors: { slug: 'workshopForm.error.slugTaken' as const }, previewHtml: undefined },
        { status: 400 },
      )
    case 'forbidden':
      return data(
        { values: parsed.values, errors: { organiserId: 'workshopForm.error.organiser' as const }, previewHtml: undefined },
        { status: 403 },
      )
    case 'not_found':
      throw new Response('Not found', { status: 404 })
  }
}

export async function organiserOptions(user: SignedInUser) {
  return (await listOrganisersFor(getDb(), user)).map((o) => ({ id: o.id, name: o.name }))
}
