import { z } from 'zod'
import type { MessageId } from '~/i18n/intl'
import type { FieldErrors } from '~/utils/fields'
import { AUDIENCES, SCHOOL_LEVELS, TOPICS, type SchoolLevel, type Topic } from './vocabulary'

/*
 * The GET forms of the two public lists, the workshop catalogue and the worksheet library. A
 * bad value never fails the page: it is dropped from the filters, as if it had not been sent,
 * and reported (as a message id) so the page can say what was wrong next to the field.
 */

export const MAX_QUERY_LENGTH = 200
const MAX_PLACE_LENGTH = 100

/** The place filter's value for sessions held online; any other value is a town. */
export const ONLINE_PLACE = 'online'

/** "teacher" matches a workshop for teachers of any school level. */
export const AUDIENCE_FILTERS = ['teacher', ...AUDIENCES] as const
export type AudienceFilter = (typeof AUDIENCE_FILTERS)[number]

const query = z.string().max(MAX_QUERY_LENGTH, 'catalogue.error.qTooLong')
const topic = z.enum(TOPICS, 'catalogue.error.topic')

const CATALOGUE_FILTERS = {
  q: query,
  topic,
  audience: z.enum(AUDIENCE_FILTERS, 'catalogue.error.audience'),
  month: z.string().regex(/^\d{4}-(0[1-9]|1[0-2])$/, 'catalogue.error.month'),
  // A town as the catalogue lists them, or ONLINE_PLACE.
  place: z.string().trim().max(MAX_PLACE_LENGTH, 'catalogue.error.place'),
}

const WORKSHEET_FILTERS = {
  q: query,
  topic,
  level: z.enum(SCHOOL_LEVELS, 'worksheets.error.levels'),
}

export type CatalogueFilters = {
  q: string
  topic?: Topic
  audience?: AudienceFilter
  month?: string
  /** A town, or ONLINE_PLACE. */
  place?: string
  freeOnly: boolean
}

export type FilterField = keyof typeof CATALOGUE_FILTERS
export type FilterErrors = FieldErrors<FilterField>

export function parseCatalogueFilters(params: URLSearchParams): { filters: CatalogueFilters; errors: FilterErrors } {
  const { filters, errors } = readFilters(CATALOGUE_FILTERS, params)
  return {
    filters: { ...filters, q: (filters.q ?? '').trim(), freeOnly: ['1', 'on', 'true'].includes(params.get('free') ?? '') },
    errors,
  }
}

export function hasActiveFilters(filters: CatalogueFilters): boolean {
  return Boolean(filters.q || filters.topic || filters.audience || filters.month || filters.place || filters.freeOnly)
}

/** Whether a filter folded away under the search box is set: the page shows them open then. */
export function hasActiveMoreFilters(filters: CatalogueFilters): boolean {
  return Boolean(filters.topic || filters.audience || filters.month || filters.place || filters.freeOnly)
}

export type WorksheetFilters = { q: string; topic?: Topic; level?: SchoolLevel }
export type WorksheetFilterField = keyof typeof WORKSHEET_FILTERS

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
