import { Form, useFetcher } from '@remix-run/react'
import { BookingNote } from './BookingNote'
import { useHydrated } from './use-hydrated'
import { useState } from 'react'
import { ATTENDANCE_STATUSES, type AttendanceStatus } from '~/models/vocabulary'
import { useT } from '~/i18n/intl'
import type { RosterEntry } from '~/models/attendance.server'
import { formatCode } from '~/utils/codes'
import { foldForSearch, searchTerms } from '~/utils/search-text'

export function filterRoster(entries: RosterEntry[], query: string): RosterEntry[] {
  const terms = searchTerms(query)
  if (terms.length === 0) return entries
  return entries.filter((e) => {
    const text = foldForSearch(`${e.fullName} ${e.organisation ?? ''} ${e.email}`)
    return terms.every((term) => text.includes(term))
  })
}

/**
 * The roster in the room. Each status is one button: with JavaScript a tap saves in the
 * background and the row changes at once; without it the same form posts and comes back.
 * Search filters as you type, or by the search button without JavaScript.
 */
export function RosterList({ entries, initialQuery }: { entries: RosterEntry[]; initialQuery: string }) {
  const t = useT()
  const [query, setQuery] = useState(initialQuery)
  const hydrated = useHydrated()
  // The server sends everyone; the same filter runs on the server's render (no JavaScript,
  // ?q=) and as you type, every word anywhere in the name, organisation or e-mail.
  const visible = filterRoster(entries, query)
  return (
    <section aria-labelledby="roster-heading">
      <h2 id="roster-heading" className="visually-hidden">
        {t('roster.title')}
      </h2>
      <Form method="get" role="search" className="inline-form roster-search" onSubmit={(e) => hydrated && e.preventDefault()}>
        <label htmlFor="roster-q">{t('roster.search')}</label>
        <input id="roster-q" type="search" name="q" value={query} onChange={(e) => setQuery(e.target.value)} autoComplete="off" />
        <button type="submit" className="button button--secondary">
          {t('roster.searchButton')}
        </button>
      </Form>
      {visible.length === 0 ? <p>{t('roster.none')}</p> : null}
      <ul className="roster">
        {visible.map((entry) => (
          <RosterRow key={entry.id} entry={entry} query={initialQuery} js={hydrated} />
        ))}
      </ul>
    </section>
  )
}

function RosterRow({ entry, query, js }: { entry: RosterEntry; query: string; js: boolean }) {
  const t = useT()
  const fetcher = useFetcher()
  // Shown as chosen the moment it is tapped; the server's answer follows.
  const pending = fetcher.formData?.get('attendance')
  const current: AttendanceStatus | null =
    typeof pending === 'string' ? (ATTENDANCE_STATUSES.find((status) => status === pending) ?? null) : entry.attendance
  return (
    <li className={`roster__row roster__row--${current ?? 'unmarked'}`} id={`r${entry.id}`}>
      <div className="roster__who">
        <strong>{entry.fullName || t('person.anonymised')}</strong>
        {entry.walkIn ? <span className="badge badge--muted">{t('roster.walkIn')}</span> : null}
        <br />
        <span className="muted">
          {entry.organisation ?? ''}
          {entry.checkInCode ? ` · ${t('roster.code', { code: formatCode(entry.checkInCode) })}` : ''}
        </span>
        <BookingNote note={entry.note} />
      </div>
      <fetcher.Form method="post">
        {/* A form may not be a group (aria-allowed-role): the buttons are grouped inside it. */}
        <div className="roster__marks" role="group" aria-label={t('roster.mark', { name: entry.fullName })}>
          <input type="hidden" name="intent" value="mark" />
          <input type="hidden" name="registrationId" value={entry.id} />
          <input type="hidden" name="q" value={query} />
          {js ? <input type="hidden" name="js" value="1" /> : null}
          {ATTENDANCE_STATUSES.map((status) => (
            <button
              key={status}
              type="submit"
              name="attendance"
              value={current === status ? '' : status}
              aria-pressed={current === status}
              className={`mark mark--${status}`}
            >
              {t(`attendance.${status}`)}
            </button>
          ))}
        </div>
      </fetcher.Form>
    </li>
  )
}
