import { createHash, randomBytes } from 'node:crypto'
import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import autocannon from 'autocannon'
import { makeUser, signIn } from '../../tests/support/auth'
import { createTestDatabase } from '../../tests/support/database'
import { createBookableSession } from '../../tests/support/fixtures'
import { startServer } from '../../tests/support/server'
import { peakMemoryMb } from './support'

const sha256 = (bytes: Buffer) => createHash('sha256').update(bytes).digest('hex')

/** Largest reachable memory (heap + array buffers, after a collection) the server logged in [from, to], in MB. */
function liveMb(logFile: string, from: number, to: number): number {
  let max = 0
  for (const line of readFileSync(logFile, 'utf8').split('\n')) {
    const [at, bytes] = line.split(' ').map(Number)
    if (at! >= from && at! <= to) max = Math.max(max, bytes!)
  }
  return Math.round(max / 1048576)
}

/**
 * Streams worksheets through the production server: one upload, then three at once, one
 * download, then four at once. Reports the server's peak resident memory (VmHWM) after each
 * step, the server first warmed with page traffic so the baseline holds what any busy process
 * grows to. With `live`, the server also collects garbage every 20 ms and logs what is still
 * reachable: that is what a request holds, while the resident peak also counts garbage not yet
 * collected and SQLite's page cache. Files held in memory would add their size per request.
 */
export async function worksheetStreaming(megabytes = 25, { live = false } = {}) {
  const database = await createTestDatabase()
  const { workshopId } = await createBookableSession(database.db, { capacity: 10 })
  const organiserId = (await database.db.selectFrom('organisers').select('id').executeTakeFirstOrThrow()).id
  await makeUser(database.db, { email: 'bench.organiser@kraj.example', role: 'organiser', organiserIds: [organiserId] })
  const logDir = mkdtempSync(path.join(tmpdir(), 'live-memory-'))
  const logFile = path.join(logDir, 'live.log')
  const server = await startServer({
    DATABASE_URL: database.url,
    WORKSHEET_MAX_MB: String(megabytes),
    ...(live
      ? {
          NODE_OPTIONS: `--expose-gc --import ${path.resolve('scripts/bench/live-memory.mjs')}`,
          LIVE_MEMORY_LOG: logFile,
        }
      : {}),
  })
  try {
    const { cookie } = await signIn(server.url, database.db, 'bench.organiser@kraj.example')
    const pid = server.process.pid!
    await autocannon({ url: `${server.url}/worksheets`, connections: 20, duration: 3 })
    const baseline = peakMemoryMb(pid)

    const size = megabytes * 1024 * 1024 - 1024
    const files = Array.from({ length: 4 }, () => Buffer.concat([Buffer.from('%PDF-1.7\n'), randomBytes(size - 9)]))
    const upload = async (body: Buffer<ArrayBuffer>, index: number) => {
      const form = new FormData()
      form.append('files', new Blob([body], { type: 'application/pdf' }), `Velký pracovní list ${index}.pdf`)
      form.append('licence', 'CC BY 4.0')
      form.append('visibility', 'public')
      const response = await fetch(`${server.url}/organiser/workshops/${workshopId}/worksheets`, {
        method: 'POST',
        body: form,
        headers: { Cookie: cookie },
        redirect: 'manual',
      })
      if (response.status !== 303) throw new Error(`upload answered ${response.status}`)
    }
    const timed = async (work: () => Promise<unknown>) => {
      const started = performance.now()
      await work()
      return Math.round(performance.now() - started)
    }

    const marks = [Date.now()]
    const oneUploadMs = await timed(() => upload(files[0]!, 0))
    const afterOneUpload = peakMemoryMb(pid)
    marks.push(Date.now())
    const fourUploadsMs = await timed(() => Promise.all(files.slice(1).map((file, i) => upload(file, i + 1))))
    const afterFourUploads = peakMemoryMb(pid)
    marks.push(Date.now())

    // Uploads finish in any order: match each worksheet to its file by the index in its name.
    const stored = await database.db.selectFrom('worksheets').select(['id', 'title']).execute()
    const byFile = files.map((_, i) => stored.find((row) => row.title.endsWith(` ${i}`))!.id)
    const download = async (id: number) =>
      Buffer.from(await (await fetch(`${server.url}/worksheets/${id}/download`)).arrayBuffer())
    let identical = true
    const oneDownloadMs = await timed(async () => {
      identical &&= sha256(await download(byFile[0]!)) === sha256(files[0]!)
    })
    const fourDownloadsMs = await timed(async () => {
      const bodies = await Promise.all(byFile.map(download))
      identical &&= bodies.every((body, i) => sha256(body) === sha256(files[i]!))
    })
    const afterDownloads = peakMemoryMb(pid)
    marks.push(Date.now())
    await new Promise((resolve) => setTimeout(resolve, 100))
    const liveFigures = live
      ? {
          liveBeforeMb: liveMb(logFile, marks[0]! - 500, marks[0]!),
          liveOneUploadMb: liveMb(logFile, marks[0]!, marks[1]!),
          liveThreeUploadsMb: liveMb(logFile, marks[1]!, marks[2]!),
          liveDownloadsMb: liveMb(logFile, marks[2]!, marks[3]!),
        }
      : {}
    return {
      name: `${megabytes} MB${live ? ', collecting every 20 ms' : ''}`,
      ...liveFigures,
      oneUploadMs,
      fourUploadsMs,
      oneDownloadMs,
      fourDownloadsMs,
      identical,
      peakBaselineMb: baseline,
      peakAfterOneUploadMb: afterOneUpload,
      peakAfterConcurrentUploadsMb: afterFourUploads,
      peakAfterDownloadsMb: afterDownloads,
    }
  } finally {
    await server.stop()
    await database.cleanup()
    rmSync(logDir, { recursive: true, force: true })
  }
}
