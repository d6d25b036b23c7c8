// `npm run worker`: the mail worker and the time-driven jobs, for deployments that keep them
// out of the web processes (OUTBOX_WORKER=off and JOBS=off there). Only an entry point: the server imports ./server/mail-worker, never this file,
// so bundling the server cannot start a second worker.
import { getDb } from '~/utils/db.server'
import { startJobScheduler } from './server/job-scheduler'
import { startMailWorker } from './server/mail-worker'

const worker = startMailWorker()
const jobs = startJobScheduler()
const stop = async () => {
  await jobs.stop()
  await worker.stop()
  await getDb().destroy()
  process.exit(0)
}
process.on('SIGTERM', stop)
process.on('SIGINT', stop)
