import type { MetaFunction } from '@remix-run/node'
import { Link, useLoaderData } from '@remix-run/react'
import { listMailbox } from '~/models/dev-mailbox.server'
import { getDb } from '~/utils/db.server'
import { requireDevelopment } from '~/utils/dev-only.server'

export const meta: MetaFunction = () => [{ title: 'Dev mailbox' }, { name: 'robots', content: 'noindex' }]

export async function loader() {
  requireDevelopment()
  return { messages: await listMailbox(getDb()) }
}

// A developer tool, in English only.
export default function DevMailbox() {
  const { messages } = useLoaderData<typeof loader>()
  return (
    <div lang="en">
      <h1>Development mailbox</h1>
      <p>Mail the app sent while no SMTP_URL is set. Newest first.</p>
      {messages.length === 0 ? (
        <p>No messages yet.</p>
      ) : (
        <table className="table">
          <thead>
            <tr>
              <th scope="col">When</th>
              <th scope="col">To</th>
              <th scope="col">Subject</th>
            </tr>
          </thead>
          <tbody>
            {messages.map((m) => (
              <tr key={m.id}>
                <td>{m.createdAt.replace('T', ' ').slice(0, 19)}</td>
                <td>{m.recipient}</td>
                <td>
                  <Link to={`/dev/mailbox/${m.id}`}>{m.subject}</Link>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </div>
  )
}
