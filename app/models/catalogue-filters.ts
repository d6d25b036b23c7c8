import type { FieldErrors } from '~/utils/form-values'
import { AUDIENCES, type SchoolLevel, type Topic } from './vocabulary'

/*
 * The GET forms of the two public lists, the workshop catalogue and the worksheet library:
 * what the pages need to show them. The rules that read them are in catalogue-filters.server.ts.
 */

export const MAX_QUERY_LENGTH = 200
export const MAX_PLACE_LENGTH = 100

/** The place filter's value for sessions held online; any other value is a town. */
export const ONLINE_PLACE = 'online'

/** "teacher" matches a workshop for teachers of any school level. */
export const AUDIENCE_FILTERS = ['teacher', ...AUDIENCES] as const
export type AudienceFilter = (typeof AUDIENCE_FILTERS)[number]

export type CatalogueFilters = {
  q: string
  topic?: Topic
  audience?: AudienceFilter
  month?: string
  /** A town, or ONLINE_PLACE. */
  place?: string
  freeOnly: boolean
}

export type FilterField = 'q' | 'topic' | 'audience' | 'month' | 'place'
export type FilterErrors = FieldErrors<FilterField>

export function hasActiveFilters(filters: CatalogueFilters): boolean {
  return Boolean(filters.q || filters.topic || filters.audience || filters.month || filters.place || filters.freeOnly)
}

/** Whether a filter folded away under the search box is set: the page shows them open then. */
export function hasActiveMoreFilters(filters: CatalogueFilters): boolean {
  return Boolean(filters.topic || filters.audience || filters.month || filters.place || filters.freeOnly)
}

export type WorksheetFilters = { q: string; topic?: Topic; level?: SchoolLevel }
export type WorksheetFilterField = 'q' | 'topic' | 'level'
