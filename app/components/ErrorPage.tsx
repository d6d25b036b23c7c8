import { Link } from '@remix-run/react'
import { useT, type MessageId } from '~/i18n/intl'

const TEXTS: Record<'notFound' | 'workshopNotFound' | 'badRequest' | 'forbidden' | 'serverError', [MessageId, MessageId]> = {
  forbidden: ['auth.forbidden.title', 'auth.forbidden.text'],
  notFound: ['notFound.title', 'notFound.text'],
  workshopNotFound: ['notFound.workshopTitle', 'notFound.workshopText'],
  badRequest: ['error.title', 'error.badRequest'],
  serverError: ['error.title', 'error.text'],
}

export function ErrorPage({ kind }: { kind: keyof typeof TEXTS }) {
  const t = useT()
  const [title, text] = TEXTS[kind]
  return (
    <div className="narrow">
      <h1>{t(title)}</h1>
      <p>{t(text)}</p>
      <p>
        <Link to="/workshops">{t('notFound.back')}</Link>
      </p>
    </div>
  )
}
