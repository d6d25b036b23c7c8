// `npm run worker`: the mail worker and the time-driven jobs, for deployments that keep them
// out of the web processes (OUTBOX_WORKER=off and JOBS=off there). Only an entry point: the server imports ./server/mail-worker, never this file,
// so bundling the server cannot start a second worker.
import { getDb } from '~/utils/db.server'
import { getEnv } from '~/utils/env.server'
import { startJobScheduler } from './server/job-scheduler'
import { startMailWorker } from './server/mail-worker'
import { gracefulShutdown, onStopSignals } from './server/shutdown'

const worker = startMailWorker()
const jobs = startJobScheduler()
onStopSignals(
  gracefulShutdown({
    timeoutSeconds: getEnv().SHUTDOWN_TIMEOUT_SECONDS,
    steps: [
      { name: 'a job run', run: () => jobs.stop(), done: 'jobs stopped' },
      { name: 'the mail worker', run: () => worker.stop(), done: 'mail worker stopped' },
      { name: 'the database', run: () => getDb().destroy(), done: 'database closed' },
    ],
  }),
)
