import {
  unstable_composeUploadHandlers as composeUploadHandlers,
  unstable_createMemoryUploadHandler as createMemoryUploadHandler,
  unstable_parseMultipartFormData as parseMultipartFormData,
} from '@remix-run/node'
import type { MessageId } from '~/i18n/intl'
import type { UploadedFile } from '~/models/worksheets.server'
import { getDb } from '~/utils/db.server'
import { getEnv } from '~/utils/env.server'
import { deleteFile, FileTooLarge, storeStream } from '~/utils/file-store.server'
import { detectFileType } from '~/utils/file-types.server'

export type UploadResult =
  | { ok: true; files: UploadedFile[]; fields: FormData }
  | { ok: false; status: 400 | 413 | 415; error: MessageId; fileName?: string }

class Refused extends Error {
  constructor(
    readonly status: 400 | 413 | 415,
    readonly error: MessageId,
    readonly fileName?: string,
  ) {
    super(error)
  }
}

/**
 * Reads a multipart upload, streaming each file into the database as it arrives and checking
 * its type from its first bytes. All or nothing: if one file is refused, none is kept.
 */
export async function receiveUpload(
  request: Request,
  { field, maxFiles }: { field: string; maxFiles: number },
): Promise<UploadResult> {
  if (!(request.headers.get('content-type') ?? '').startsWith('multipart/form-data')) {
    return { ok: false, status: 400, error: 'worksheets.error.noFile' }
  }
  const db = getDb()
  const maxBytes = getEnv().WORKSHEET_MAX_MB * 1024 * 1024
  const files: UploadedFile[] = []
  const fileHandler = async ({ name, filename, data }: { name: string; filename?: string; data: AsyncIterable<Uint8Array> }) => {
    if (name !== field || filename === undefined) return undefined
    if (filename === '') {
      for await (const _ of data) void _ // no file chosen: an empty part
      return undefined
    }
    if (files.length >= maxFiles) throw new Refused(400, 'worksheets.error.tooMany', filename)
    const originalName = filename.replace(/[\u0000-\u001F]/g, '').slice(0, 200)
    let stored
    try {
      stored = await storeStream(db, data, { maxBytes, now: new Date() })
    } catch (error) {
      if (error instanceof FileTooLarge) throw new Refused(413, 'worksheets.error.tooLarge', originalName)
      throw error
    }
    const detected = await detectFileType(stored.head, originalName)
    if (!detected.ok) {
      await deleteFile(db, stored.fileId)
      throw new Refused(detected.reason === 'empty' ? 400 : 415, `worksheets.error.${detected.reason}`, originalName)
    }
    files.push({
      fileId: stored.fileId,
      originalName,
      contentType: detected.contentType,
      size: stored.size,
      sha256: stored.sha256,
    })
    return String(stored.fileId)
  }
  try {
    const fields = await parseMultipartFormData(
      request,
      composeUploadHandlers(fileHandler, createMemoryUploadHandler({ maxPartSize: 64 * 1024 })),
    )
    if (files.length === 0) return { ok: false, status: 400, error: 'worksheets.error.noFile' }
    return { ok: true, files, fields }
  } catch (error) {
    for (const file of files) await deleteFile(db, file.fileId)
    if (error instanceof Refused) return { ok: false, status: error.status, error: error.error, fileName: error.fileName }
    // A malformed multipart body is the sender's problem, not ours.
    return { ok: false, status: 400, error: 'worksheets.error.noFile' }
  }
}

async function discardUpload(files: UploadedFile[]): Promise<void> {
  for (const file of files) await deleteFile(getDb(), file.fileId)
}

/**
 * Runs the step that keeps an upload's files (or refuses them: bad form fields, a forbidden
 * workshop). Unless the step says it kept them, they are deleted, also when it throws (a
 * refusal, a constraint the form did not foresee): a refused upload leaves neither a file nor
 * a chunk behind.
 */
export async function settleUpload<R extends { kept: boolean; answer: unknown }>(
  files: UploadedFile[],
  step: () => Promise<R>,
): Promise<R['answer']> {
  let kept = false
  try {
    const result = await step()
    kept = result.kept
    return result.answer
  } finally {
    if (!kept) await discardUpload(files)
  }
}
