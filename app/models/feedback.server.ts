import type { Kysely } from 'kysely'
import { z } from 'zod'
import type { DB } from '../../db/schema'
import type { Locale } from '~/i18n/locales'
import { translator } from '~/i18n/intl'
import { writeTransaction, type Db } from '~/utils/db.server'
import { multiLineText, parseForm } from '~/utils/fields.server'
import { ATTENDED } from './attendance-status'
import { recordAccess, recordAudit } from './audit.server'
import type { SignedInUser } from './auth.server'
import type { TableColumns } from './exports.server'
import { registrationByToken } from './registrations.server'
import type { Rating } from './vocabulary'

/*
 * Feedback after a session: asked of everyone present or late when attendance is closed,
 * answered through the person's own link (no account), one answer per registration, which
 * they may change for 14 days. Organisers see counts, the rating and the comments, never who
 * wrote them.
 */

export const FEEDBACK_DAYS = 14
const DAY_MS = 86_400_000

const answer = (max: number) => multiLineText({ max, tooLong: 'feedback.error.tooLong', markup: 'tags' })

export const FeedbackForm = z.object({
  rating: z.enum(['1', '2', '3', '4', '5'], 'feedback.error.rating').transform(Number),
  useInWork: answer(2000),
  improve: answer(2000),
  comment: answer(2000),
})
export type FeedbackFormData = z.infer<typeof FeedbackForm>

export function parseFeedbackForm(form: FormData) {
  return parseForm(FeedbackForm, form)
}

type Eligibility =
  | { kind: 'open'; until: string }
  | { kind: 'closed' }
  /** Not attended (absent, waitlisted, cancelled) or attendance not closed yet. */
  | { kind: 'not_attended' }

type FeedbackRegistration = {
  status: string
  attendance: string | null
  attendance_closed_at: string | null
}

function eligibility(registration: FeedbackRegistration, now: Date): Eligibility {
  const attended =
    registration.status === 'confirmed' &&
    registration.attendance !== null &&
    (ATTENDED as string[]).includes(registration.attendance)
  if (!attended || !registration.attendance_closed_at) return { kind: 'not_attended' }
  const until = new Date(new Date(registration.attendance_closed_at).getTime() + FEEDBACK_DAYS * DAY_MS)
  return until > now ? { kind: 'open', until: until.toISOString() } : { kind: 'closed' }
}

/** Until when a booking may still be given feedback (ISO), or null when it may not. */
export function feedbackOpenUntil(
  booking: { status: string; attendance: string | null; attendanceClosedAt: string | null },
  now: Date,
): string | null {
  const open = eligibility(
    { status: booking.status, attendance: booking.attendance, attendance_closed_at: booking.attendanceClosedAt },
    now,
  )
  return open.kind === 'open' ? open.until : null
}

async function registrationForFeedback(db: Db, token: string) {
  const registration = await registrationByToken(db, token, 'manage')
  if (!registration) return undefined
  const session = await db
    .selectFrom('sessions')
    .innerJoin('workshops', 'workshops.id', 'sessions.workshop_id')
    .select(['sessions.attendance_closed_at', 'sessions.starts_at', 'sessions.ends_at', 'workshops.title'])
    .where('sessions.id', '=', registration.session_id)
    .executeTakeFirstOrThrow()
  return { ...registration, ...session }
}

export type FeedbackValues = { rating: string; useInWork: string; improve: string; comment: string }

/** The feedback page behind a manage link: may they answer, until when, and what they said. */
export async function getFeedbackPage(db: Db, { token, now }: { token: string; now: Date }) {
  const registration = await registrationForFeedback(db, token)
  if (!registration) return undefined
  const saved = await db
    .selectFrom('feedback_responses')
    .selectAll()
    .where('registration_id', '=', registration.id)
    .executeTakeFirst()
  const values: FeedbackValues | undefined = saved && {
    rating: String(saved.rating),
    useInWork: saved.use_in_work ?? '',
    improve: saved.improve ?? '',
    comment: saved.comment ?? '',
  }
  return {
    workshopTitle: registration.title,
    startsAt: registration.starts_at,
    endsAt: registration.ends_at,
    eligibility: eligibility(registration, now),
    values,
  }
}

export type SaveFeedbackResult =
  { kind: 'saved'; updated: boolean } | { kind: 'not_found' } | Exclude<Eligibility, { kind: 'open' }>

/** Stores the answer, or replaces it while it may still be changed. */
export async function saveFeedback(
  db: Kysely<DB>,
  { token, form, now }: { token: string; form: FeedbackFormData; now: Date },
): Promise<SaveFeedbackResult> {
  return writeTransaction(db, async (trx) => {
    const registration = await registrationForFeedback(trx, token)
    if (!registration) return { kind: 'not_found' }
    const open = eligibility(registration, now)
    if (open.kind !== 'open') return open
    const nowIso = now.toISOString()
    const answers = {
      rating: form.rating,
      use_in_work: form.useInWork || null,
      improve: form.improve || null,
      comment: form.comment || null,
      updated_at: nowIso,
    }
    const earlier = await trx
      .selectFrom('feedback_responses')
      .select('registration_id')
      .where('registration_id', '=', registration.id)
      .executeTakeFirst()
    await trx
      .insertInto('feedback_responses')
      .values({ registration_id: registration.id, session_id: registration.session_id, created_at: nowIso, ...answers })
      .onConflict((oc) => oc.column('registration_id').doUpdateSet(answers))
      .execute()
    return { kind: 'saved', updated: earlier !== undefined }
  })
}

export type FeedbackScope = { sessionId: number } | { workshopId: number }

type ResponseRow = {
  rating: number
  use_in_work: string | null
  improve: string | null
  comment: string | null
  updated_at: string
  starts_at: string
}

async function responses(db: Db, scope: FeedbackScope): Promise<ResponseRow[]> {
  const query = db
    .selectFrom('feedback_responses')
    // By session, not by registration: an answer stays when its person's data is erased.
    .innerJoin('sessions', 'sessions.id', 'feedback_responses.session_id')
    .select([
      'feedback_responses.rating',
      'feedback_responses.use_in_work',
      'feedback_responses.improve',
      'feedback_responses.comment',
      'feedback_responses.updated_at',
      'sessions.starts_at',
    ])
    .orderBy('sessions.starts_at')
    .orderBy('feedback_responses.updated_at')
  return 'sessionId' in scope
    ? query.where('sessions.id', '=', scope.sessionId).execute()
    : query.where('sessions.workshop_id', '=', scope.workshopId).execute()
}

/** Everyone who could answer: present or late on a session whose attendance is closed. */
async function askedCount(db: Db, scope: FeedbackScope): Promise<number> {
  let query = db
    .selectFrom('registrations')
    .innerJoin('sessions', 'sessions.id', 'registrations.session_id')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('registrations.status', '=', 'confirmed')
    .where('registrations.attendance', 'in', ATTENDED)
    .where('sessions.attendance_closed_at', 'is not', null)
  query =
    'sessionId' in scope
      ? query.where('sessions.id', '=', scope.sessionId)
      : query.where('sessions.workshop_id', '=', scope.workshopId)
  return Number((await query.executeTakeFirstOrThrow()).n)
}

export type FeedbackSummary = {
  responses: number
  asked: number
  /** Responses per person asked, 0–1; null when nobody was asked. */
  rate: number | null
  average: number | null
  /** How many gave each rating, 1 to 5. */
  distribution: Record<Rating, number>
  /** The written answers, without names, oldest session first. */
  comments: { useInWork: string | null; improve: string | null; comment: string | null; sessionStartsAt: string }[]
}

/** What people said about one session, or about every session of a workshop. */
export async function feedbackSummary(db: Db, scope: FeedbackScope): Promise<FeedbackSummary> {
  const [rows, asked] = await Promise.all([responses(db, scope), askedCount(db, scope)])
  const distribution = { 1: 0, 2: 0, 3: 0, 4: 0, 5: 0 }
  for (const row of rows) distribution[row.rating as Rating]++
  const total = rows.reduce((sum, row) => sum + row.rating, 0)
  return {
    responses: rows.length,
    asked,
    rate: asked > 0 ? rows.length / asked : null,
    average: rows.length > 0 ? Math.round((total / rows.length) * 100) / 100 : null,
    distribution,
    comments: rows
      .filter((row) => row.use_in_work || row.improve || row.comment)
      .map((row) => ({ useInWork: row.use_in_work, improve: row.improve, comment: row.comment, sessionStartsAt: row.starts_at })),
  }
}

/** The summary as an organiser opens it: the written answers may name people, so each opening is in the audit log. */
export async function openFeedbackSummary(
  db: Db,
  { scope, user, now }: { scope: FeedbackScope; user: SignedInUser; now: Date },
): Promise<FeedbackSummary> {
  const summary = await feedbackSummary(db, scope)
  await recordAccess(db, {
    user,
    action: 'access.feedback',
    entityType: 'sessionId' in scope ? 'session' : 'workshop',
    entityId: 'sessionId' in scope ? scope.sessionId : scope.workshopId,
    counts: { rows: summary.responses },
    now,
  })
  return summary
}

export type FeedbackExportRow = {
  /** When the session started (ISO instant): a date cell in XLSX, text and ISO 8601 in CSV. */
  session: string
  rating: number
  useInWork: string
  improve: string
  comment: string
  /** When the answer was last saved (ISO instant). */
  answeredAt: string
}

/** The answers as a table for XLSX or CSV, without names; the download is audited. */
export async function exportFeedback(
  db: Db,
  {
    scope,
    locale,
    user,
    format,
    now,
  }: { scope: FeedbackScope; locale: Locale; user: SignedInUser; format: 'csv' | 'xlsx'; now: Date },
) {
  await recordAudit(db, {
    actor: user,
    action: 'feedback.export',
    entityType: 'sessionId' in scope ? 'session' : 'workshop',
    entityId: 'sessionId' in scope ? scope.sessionId : scope.workshopId,
    details: { format },
    now,
  })
  const t = translator(locale)
  const rows = await responses(db, scope)
  const columns: TableColumns<keyof FeedbackExportRow> = {
    session: { header: t('feedback.col.session'), kind: 'instant' },
    rating: t('feedback.col.rating'),
    useInWork: { header: t('feedback.useInWork'), kind: 'long' },
    improve: { header: t('feedback.improve'), kind: 'long' },
    comment: { header: t('feedback.comment'), kind: 'long' },
    answeredAt: { header: t('feedback.col.answeredAt'), kind: 'instant' },
  }
  return {
    columns,
    rows: rows.map<FeedbackExportRow>((row) => ({
      session: row.starts_at,
      rating: row.rating,
      useInWork: row.use_in_work ?? '',
      improve: row.improve ?? '',
      comment: row.comment ?? '',
      answeredAt: row.updated_at,
    })),
  }
}
