import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { testStart } from '../support/clock'
import { createTestDatabase, type TestDatabase } from '../support/database'
import { startServer, type RunningServer } from '../support/server'

let database: TestDatabase
let server: RunningServer
let worksheet: { id: number; size: number }

beforeAll(async () => {
  database = await createTestDatabase({ seedAt: testStart })
  ;[server, worksheet] = await Promise.all([
    startServer({ DATABASE_URL: database.url }),
    database.db
      .selectFrom('worksheets')
      .innerJoin('worksheet_versions', 'worksheet_versions.id', 'worksheets.current_version_id')
      .select(['worksheets.id', 'worksheet_versions.size'])
      .where('worksheets.visibility', '=', 'public')
      .executeTakeFirstOrThrow(),
  ])
})
afterAll(async () => {
  await server?.stop()
  await database?.cleanup()
})

const downloads = async () =>
  (await database.db.selectFrom('worksheets').select('download_count').where('id', '=', worksheet.id).executeTakeFirstOrThrow())
    .download_count

describe('HEAD on a worksheet download', () => {
  it('answers with the headers of the file, no body, and does not count as a download', async () => {
    const head = await fetch(`${server.url}/worksheets/${worksheet.id}/download`, { method: 'HEAD' })
    expect(head.status).toBe(200)
    expect(head.headers.get('content-length')).toBe(String(worksheet.size))
    expect(head.headers.get('content-disposition')).toMatch(/^attachment; filename=/)
    expect((await head.arrayBuffer()).byteLength).toBe(0)
    expect(await downloads()).toBe(0)

    const get = await fetch(`${server.url}/worksheets/${worksheet.id}/download`)
    expect((await get.arrayBuffer()).byteLength).toBe(worksheet.size)
    expect(await downloads()).toBe(1)
  })
})
