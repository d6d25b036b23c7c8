import { useT, type MessageId, type Translate } from '~/i18n/intl'
import type { LegalBasis } from '~/models/legal-basis'
import { PURPOSES, type Duration, type PurposeId } from '~/models/retention-policy'

/*
 * The privacy page's "what we keep, why and for how long": one part per purpose of the
 * retention policy, its lengths computed from the policy the retention job runs with.
 */

type PurposeColumn = (typeof PURPOSES)[number]['columns'][number]

/** Each column a purpose keeps, in human words; the type asks for every one PURPOSES lists. */
export const KEPT: Record<PurposeColumn, MessageId> = {
  'registrations.full_name': 'privacy.kept.contact',
  'registrations.email': 'privacy.kept.contact',
  'registrations.email_normalized': 'privacy.kept.contact',
  'registrations.organisation': 'privacy.kept.organisation',
  'registrations.note': 'privacy.kept.note',
  'registrations.date_of_birth': 'privacy.kept.dateOfBirth',
  'registrations.check_in_code': 'privacy.kept.links',
  'registrations.invite_uid': 'privacy.kept.links',
  'registration_tokens.token_hash': 'privacy.kept.links',
  'sessions.lecturer': 'privacy.kept.lecturer',
  'feedback_responses.registration_id': 'privacy.kept.feedbackLink',
  'certificates.holder_name': 'privacy.kept.holderName',
  'feedback_responses.use_in_work': 'privacy.kept.feedbackAnswers',
  'feedback_responses.improve': 'privacy.kept.feedbackAnswers',
  'feedback_responses.comment': 'privacy.kept.feedbackAnswers',
  'outbox.recipient': 'privacy.kept.recipient',
  'outbox.recipient_key': 'privacy.kept.recipient',
  'outbox.props': 'privacy.kept.mailContent',
  'outbox.last_error': 'privacy.kept.mailError',
  'dev_mailbox.recipient': 'privacy.kept.recipient',
  'dev_mailbox.subject': 'privacy.kept.mailContent',
  'dev_mailbox.text_body': 'privacy.kept.mailContent',
  'dev_mailbox.html_body': 'privacy.kept.mailContent',
  'dev_mailbox.ics': 'privacy.kept.mailContent',
  'dev_mailbox.raw': 'privacy.kept.mailContent',
  'users.email': 'privacy.kept.account',
  'users.name': 'privacy.kept.account',
  'users.last_sign_in_at': 'privacy.kept.lastSignIn',
  'calendar_feeds.token_hash': 'privacy.kept.calendarFeed',
  'calendar_feeds.user_id': 'privacy.kept.calendarFeed',
  'calendar_feeds.last_used_at': 'privacy.kept.calendarFeed',
  'login_tokens.token_hash': 'privacy.kept.signInLink',
  'login_tokens.email': 'privacy.kept.signInLink',
  'user_sessions.id_hash': 'privacy.kept.signedIn',
  'user_sessions.user_id': 'privacy.kept.signedIn',
  'audit_log.actor_user_id': 'privacy.kept.auditActor',
  'audit_log.actor_email': 'privacy.kept.auditActor',
  'audit_log.details': 'privacy.kept.auditDetails',
  'rate_limit_hits.key': 'privacy.kept.limitKey',
  'rate_limit_counters.key': 'privacy.kept.limitKey',
}

type PurposeText = {
  title: MessageId
  why: MessageId
  /** Takes {when}, this purpose's length, and {bookingWhen}, the bookings' (feedback loses its link with them). */
  retention: MessageId
  /** Kept too, in words, though it names no one on its own (db/classification.ts calls it 'none'). */
  details?: MessageId
  /** Why the purpose's legal basis applies (or how consent is given and withdrawn). */
  basis: MessageId
}

/** Each basis by name and by its letter of GDPR Art. 6(1). */
const BASIS: Record<LegalBasis, MessageId> = {
  consent: 'privacy.basis.consent',
  contract: 'privacy.basis.contract',
  'legal-obligation': 'privacy.basis.legal-obligation',
  'vital-interests': 'privacy.basis.vital-interests',
  'public-task': 'privacy.basis.public-task',
  'legitimate-interests': 'privacy.basis.legitimate-interests',
}

const TEXT: Record<PurposeId, PurposeText> = {
  booking: {
    title: 'privacy.purpose.booking.title',
    why: 'privacy.purpose.booking.why',
    retention: 'privacy.purpose.booking.retention',
    basis: 'privacy.purpose.booking.basis',
    details: 'privacy.purpose.booking.details',
  },
  certificate: {
    title: 'privacy.purpose.certificate.title',
    why: 'privacy.purpose.certificate.why',
    retention: 'privacy.purpose.certificate.retention',
    basis: 'privacy.purpose.certificate.basis',
  },
  feedback: {
    title: 'privacy.purpose.feedback.title',
    why: 'privacy.purpose.feedback.why',
    retention: 'privacy.purpose.feedback.retention',
    basis: 'privacy.purpose.feedback.basis',
  },
  mail: {
    title: 'privacy.purpose.mail.title',
    why: 'privacy.purpose.mail.why',
    retention: 'privacy.purpose.mail.retention',
    basis: 'privacy.purpose.mail.basis',
  },
  account: {
    title: 'privacy.purpose.account.title',
    why: 'privacy.purpose.account.why',
    retention: 'privacy.purpose.account.retention',
    basis: 'privacy.purpose.account.basis',
  },
  'sign-in': {
    title: 'privacy.purpose.sign-in.title',
    why: 'privacy.purpose.sign-in.why',
    retention: 'privacy.purpose.sign-in.retention',
    basis: 'privacy.purpose.sign-in.basis',
  },
  audit: {
    title: 'privacy.purpose.audit.title',
    why: 'privacy.purpose.audit.why',
    retention: 'privacy.purpose.audit.retention',
    basis: 'privacy.purpose.audit.basis',
  },
  'abuse-limit': {
    title: 'privacy.purpose.abuse-limit.title',
    why: 'privacy.purpose.abuse-limit.why',
    retention: 'privacy.purpose.abuse-limit.retention',
    basis: 'privacy.purpose.abuse-limit.basis',
  },
}

/** "24 měsíců po skončení termínu", "14 days after sending": a rule's length as part of a sentence. */
export function durationText(t: Translate, duration: Duration): string {
  switch (duration.kind) {
    case 'months-after':
      return t(`privacy.when.${duration.after}`, { months: duration.months })
    case 'days-after':
      return t(`privacy.when.${duration.after}`, { days: duration.days })
    case 'until-expiry':
      return t('privacy.when.until-expiry')
    case 'anonymous':
      return t('privacy.when.anonymous')
  }
}

/** The one legal basis a purpose rests on. */
export function purposeBasis(id: PurposeId): LegalBasis {
  const purpose = PURPOSES.find((p) => p.id === id)
  if (!purpose) throw new Error(`no purpose ${id}`)
  return purpose.basis
}

/** What a purpose keeps, one line per kind of data (several columns may read the same). */
export function keptMessages(id: PurposeId): MessageId[] {
  const purpose = PURPOSES.find((p) => p.id === id)
  const columns: readonly PurposeColumn[] = purpose?.columns ?? []
  const details = TEXT[id].details
  return [...new Set([...(details ? [details] : []), ...columns.map((column) => KEPT[column])])]
}

export type PurposeOnPage = { id: PurposeId; duration: Duration }

export function PrivacyPurposes({ purposes, bookingDuration }: { purposes: PurposeOnPage[]; bookingDuration: Duration }) {
  const t = useT()
  const bookingWhen = durationText(t, bookingDuration)
  return (
    <section>
      <h2>{t('privacy.purposes.title')}</h2>
      {purposes.map(({ id, duration }) => (
        <section key={id}>
          <h3>{t(TEXT[id].title)}</h3>
          <p>{t(TEXT[id].why)}</p>
          <p>{t('privacy.purposes.kept')}</p>
          <ul>
            {keptMessages(id).map((message) => (
              <li key={message}>{t(message)}</li>
            ))}
          </ul>
          <p>{t(TEXT[id].retention, { when: durationText(t, duration), bookingWhen })}</p>
          <p>
            <strong>{t('privacy.basis.label')}:</strong> {t(BASIS[purposeBasis(id)])}. {t(TEXT[id].basis)}
          </p>
        </section>
      ))}
    </section>
  )
}
