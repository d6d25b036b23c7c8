import { z } from 'zod'
import type { MessageId } from '~/i18n/intl'
import type { FieldErrors } from '~/utils/form-values'
import {
  AUDIENCE_FILTERS,
  MAX_PLACE_LENGTH,
  MAX_QUERY_LENGTH,
  type CatalogueFilters,
  type FilterErrors,
  type FilterField,
  type WorksheetFilterField,
  type WorksheetFilters,
} from './catalogue-filters'
import { SCHOOL_LEVELS, TOPICS } from './vocabulary'

/*
 * A bad value never fails the page: it is dropped from the filters, as if it had not been sent,
 * and reported (as a message id) so the page can say what was wrong next to the field.
 */

const query = z.string().max(MAX_QUERY_LENGTH, 'catalogue.error.qTooLong')
const topic = z.enum(TOPICS, 'catalogue.error.topic')

const CATALOGUE_FILTERS = {
  q: query,
  topic,
  audience: z.enum(AUDIENCE_FILTERS, 'catalogue.error.audience'),
  month: z.string().regex(/^\d{4}-(0[1-9]|1[0-2])$/, 'catalogue.error.month'),
  // A town as the catalogue lists them, or ONLINE_PLACE.
  place: z.string().trim().max(MAX_PLACE_LENGTH, 'catalogue.error.place'),
} satisfies Record<FilterField, z.ZodType<unknown, string>>

const WORKSHEET_FILTERS = {
  q: query,
  topic,
  level: z.enum(SCHOOL_LEVELS, 'worksheets.error.levels'),
} satisfies Record<WorksheetFilterField, z.ZodType<unknown, string>>

export function parseCatalogueFilters(params: URLSearchParams): { filters: CatalogueFilters; errors: FilterErrors } {
  const { filters, errors } = readFilters(CATALOGUE_FILTERS, params)
  return {
    filters: { ...filters, q: (filters.q ?? '').trim(), freeOnly: ['1', 'on', 'true'].includes(params.get('free') ?? '') },
    errors,
  }
}

export function parseWorksheetFilters(params: URLSearchParams): {
  filters: WorksheetFilters
  errors: FieldErrors<WorksheetFilterField>
} {
  const { filters, errors } = readFilters(WORKSHEET_FILTERS, params)
  return { filters: { ...filters, q: (filters.q ?? '').trim() }, errors }
}

type FilterRules = Record<string, z.ZodType<unknown, string>>

/** Each filter that was sent and passes its rule; an empty field is no filter. */
function readFilters<R extends FilterRules>(
  rules: R,
  params: URLSearchParams,
): { filters: { [K in keyof R]?: z.output<R[K]> }; errors: FieldErrors<Extract<keyof R, string>> } {
  const filters: { [K in keyof R]?: z.output<R[K]> } = {}
  const errors: FieldErrors<Extract<keyof R, string>> = {}
  for (const field of Object.keys(rules) as Extract<keyof R, string>[]) {
    const sent = params.get(field)
    if (!sent) continue
    const result = rules[field]!.safeParse(sent)
    if (result.success) filters[field] = result.data as z.output<R[typeof field]>
    else errors[field] = (result.error.issues[0]?.message ?? 'catalogue.error.generic') as MessageId
  }
  return { filters, errors }
}
