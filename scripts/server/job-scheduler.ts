import { getDb } from '~/utils/db.server'
import { getEnv } from '~/utils/env.server'
import { startScheduler, type Scheduler } from '~/jobs/scheduler.server'
import { wakeOutbox } from '~/jobs/outbox-worker.server'
import { currentRetentionPolicy } from '~/web/retention.server'

/** The time-driven jobs as configured by the environment; the server starts them unless JOBS=off. */
export function startJobScheduler(): Scheduler {
  return startScheduler({
    db: getDb(),
    appUrl: getEnv().APP_URL,
    retention: currentRetentionPolicy(),
    onRun: (outcome) => {
      if (outcome.error) console.error(`job ${outcome.name} failed: ${outcome.error}`)
      if (outcome.summary) console.log(`job ${outcome.name}: ${outcome.summary}`)
      // What a job queued goes out now rather than at the worker's next poll.
      if (outcome.items > 0) wakeOutbox()
    },
  })
}
