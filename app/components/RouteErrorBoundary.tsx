import { isRouteErrorResponse, useRouteError } from '@remix-run/react'
import { ErrorPage } from './ErrorPage'

/** 404 and 400 inside the page's layout; anything else goes up to the root's boundary. */
export function ErrorBoundary() {
  const error = useRouteError()
  if (isRouteErrorResponse(error) && error.status === 404) return <ErrorPage kind="notFound" />
  if (isRouteErrorResponse(error) && error.status === 403) return <ErrorPage kind="forbidden" />
  if (isRouteErrorResponse(error) && error.status < 500) return <ErrorPage kind="badRequest" />
  throw error
}
