import type { ReactNode } from 'react'
import { useLocale, useT, type MessageId } from '~/i18n/intl'
import { auditActionText } from '~/models/audit-filters'
import type { PersonalDataExport } from '~/models/personal-data.server'
import { formatCode } from '~/utils/codes'
import { formatDate, formatDateTime, formatTimeRange } from '~/utils/dates'

/*
 * Everything held about a person or a booking, as the "my data" page shows it and as the
 * downloadable HTML page prints it (rendered to static markup, so no links to app pages that
 * need the app's styles or scripts, and nothing interactive).
 */
export function PersonalDataView({ data }: { data: PersonalDataExport }) {
  const t = useT()
  const locale = useLocale()
  const when = (iso: string | null) => (iso ? formatDateTime(iso, locale) : '–')
  return (
    <>
      {data.account ? (
        <section aria-labelledby="data-account">
          <h2 id="data-account">{t('data.account')}</h2>
          <Facts
            rows={[
              [t('data.email'), data.account.email],
              [t('data.name'), data.account.name ?? '–'],
              [t('data.role'), t(`data.role.${data.account.role}`)],
              [t('data.accountCreated'), when(data.account.createdAt)],
              [t('data.lastSignIn'), when(data.account.lastSignInAt)],
            ]}
          />
        </section>
      ) : null}

      <section aria-labelledby="data-bookings">
        <h2 id="data-bookings">{t('data.bookings', { count: data.registrations.length })}</h2>
        {data.registrations.length === 0 ? <p>{t('data.none')}</p> : null}
        {data.registrations.map((r) => (
          <article key={r.id} className="data-record" aria-labelledby={`booking-${r.id}`}>
            <h3 id={`booking-${r.id}`}>
              {r.workshop}, {formatTimeRange(r.startsAt, r.endsAt, locale)}
            </h3>
            <Facts
              rows={[
                [
                  t('data.status'),
                  t(`my.status.${r.status}`) + (r.sessionStatus === 'cancelled' ? ` (${t('my.sessionCancelled')})` : ''),
                ],
                [t('data.place'), r.place ?? (r.online ? t('catalogue.online') : '–')],
                [t('data.fullName'), r.fullName],
                [t('data.email'), r.email],
                [t('data.organisation'), r.organisation ?? '–'],
                [
                  t('data.participantType'),
                  r.participantType
                    ? t(`booking.fields.participantType.${r.participantType}`) +
                      (r.schoolLevel ? `, ${t(`booking.fields.schoolLevel.${r.schoolLevel}`)}` : '')
                    : '–',
                ],
                [t('data.note'), r.note ?? '–'],
                ...(r.dateOfBirth ? ([[t('data.dateOfBirth'), formatDate(r.dateOfBirth, locale)]] as const) : []),
                [t('data.language'), r.language === 'cs' ? 'čeština' : 'English'],
                [
                  t('data.consent'),
                  r.consent
                    ? t('data.consentGiven', { at: when(r.consent.at), version: r.consent.version ?? '–' })
                    : t('data.consentByOrganiser'),
                ],
                [t('data.bookedAt'), when(r.bookedAt)],
                ...(r.confirmedAt ? ([[t('data.confirmedAt'), when(r.confirmedAt)]] as const) : []),
                ...(r.comingConfirmedAt ? ([[t('data.comingConfirmedAt'), when(r.comingConfirmedAt)]] as const) : []),
                ...(r.cancelledAt ? ([[t('data.cancelledAt'), when(r.cancelledAt)]] as const) : []),
                [t('data.checkInCode'), r.checkInCode ? formatCode(r.checkInCode) : '–'],
                [
                  t('data.attendance'),
                  r.attendance ? `${t(`attendance.${r.attendance}`)}, ${when(r.attendanceMarkedAt)}` : t('data.notMarked'),
                ],
                ...(r.walkIn ? ([[t('data.walkIn'), t('data.yes')]] as const) : []),
                [t('data.controller'), `${r.organiser.name}, ${r.organiser.email}`],
              ]}
            />
            {r.emails.length > 0 ? (
              <>
                <h4>{t('data.emails')}</h4>
                <ul>
                  {r.emails.map((e, i) => (
                    <li key={i}>
                      {emailKind(t, e.kind)}:{' '}
                      {e.sentAt ? t('data.emailSent', { at: when(e.sentAt) }) : t(`data.emailStatus.${e.status}` as MessageId)}
                    </li>
                  ))}
                </ul>
              </>
            ) : null}
          </article>
        ))}
      </section>

      {data.certificates.length > 0 ? (
        <section aria-labelledby="data-certificates">
          <h2 id="data-certificates">{t('data.certificates')}</h2>
          <ul>
            {data.certificates.map((c) => (
              <li key={c.code}>
                {t('data.certificate', { code: formatCode(c.code), at: when(c.issuedAt), name: c.holderName ?? '–' })}{' '}
                {c.revokedAt ? t('data.revoked', { at: when(c.revokedAt) }) : <a href={c.verifyUrl}>{t('data.verify')}</a>}
              </li>
            ))}
          </ul>
        </section>
      ) : null}

      {data.feedback.length > 0 ? (
        <section aria-labelledby="data-feedback">
          <h2 id="data-feedback">{t('data.feedback')}</h2>
          {data.feedback.map((f) => (
            <Facts
              key={f.registrationId}
              rows={[
                [t('data.rating'), t('data.ratingValue', { rating: f.rating })],
                [t('data.useInWork'), f.useInWork ?? '–'],
                [t('data.improve'), f.improve ?? '–'],
                [t('data.comment'), f.comment ?? '–'],
                [t('data.givenAt'), when(f.updatedAt)],
              ]}
            />
          ))}
        </section>
      ) : null}

      {data.subject.kind === 'person' ? (
        <section aria-labelledby="data-sign-ins">
          <h2 id="data-sign-ins">{t('data.signIns')}</h2>
          <p>{t('data.signInsIntro')}</p>
          {data.signIns.links.length + data.signIns.sessions.length + data.signIns.calendarFeeds.length === 0 ? (
            <p>{t('data.none')}</p>
          ) : null}
          <ul>
            {data.signIns.links.map((l, i) => (
              <li key={`l${i}`}>
                {t('data.signInLink', { at: when(l.requestedAt) })}{' '}
                {l.usedAt ? t('data.signInUsed', { at: when(l.usedAt) }) : t('data.signInUnused', { at: when(l.expiresAt) })}
              </li>
            ))}
            {data.signIns.sessions.map((s, i) => (
              <li key={`s${i}`}>{t('data.signInSession', { at: when(s.startedAt), until: when(s.expiresAt) })}</li>
            ))}
            {data.signIns.calendarFeeds.map((f, i) => (
              <li key={`f${i}`}>
                {t('data.calendarFeed', { at: when(f.createdAt) })}{' '}
                {f.lastUsedAt ? t('data.calendarFeedUsed', { at: formatDate(f.lastUsedAt, locale) }) : null}
              </li>
            ))}
          </ul>
        </section>
      ) : null}

      {data.history.length > 0 ? (
        <section aria-labelledby="data-history">
          <h2 id="data-history">{t('data.history')}</h2>
          <ul>
            {data.history.map((h, i) => (
              <li key={i}>
                {when(h.at)}: {auditActionText(t, h.action)}
              </li>
            ))}
          </ul>
        </section>
      ) : null}
    </>
  )
}

const EMAIL_KINDS = new Set([
  'registration.confirmed',
  'registration.promoted',
  'registration.promoted-late',
  'registration.waitlisted',
  'registration.cancelled',
  'registration.link',
  'registration.updated',
  'registration.moved',
  'registration.session-cancelled',
  'registration.cancelled-by-organiser',
  'registration.message',
  'registration.certificate',
  'registration.reminder',
  'registration.still-coming',
  'registration.released',
  'registration.feedback',
  'registration.missed',
  'registration.erased',
  'registration.waitlist-changed',
  'registration.recorded',
])

function emailKind(t: ReturnType<typeof useT>, kind: string): string {
  return EMAIL_KINDS.has(kind) ? t(`data.emailKind.${kind.replace('registration.', '')}` as MessageId) : kind
}

function Facts({ rows }: { rows: readonly (readonly [string, ReactNode])[] }) {
  return (
    <dl className="facts">
      {rows.map(([label, value]) => (
        <div key={label}>
          <dt>{label}</dt>
          <dd>{value}</dd>
        </div>
      ))}
    </dl>
  )
}
