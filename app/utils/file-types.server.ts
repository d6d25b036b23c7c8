/*
 * What organisers may upload, decided by what the bytes are, not by the name: a renamed
 * program, an HTML page or an SVG (which can carry scripts) is refused however it is called.
 */
export const ALLOWED = {
  pdf: 'application/pdf',
  docx: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  pptx: 'application/vnd.openxmlformats-officedocument.presentationml.presentation',
  odt: 'application/vnd.oasis.opendocument.text',
  ods: 'application/vnd.oasis.opendocument.spreadsheet',
  odp: 'application/vnd.oasis.opendocument.presentation',
  csv: 'text/csv; charset=utf-8',
  txt: 'text/plain; charset=utf-8',
  png: 'image/png',
  jpg: 'image/jpeg',
  zip: 'application/zip',
} as const
export type AllowedExtension = keyof typeof ALLOWED

export type Detection =
  { ok: true; ext: AllowedExtension; contentType: string } | { ok: false; reason: 'empty' | 'unsupported' | 'mismatch' }

function extensionOf(name: string): string {
  const ext = /\.([a-z0-9]+)$/i.exec(name)?.[1]?.toLowerCase() ?? ''
  return ext === 'jpeg' ? 'jpg' : ext
}

/*
 * A browser that sniffs treats text opening with any tag or comment as HTML, and a page can
 * hide its <html> behind a comment: refuse a tag-like start, and the dangerous tags anywhere
 * in the head.
 */
const MARKUP_START = /^\s*<[a-z!?/]/i
const MARKUP_ANYWHERE = /<(\?xml|!doctype|html|svg|script|iframe|object|embed)[\s>/]/i

export async function detectFileType(head: Buffer, originalName: string): Promise<Detection> {
  if (head.length === 0) return { ok: false, reason: 'empty' }
  const claimed = extensionOf(originalName)
  // Loaded on first upload rather than at start-up.
  const { fileTypeFromBuffer } = await import('file-type')
  const detected = await fileTypeFromBuffer(head)
  if (detected) {
    const ext = (detected.ext === 'jpg' ? 'jpg' : detected.ext) as string
    if (!(ext in ALLOWED)) return { ok: false, reason: 'unsupported' }
    // An office document is a zip: a .docx that is "only" a zip is not a document.
    if (ext !== claimed) return { ok: false, reason: ext === 'zip' || claimed in ALLOWED ? 'mismatch' : 'unsupported' }
    return { ok: true, ext: ext as AllowedExtension, contentType: ALLOWED[ext as AllowedExtension] }
  }
  // No signature: only plain UTF-8 text is welcome, as .csv or .txt, and never markup.
  if (claimed !== 'csv' && claimed !== 'txt') return { ok: false, reason: 'unsupported' }
  const text = decodeUtf8(head)
  if (text === undefined || text.includes('\u0000')) return { ok: false, reason: 'unsupported' }
  const body = text.replace(/^\uFEFF/, '')
  if (MARKUP_START.test(body) || MARKUP_ANYWHERE.test(body)) return { ok: false, reason: 'unsupported' }
  return { ok: true, ext: claimed, contentType: ALLOWED[claimed] }
}

function decodeUtf8(bytes: Buffer): string | undefined {
  try {
    // The head may end inside a multi-byte character: drop up to three trailing bytes.
    for (let cut = 0; cut < 4; cut++) {
      try {
        return new TextDecoder('utf-8', { fatal: true }).decode(bytes.subarray(0, bytes.length - cut))
      } catch (error) {
        if (cut === 3) throw error
      }
    }
  } catch {
    return undefined
  }
  return undefined
}
