import { ErrorPage } from '~/components/ErrorPage'
import { refuse } from '~/web/refusals.server'

// Any address no other route claims: a real 404 with the site around it.
export function loader() {
  refuse('not_found')
}

export default function NotFound() {
  return <ErrorPage kind="notFound" />
}
