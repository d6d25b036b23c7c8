import { redirect, type ActionFunctionArgs } from '@remix-run/node'
import { endUserSession } from '~/web/user-session.server'

export async function action({ request }: ActionFunctionArgs) {
  return redirect('/workshops', { status: 303, headers: { 'Set-Cookie': await endUserSession(request) } })
}

export function loader() {
  return redirect('/workshops')
}
