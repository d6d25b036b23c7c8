import { createHash } from 'node:crypto'
import type { Kysely } from 'kysely'
import type { DB } from '../../db/schema'

/*
 * Files in the database, in chunks of CHUNK_BYTES. Writing and reading go chunk by chunk, so
 * a 25 MB file never sits in memory whole; several app instances share the files with the
 * database. Each chunk is its own short write, so an upload never holds the write lock while
 * it waits for the network.
 */
export const CHUNK_BYTES = 256 * 1024
/** What type detection reads from the start of a file. */
export const HEAD_BYTES = 256 * 1024

export class FileTooLarge extends Error {
  constructor(readonly maxBytes: number) {
    super(`file larger than ${maxBytes} bytes`)
  }
}

export type StoredFile = { fileId: number; size: number; sha256: string; head: Buffer }

/** Streams an upload into a new, not yet complete file. Over maxBytes, nothing is kept. */
export async function storeStream(
  db: Kysely<DB>,
  data: AsyncIterable<Uint8Array>,
  { maxBytes, now }: { maxBytes: number; now: Date },
): Promise<StoredFile> {
  const { id: fileId } = await db
    .insertInto('files')
    .values({ created_at: now.toISOString() })
    .returning('id')
    .executeTakeFirstOrThrow()
  const hash = createHash('sha256')
  let size = 0
  let seq = 0
  let pending: Buffer[] = []
  let pendingBytes = 0
  let head = Buffer.alloc(0)
  const flush = async () => {
    if (pendingBytes === 0) return
    const chunk = Buffer.concat(pending, pendingBytes)
    pending = []
    pendingBytes = 0
    await db.insertInto('file_chunks').values({ file_id: fileId, seq: seq++, data: chunk }).execute()
  }
  try {
    for await (const part of data) {
      size += part.byteLength
      if (size > maxBytes) throw new FileTooLarge(maxBytes)
      // A view, not a copy: the parser hands over a fresh chunk each time.
      const buffer = Buffer.from(part.buffer, part.byteOffset, part.byteLength)
      hash.update(buffer)
      if (head.length < HEAD_BYTES) head = Buffer.concat([head, buffer.subarray(0, HEAD_BYTES - head.length)])
      pending.push(buffer)
      pendingBytes += buffer.length
      if (pendingBytes >= CHUNK_BYTES) await flush()
    }
    await flush()
  } catch (error) {
    await deleteFile(db, fileId)
    throw error
  }
  const sha256 = hash.digest('hex')
  await db.updateTable('files').set({ size, sha256 }).where('id', '=', fileId).execute()
  return { fileId, size, sha256, head }
}

export async function markComplete(db: Kysely<DB>, fileId: number, contentType: string): Promise<void> {
  await db.updateTable('files').set({ complete: 1, content_type: contentType }).where('id', '=', fileId).execute()
}

export async function deleteFile(db: Kysely<DB>, fileId: number): Promise<void> {
  await db.deleteFrom('file_chunks').where('file_id', '=', fileId).execute()
  await db.deleteFrom('files').where('id', '=', fileId).execute()
}

/** A stream of the file's bytes that reads one chunk from the database per pull. */
export function readStream(db: Kysely<DB>, fileId: number): ReadableStream<Uint8Array> {
  let seq = 0
  return new ReadableStream<Uint8Array>({
    async pull(controller) {
      const row = await db
        .selectFrom('file_chunks')
        .select('data')
        .where('file_id', '=', fileId)
        .where('seq', '=', seq)
        .executeTakeFirst()
      if (!row) return controller.close()
      seq++
      controller.enqueue(new Uint8Array(row.data.buffer, row.data.byteOffset, row.data.byteLength))
    },
  })
}
