import type { MessageId } from '~/i18n/intl'
import type { FieldErrors } from '~/utils/fields.server'
import { parseId } from '~/utils/fields.server'
import { pragueDateKey } from '~/utils/dates'
import { AUDIENCE_FILTERS, type AudienceFilter } from './catalogue-filters'
import { customPeriod, namedPeriod, periodValuesOf, PERIOD_KINDS, type Period, type PeriodKind } from './statistics-periods'
import { SCHOOL_LEVELS, TOPICS, type SchoolLevel, type Topic } from './vocabulary'

/*
 * The dashboard's GET form. As with the catalogue, a bad value never fails the page: it is
 * dropped (the period falls back to the current school year), kept in the field as sent, and
 * reported next to it as a message id, with status 400.
 */

export const STATISTICS_FIELDS = ['period', 'value', 'from', 'to', 'body', 'topic', 'audience', 'level', 'workshop'] as const
export type StatisticsField = (typeof STATISTICS_FIELDS)[number]
export type StatisticsValues = Record<StatisticsField, string>

export type StatisticsFilters = {
  organiserId?: number
  topic?: Topic
  /** Workshops meant for this audience ("teacher": teachers of any level). */
  audience?: AudienceFilter
  /** Workshops meant for teachers of this school level. */
  schoolLevel?: SchoolLevel
  workshopId?: number
}

export type StatisticsRequest = {
  kind: PeriodKind
  period: Period
  filters: StatisticsFilters
}

/** What the filters may name: the bodies and workshops in the viewer's scope. */
export type StatisticsAllowed = { bodyIds: number[]; workshopIds: number[] }

const VALUE_ERRORS: Record<Exclude<PeriodKind, 'custom'>, MessageId> = {
  month: 'stats.error.month',
  quarter: 'stats.error.quarter',
  schoolYear: 'stats.error.schoolYear',
  year: 'stats.error.year',
}

function oneOf<T extends string>(list: readonly T[], value: string): T | undefined {
  return (list as readonly string[]).includes(value) ? (value as T) : undefined
}

export function parseStatisticsFilters(
  params: URLSearchParams,
  { allowed, now }: { allowed: StatisticsAllowed; now: Date },
): { request: StatisticsRequest; values: StatisticsValues; errors: FieldErrors<StatisticsField> } {
  const values = Object.fromEntries(
    STATISTICS_FIELDS.map((field) => [field, (params.get(field) ?? '').trim().slice(0, 100)]),
  ) as StatisticsValues
  const errors: FieldErrors<StatisticsField> = {}
  const current = periodValuesOf(pragueDateKey(now.toISOString()))
  const fallback = { kind: 'schoolYear' as const, period: namedPeriod('schoolYear', current.schoolYear)! }

  let kind: PeriodKind = 'schoolYear'
  if (values.period !== '') {
    const known = oneOf(PERIOD_KINDS, values.period)
    if (known) kind = known
    else errors.period = 'stats.error.period'
  }
  let chosen: { kind: PeriodKind; period: Period } = fallback
  if (kind === 'custom') {
    const checked = customPeriod(values.from, values.to)
    if (checked.ok) chosen = { kind, period: checked.period }
    else if (checked.problem === 'from') errors.from = values.from === '' ? 'stats.error.fromMissing' : 'stats.error.date'
    else if (checked.problem === 'to') errors.to = values.to === '' ? 'stats.error.toMissing' : 'stats.error.date'
    else if (checked.problem === 'order') errors.to = 'stats.error.order'
    else errors.to = 'stats.error.tooLong'
  } else {
    const value = values.value === '' ? current[kind] : values.value
    const period = namedPeriod(kind, value)
    if (period) chosen = { kind, period }
    else errors.value = VALUE_ERRORS[kind]
  }

  const filters: StatisticsFilters = {}
  const id = (field: 'body' | 'workshop', ids: number[], message: MessageId) => {
    if (values[field] === '') return undefined
    const parsed = parseId(values[field])
    if (parsed !== undefined && ids.includes(parsed)) return parsed
    errors[field] = message
    return undefined
  }
  const choice = <T extends string>(field: 'topic' | 'audience' | 'level', list: readonly T[], message: MessageId) => {
    if (values[field] === '') return undefined
    const known = oneOf(list, values[field])
    if (!known) errors[field] = message
    return known
  }
  const organiserId = id('body', allowed.bodyIds, 'stats.error.body')
  if (organiserId !== undefined) filters.organiserId = organiserId
  const workshopId = id('workshop', allowed.workshopIds, 'stats.error.workshop')
  if (workshopId !== undefined) filters.workshopId = workshopId
  const topic = choice('topic', TOPICS, 'stats.error.topic')
  if (topic) filters.topic = topic
  const audience = choice('audience', AUDIENCE_FILTERS, 'stats.error.audience')
  if (audience) filters.audience = audience
  const schoolLevel = choice('level', SCHOOL_LEVELS, 'stats.error.level')
  if (schoolLevel) filters.schoolLevel = schoolLevel

  return { request: { ...chosen, filters }, values, errors }
}

/** The query string of a request that passed, for the download links: the same figures, as files. */
export function statisticsSearch(request: StatisticsRequest): string {
  const params = new URLSearchParams({ period: request.kind })
  if (request.kind === 'custom') {
    params.set('from', request.period.from)
    params.set('to', request.period.to)
  } else {
    params.set('value', periodValuesOf(request.period.from)[request.kind])
  }
  const { organiserId, workshopId, topic, audience, schoolLevel } = request.filters
  if (organiserId !== undefined) params.set('body', String(organiserId))
  if (topic) params.set('topic', topic)
  if (audience) params.set('audience', audience)
  if (schoolLevel) params.set('level', schoolLevel)
  if (workshopId !== undefined) params.set('workshop', String(workshopId))
  return `?${params.toString()}`
}
