import type { LoaderFunctionArgs } from '@remix-run/node'
import { buildInvite } from '../../emails/invite'
import { translator } from '~/i18n/intl'
import { PRIVATE_HEADERS, requireRegistration } from '~/models/manage-link.server'
import { registrationEmailProps } from '~/models/registrations.server'
import { getEnv } from '~/utils/env.server'

/** The invitation as it stands now: REQUEST while the seat is held, CANCEL once it is not. */
export async function loader({ params }: LoaderFunctionArgs) {
  const { token, registration } = await requireRegistration(params.token)
  if (registration.status === 'waitlisted') {
    return new Response('No invitation while on the waiting list.', { status: 409, headers: PRIVATE_HEADERS })
  }
  const method = registration.status === 'confirmed' && !registration.session.cancelled ? 'REQUEST' : 'CANCEL'
  const props = registrationEmailProps(registration, token, getEnv().APP_URL)
  const t = translator(registration.locale)
  const ics = buildInvite(props, method, `${t('email.manage')} ${props.manageUrl}`)
  return new Response(ics, {
    headers: {
      ...PRIVATE_HEADERS,
      'Content-Type': `text/calendar; charset=utf-8; method=${method}`,
      'Content-Disposition': 'attachment; filename="workshop.ics"',
    },
  })
}
