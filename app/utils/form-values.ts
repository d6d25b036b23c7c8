import type { MessageId } from '~/i18n/intl'

/*
 * What a form sent back, read for display. Kept apart from the field rules (fields.ts) so
 * that pages which only show values do not carry the validation library to the browser.
 */
export function textValue(values: Record<string, string | string[]> | undefined, field: string): string {
  const value = values?.[field]
  return typeof value === 'string' ? value : ''
}

/** A message id per field that was wrong. */
export type FieldErrors<F extends string> = Partial<Record<F, MessageId>>
export type FormValues<F extends string> = Record<F, string> & Partial<Record<F, string | string[]>>
