import { isRefusal, type Refusal } from '~/models/refusal'

/*
 * The one way a route says no. The thrown Response is caught by the route's ErrorBoundary
 * (RouteErrorBoundary), which shows the page for its status in the visitor's language.
 */

const STATUS = { forbidden: 403, not_found: 404, bad_request: 400 } as const
const TEXT = { forbidden: 'Forbidden', not_found: 'Not found', bad_request: 'Bad request' } as const

export type RefusalKind = keyof typeof STATUS

export function refuse(kind: RefusalKind, headers?: HeadersInit): never {
  throw new Response(TEXT[kind], { status: STATUS[kind], headers })
}

/** The model's answer when it is not a refusal; a refusal becomes 403 or 404. */
export function orRefuse<T extends { kind: string }>(result: T, headers?: HeadersInit): Exclude<T, Refusal> {
  if (isRefusal(result)) refuse(result.kind, headers)
  return result as Exclude<T, Refusal>
}

/** The value, or 404 when there is none. */
export function orNotFound<T>(value: T | undefined | null, headers?: HeadersInit): T {
  if (value === undefined || value === null) refuse('not_found', headers)
  return value
}
