/**
 * What a model answers when the caller may not do something, or the thing is not there. The
 * route boundary turns it into 403 or 404 (`orRefuse` in app/web/refusals.server.ts).
 */
export type Refusal = { kind: 'forbidden' } | { kind: 'not_found' }

/** A model's answer that may also be a refusal. */
export type Guarded<T> = T | Refusal

/** A lookup that may be refused: the value, or why not. */
export type Access<T> = Guarded<{ kind: 'ok'; value: T }>

export const FORBIDDEN = { kind: 'forbidden' } as const
export const NOT_FOUND = { kind: 'not_found' } as const

export function isRefusal(result: { kind: string }): result is Refusal {
  return result.kind === 'forbidden' || result.kind === 'not_found'
}
