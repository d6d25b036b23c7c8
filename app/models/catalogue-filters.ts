import { z } from 'zod'
import { AUDIENCES, TOPICS } from '../../db/schema'

export const MAX_QUERY_LENGTH = 200

/** "teacher" matches a workshop for teachers of any school level. */
export const AUDIENCE_FILTERS = ['teacher', ...AUDIENCES] as const
export type AudienceFilter = (typeof AUDIENCE_FILTERS)[number]

export type CatalogueFilters = {
  q: string
  topic?: (typeof TOPICS)[number]
  audience?: AudienceFilter
  month?: string
  freeOnly: boolean
}

export type FilterField = 'q' | 'topic' | 'audience' | 'month'
export type FilterErrors = Partial<Record<FilterField, string>>

const emptyToUndefined = (v: unknown) => (v === '' || v === null ? undefined : v)

const fieldSchemas = {
  q: z.string().max(MAX_QUERY_LENGTH, 'catalogue.error.qTooLong'),
  topic: z.preprocess(emptyToUndefined, z.enum(TOPICS, 'catalogue.error.topic').optional()),
  audience: z.preprocess(emptyToUndefined, z.enum(AUDIENCE_FILTERS, 'catalogue.error.audience').optional()),
  month: z.preprocess(
    emptyToUndefined,
    z
      .string()
      .regex(/^\d{4}-(0[1-9]|1[0-2])$/, 'catalogue.error.month')
      .optional(),
  ),
}

/**
 * Reads the catalogue's GET form. A bad value never fails the page: it is dropped from the
 * filters and reported (as a message id) so the page can say what was wrong next to the field.
 */
export function parseCatalogueFilters(params: URLSearchParams): { filters: CatalogueFilters; errors: FilterErrors } {
  const errors: FilterErrors = {}
  const read = <K extends FilterField>(field: K) => {
    const result = fieldSchemas[field].safeParse(params.get(field) ?? (field === 'q' ? '' : undefined))
    if (result.success) return result.data
    errors[field] = result.error.issues[0]?.message ?? 'catalogue.error.generic'
    return undefined
  }
  const q = (read('q') as string | undefined) ?? ''
  const filters: CatalogueFilters = {
    q: q.trim(),
    topic: read('topic') as CatalogueFilters['topic'],
    audience: read('audience') as CatalogueFilters['audience'],
    month: read('month') as string | undefined,
    freeOnly: ['1', 'on', 'true'].includes(params.get('free') ?? ''),
  }
  return { filters, errors }
}

export function hasActiveFilters(filters: CatalogueFilters): boolean {
  return Boolean(filters.q || filters.topic || filters.audience || filters.month || filters.freeOnly)
}
