import type { Kysely } from 'kysely'
import type { DB } from '../../db/schema'
import type { Locale } from '~/i18n/locales'
import { registerForSession } from '~/models/registrations.server'
import { testStart } from './clock'
import { createBookableSession } from './fixtures'

/*
 * The scene for time-driven jobs: the session starts an hour after the test's clock and
 * everyone booked four days before it. Every moment the scheduler is driven to then lies
 * before the real clock, so the mail worker, which claims by the real clock, sends what the
 * jobs queue.
 */
export const APP_URL = 'http://workshops.test'
export const HOUR = 3_600_000
export const MINUTE = 60_000

export function schedulerScene(db: () => Kysely<DB>) {
  const bookedAt = new Date(testStart.getTime() + HOUR - 4 * 24 * HOUR)
  // The session form places a session to the minute: the start is read back once it is stored.
  let start = new Date(testStart.getTime() + HOUR)
  return {
    bookedAt,
    /** `hoursBeforeStart` hours (and `plusMinutes` minutes) before the session starts. */
    at: (hoursBeforeStart: number, plusMinutes = 0) => new Date(start.getTime() - hoursBeforeStart * HOUR + plusMinutes * MINUTE),
    async newSession(capacity: number) {
      const created = await createBookableSession(db(), {
        capacity,
        now: bookedAt,
        startsInDays: (start.getTime() - bookedAt.getTime()) / (24 * HOUR),
      })
      const row = await db()
        .selectFrom('sessions')
        .select('starts_at')
        .where('id', '=', created.sessionId)
        .executeTakeFirstOrThrow()
      start = new Date(row.starts_at)
      return created
    },
  }
}

/** Participant number n (ucastnik<n>@skola.example) books the session. */
export function bookNumbered(
  db: Kysely<DB>,
  {
    sessionId,
    n,
    now,
    locale = 'cs',
    appUrl = APP_URL,
  }: { sessionId: number; n: number; now: Date; locale?: Locale; appUrl?: string },
) {
  return registerForSession(db, {
    sessionId,
    form: {
      fullName: `Účastník Číslo ${n}`,
      email: `ucastnik${n}@skola.example`,
      organisation: 'ZŠ Liberec',
      participantType: 'official',
      schoolLevel: '',
      note: '',
    },
    locale,
    now,
    appUrl,
  })
}
