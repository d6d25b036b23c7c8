import { useActionData, useSearchParams } from '@remix-run/react'

/**
 * The notices a redirect put in the query string (see redirectWithNotice). They are not
 * shown once the page answers a new POST in place, so an old notice never sits beside a new
 * error.
 */
export function useRedirectNotice<K extends string>(...keys: K[]): Partial<Record<K, string>> {
  const [params] = useSearchParams()
  const answered = useActionData() !== undefined
  const notice: Partial<Record<K, string>> = {}
  if (answered) return notice
  for (const key of keys) {
    const value = params.get(key)
    if (value !== null) notice[key] = value
  }
  return notice
}
