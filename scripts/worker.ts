// `npm run worker`: the mail worker alone, for deployments that keep it out of the web
// processes. Only an entry point: the server imports ./server/mail-worker, never this file,
// so bundling the server cannot start a second worker.
import { getDb } from '~/utils/db.server'
import { startMailWorker } from './server/mail-worker'

const worker = startMailWorker()
const stop = async () => {
  await worker.stop()
  await getDb().destroy()
  process.exit(0)
}
process.on('SIGTERM', stop)
process.on('SIGINT', stop)
