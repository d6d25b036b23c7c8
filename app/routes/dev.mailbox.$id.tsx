import type { LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { Link, useLoaderData } from '@remix-run/react'
import { getMailboxMessage } from '~/models/dev-mailbox.server'
import { parseId } from '~/utils/fields.server'
import { getDb } from '~/utils/db.server'
import { requireDevelopment } from '~/utils/dev-only.server'
import { orNotFound } from '~/web/refusals.server'

export const meta: MetaFunction = () => [{ title: 'Dev mailbox' }, { name: 'robots', content: 'noindex' }]

export async function loader({ params }: LoaderFunctionArgs) {
  requireDevelopment()
  const id = parseId(params.id)
  return { message: orNotFound(id ? await getMailboxMessage(getDb(), id) : undefined) }
}

export default function DevMailboxMessage() {
  const { message } = useLoaderData<typeof loader>()
  // Links in the plain-text body are made clickable so a developer can follow a manage link.
  const parts = message.textBody.split(/(https?:\/\/\S+)/g)
  return (
    <div lang="en">
      <p>
        <Link to="/dev/mailbox">← All messages</Link>
      </p>
      <h1>{message.subject}</h1>
      <dl className="facts">
        <div>
          <dt>To</dt>
          <dd>{message.recipient}</dd>
        </div>
        <div>
          <dt>Sent</dt>
          <dd>{message.createdAt}</dd>
        </div>
      </dl>
      <h2>Text</h2>
      <pre className="mail-text">
        {parts.map((part, i) =>
          i % 2 === 1 ? (
            <a key={i} href={part}>
              {part}
            </a>
          ) : (
            part
          ),
        )}
      </pre>
      {message.ics ? (
        <>
          <h2>Calendar part</h2>
          <pre className="mail-text">{message.ics}</pre>
        </>
      ) : null}
      <h2>Raw message</h2>
      <details>
        <summary>Show the raw RFC 5322 message</summary>
        <pre className="mail-text">{message.raw}</pre>
      </details>
    </div>
  )
}
