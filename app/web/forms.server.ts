import { data } from '@remix-run/node'
import type { MessageId, MessageValues } from '~/i18n/intl'
import type { FieldErrors } from '~/utils/fields.server'
import type { ActionData, Notice } from './action-data'

/** Reads a form body; a body that is not a form is the sender's mistake, answered with 400. */
export async function readForm(request: Request): Promise<FormData> {
  try {
    return await request.formData()
  } catch {
    throw new Response('The request body is not a form.', { status: 400 })
  }
}

type AnswerOptions = { intent?: string; status?: number; headers?: HeadersInit }

/** A form that did not pass: its errors next to its fields, what was typed kept (400). */
export function invalidForm<F extends string>(
  parsed: { errors: FieldErrors<F>; values: Record<F, string | string[]> | Record<string, string | string[]> },
  { intent, status = 400, headers }: AnswerOptions = {},
) {
  return data<ActionData>({ intent, errors: parsed.errors, values: parsed.values }, { status, headers })
}

/** A message about the whole form (a conflict, a stale page), with what was typed kept. */
export function formError(
  message: MessageId,
  {
    intent,
    status = 400,
    headers,
    values,
    messageValues,
    errors,
  }: AnswerOptions & {
    values?: Record<string, string | string[]>
    messageValues?: MessageValues
    errors?: ActionData['errors']
  } = {},
) {
  return data<ActionData>({ intent, formError: message, formErrorValues: messageValues, values, errors }, { status, headers })
}

/** Done, shown in place (for forms sent by fetch that stay on the page). */
export function doneInPlace(notice: Notice, { intent, status = 200, headers }: AnswerOptions = {}) {
  return data<ActionData>({ intent, notice }, { status, headers })
}
