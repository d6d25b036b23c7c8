import type { MessageId, MessageValues } from '~/i18n/intl'

/** A message to show after something was done, with the values it names. */
export type Notice = { id: MessageId; values?: Record<string, string | number> }

/**
 * What every action answers when it does not redirect: the one shape every page reads, so no
 * page casts its action data. `intent` says which of the page's forms answered.
 */
export type ActionData = {
  intent?: string
  /** One message per field, shown next to the field and in the summary. */
  errors?: Partial<Record<string, MessageId>>
  /** A message about the whole form, not one field. */
  formError?: MessageId
  formErrorValues?: MessageValues
  /** What was sent, shown back so nothing typed is lost. */
  values?: Record<string, string | string[]>
  notice?: Notice
}

/** The errors and values of one form on a page with several. */
export function formAnswer(actionData: ActionData | undefined, intent?: string): ActionData {
  if (!actionData) return {}
  if (intent !== undefined && actionData.intent !== intent) return {}
  return actionData
}
