import { ErrorPage } from '~/components/ErrorPage'

// Any address no other route claims: a real 404 with the site around it.
export function loader() {
  throw new Response('Not found', { status: 404 })
}

export default function NotFound() {
  return <ErrorPage kind="notFound" />
}
