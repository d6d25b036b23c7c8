import { redirect, type ActionFunctionArgs } from '@remix-run/node'
import { redirectAfterPost } from '~/web/notices.server'
import { endUserSession } from '~/web/user-session.server'

export async function action({ request }: ActionFunctionArgs) {
  return redirectAfterPost('/workshops', { 'Set-Cookie': await endUserSession(request) })
}

export function loader() {
  return redirect('/workshops')
}
