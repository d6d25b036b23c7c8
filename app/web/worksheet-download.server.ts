import { countDownload, mayDownload, worksheetVersion, type Requester } from '~/models/worksheets.server'
import { getDb } from '~/utils/db.server'
import { readStream } from '~/utils/file-store.server'
import { attachment } from './file-response.server'
import { orNotFound, refuse } from './refusals.server'

/**
 * Streams a worksheet from the database: its own type, length and UTF-8 file name, an ETag
 * (the SHA-256) so a repeated download can be answered 304, and a counter of downloads.
 */
export async function worksheetDownload(
  request: Request,
  { worksheetId, versionId, requester }: { worksheetId: number; versionId?: number; requester: Requester },
): Promise<Response> {
  const db = getDb()
  const access = await mayDownload(db, worksheetId, requester)
  if (!access.exists) refuse('not_found')
  if (!access.allowed) refuse('forbidden')
  // Older versions are the organisers' to see.
  if (versionId !== undefined && !access.organiser) refuse('forbidden')
  const version = orNotFound(await worksheetVersion(db, { worksheetId, versionId }))
  const etag = `"${version.sha256}"`
  const headers = {
    'Content-Type': version.contentType,
    'Content-Disposition': attachment(version.originalName),
    ETag: etag,
    'Cache-Control': 'private, no-cache',
  }
  if (request.headers.get('If-None-Match') === etag) return new Response(null, { status: 304, headers })
  const withLength = { ...headers, 'Content-Length': String(version.size) }
  // A HEAD asks about the file without downloading it: no body, not counted.
  if (request.method === 'HEAD') return new Response(null, { headers: withLength })
  if (!access.organiser && versionId === undefined) await countDownload(db, worksheetId)
  return new Response(readStream(db, version.fileId), { headers: withLength })
}
