// Runs every scheduled job once in a process of its own, as a second server would:
// node --import tsx tests/support/job-process.ts <database url> <now ISO> <app url>
// Prints the outcomes as one JSON line.
import { runAllJobs } from '~/jobs/scheduler.server'
import { openDatabase } from '~/utils/db.server'

const [url, nowIso, appUrl] = process.argv.slice(2)
if (!url || !nowIso || !appUrl) throw new Error('usage: job-process.ts <database url> <now ISO> <app url>')
const db = openDatabase(url)
const outcomes = await runAllJobs(db, { now: new Date(nowIso), appUrl, holder: `process-${process.pid}` })
await db.destroy()
process.stdout.write(`${JSON.stringify(outcomes)}\n`)
