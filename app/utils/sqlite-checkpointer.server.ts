import { createRequire } from 'node:module'
import { Worker } from 'node:worker_threads'

/*
 * SQLite in WAL mode copies the log back into the database file (a checkpoint) from inside
 * the commit that crosses 1,000 pages: about every hundred bookings one of them holds the
 * event loop for 5–15 ms of file copying and fsync, and every request waiting behind it with
 * it. A thread with its own connection checkpoints instead, twenty times a second, so commits
 * only append to the log (decision 025). Small and often: a commit may still wait for a
 * checkpoint under way, and a second's worth made bookings wait up to 45 ms; 50 ms's worth, 13. The server's connection keeps a far higher limit of
 * its own, so the log stays bounded even if the thread stops.
 */

/** Pages of log after which the server's own connection checkpoints after all (about 40 MB). */
export const FALLBACK_CHECKPOINT_PAGES = 10_000

// CommonJS, run by the thread as given: the server build is one bundle with no file to point at.
const THREAD_SOURCE = `
const { parentPort, workerData } = require('node:worker_threads')
const Database = require(workerData.driver)
let db
const stop = () => {
  clearInterval(timer)
  if (db) db.close()
  parentPort.close()
}
// PASSIVE never waits for readers or writers: it copies what it can and leaves the rest for next time.
const checkpoint = () => {
  try {
    // The server's connection made the file; one gone since is not made anew, empty, here.
    db = db || new Database(workerData.file, { fileMustExist: true })
    db.pragma('wal_checkpoint(PASSIVE)')
  } catch (error) {
    // Once: the fallback limit keeps the log bounded from here on.
    parentPort.postMessage({ error: String((error && error.message) || error) })
    stop()
  }
}
const timer = setInterval(checkpoint, workerData.intervalMs)
parentPort.on('message', stop)
`

export type Checkpointer = { stop(): Promise<void> }

export function startCheckpointer(file: string, { intervalMs = 50 } = {}): Checkpointer {
  const driver = createRequire(import.meta.url).resolve('better-sqlite3')
  // No flags of the process's own (a loader, --input-type=module): the source is plain CommonJS.
  const worker = new Worker(THREAD_SOURCE, { eval: true, execArgv: [], workerData: { file, driver, intervalMs } })
  const exited = new Promise<void>((resolve) => worker.once('exit', () => resolve()))
  worker.on('message', (message: { error: string }) => console.error(`sqlite: background checkpoints stopped: ${message.error}`))
  worker.on('error', (error) => console.error('sqlite: checkpoint thread failed', error))
  // After the listeners, which would otherwise hold the process again: the thread must not keep
  // a finished process alive.
  worker.unref()
  return {
    // Held while stopping, so that waiting for the thread's end keeps the process up until it comes.
    // A thread that has already stopped ignores the message and has already exited.
    stop: () => {
      worker.ref()
      worker.postMessage('stop')
      return exited
    },
  }
}
