import { randomUUID } from 'node:crypto'
import type { Kysely } from 'kysely'
import type { DB } from '../../db/schema'
import { finishJobRun, listJobRuns, takeJobLease } from '~/models/job-runs.server'
import { queueDueReminders } from '~/models/reminders.server'
import { DEFAULT_RETENTION, type RetentionPolicy } from '~/models/retention-policy'
import { applyRetention, describeRetention, totalOf } from '~/models/retention.server'
import { queueStillComing, releaseUnconfirmedSeats } from '~/models/still-coming.server'

/*
 * Time-driven work. Each kind of job runs at its interval in every process that starts the
 * scheduler, but a lease row (app/models/job-runs.server.ts) lets only one of them run it at
 * a time; every job is idempotent (what it does is recorded per registration and kind, and
 * each e-mail has its own outbox key), so a run cut short by a crash is simply done again.
 */

export type JobContext = {
  now: Date
  appUrl: string
  /** How long personal data is kept (RETENTION_MONTHS and friends); the defaults when not given. */
  retention?: RetentionPolicy
}

/** What a run did: how many things, and for the log a line of counts (never names). */
export type JobResult = number | { items: number; summary: string }

export type Job = {
  name: string
  everyMs: number
  /** Longer than a run can take: a process that dies mid-run frees the job after this. */
  leaseMs: number
  /** Does what is due at `now`; answers how many things it did. */
  run: (db: Kysely<DB>, context: JobContext) => Promise<JobResult>
}

export const JOBS: Job[] = [
  {
    name: 'reminders',
    everyMs: 60_000,
    leaseMs: 10 * 60_000,
    run: (db, context) => queueDueReminders(db, context),
  },
  {
    name: 'still-coming',
    everyMs: 60_000,
    leaseMs: 10 * 60_000,
    run: (db, context) => queueStillComing(db, context),
  },
  {
    name: 'release-unconfirmed',
    everyMs: 60_000,
    leaseMs: 10 * 60_000,
    run: (db, context) => releaseUnconfirmedSeats(db, context),
  },
  {
    // Personal data past its time: anonymised, emptied or deleted (app/models/retention.server.ts).
    name: 'retention',
    everyMs: 60 * 60_000,
    leaseMs: 60 * 60_000,
    run: async (db, { now, retention = DEFAULT_RETENTION }) => {
      const counts = await applyRetention(db, { now, policy: retention })
      return { items: totalOf(counts), summary: describeRetention(counts) }
    },
  },
]

export type JobOutcome = { name: string; ran: boolean; items: number; summary?: string; error?: string }

/** Runs one job now if no other process holds it. */
export async function runJob(
  db: Kysely<DB>,
  job: Job,
  { holder, ...context }: JobContext & { holder: string },
): Promise<JobOutcome> {
  const taken = await takeJobLease(db, {
    name: job.name,
    holder,
    now: context.now,
    until: new Date(context.now.getTime() + job.leaseMs),
  })
  if (!taken) return { name: job.name, ran: false, items: 0 }
  const startedMs = Date.now()
  // The run's own clock moved on by the time it took.
  const finishedAt = () => new Date(context.now.getTime() + (Date.now() - startedMs))
  try {
    const result = await job.run(db, context)
    const { items, summary } = typeof result === 'number' ? { items: result, summary: undefined } : result
    await finishJobRun(db, { name: job.name, holder, now: finishedAt(), items })
    return { name: job.name, ran: true, items, ...(summary ? { summary } : {}) }
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error)
    await finishJobRun(db, { name: job.name, holder, now: finishedAt(), items: 0, error: message.slice(0, 500) }).catch(() => {})
    return { name: job.name, ran: true, items: 0, error: message }
  }
}

/** Every job once, in order: what tests and the bench call with a clock of their own. */
export async function runAllJobs(db: Kysely<DB>, context: JobContext & { holder?: string; jobs?: Job[] }): Promise<JobOutcome[]> {
  const { holder = `run-${randomUUID()}`, jobs = JOBS, ...rest } = context
  const outcomes: JobOutcome[] = []
  for (const job of jobs) outcomes.push(await runJob(db, job, { holder, ...rest }))
  return outcomes
}

export type Scheduler = { stop: () => Promise<void>; holder: string }

export type SchedulerOptions = {
  db: Kysely<DB>
  appUrl: string
  retention?: RetentionPolicy
  jobs?: Job[]
  clock?: () => Date
  /** Called after each run that did something or failed, for the log. */
  onRun?: (outcome: JobOutcome) => void
}

/** Starts every job on its interval; stop() waits for a run in progress to end. */
export function startScheduler({ db, appUrl, retention, jobs = JOBS, clock = () => new Date(), onRun }: SchedulerOptions): Scheduler {
  const holder = `${process.pid}-${randomUUID()}`
  const timers = new Set<NodeJS.Timeout>()
  const running = new Set<Promise<unknown>>()
  let stopped = false
  const schedule = (job: Job, delayMs: number) => {
    if (stopped) return
    const timer = setTimeout(() => {
      timers.delete(timer)
      const run = runJob(db, job, { holder, now: clock(), appUrl, retention })
        .then((outcome) => {
          if (outcome.error || outcome.items > 0) onRun?.(outcome)
        })
        .catch((error: unknown) => onRun?.({ name: job.name, ran: false, items: 0, error: String(error) }))
        .finally(() => {
          running.delete(run)
          schedule(job, job.everyMs)
        })
      running.add(run)
    }, delayMs)
    timer.unref()
    timers.add(timer)
  }
  // Spread the first runs a little, so processes started together do not all knock at once.
  for (const job of jobs) schedule(job, 1_000 + Math.floor(Math.random() * 2_000))
  return {
    holder,
    stop: async () => {
      stopped = true
      for (const timer of timers) clearTimeout(timer)
      await Promise.allSettled([...running])
    },
  }
}

/** Each job with its last run and when it is due next, for the admins' page. */
export async function jobOverview(db: Kysely<DB>, now: Date) {
  const runs = new Map((await listJobRuns(db, now)).map((r) => [r.name, r]))
  return JOBS.map((job) => {
    const run = runs.get(job.name)
    const next = run?.lastStartedAt ? new Date(new Date(run.lastStartedAt).getTime() + job.everyMs) : now
    return {
      name: job.name,
      everyMinutes: job.everyMs / 60_000,
      running: run?.running ?? false,
      lastStartedAt: run?.lastStartedAt ?? null,
      lastFinishedAt: run?.lastFinishedAt ?? null,
      nextRunAt: (next < now ? now : next).toISOString(),
      lastItems: run?.lastItems ?? 0,
      runs: run?.runs ?? 0,
      itemsTotal: run?.itemsTotal ?? 0,
      lastError: run?.lastError ?? null,
    }
  })
}
