import { attachment } from '~/models/exports.server'

/** A download: the right type, the UTF-8 file name, never cached by proxies, never sniffed. */
export function fileResponse(
  body: Buffer,
  { type, fileName, inline = false }: { type: string; fileName: string; inline?: boolean },
) {
  return new Response(new Uint8Array(body), {
    headers: {
      'Content-Type': type,
      'Content-Length': String(body.length),
      'Content-Disposition': inline ? attachment(fileName).replace(/^attachment/, 'inline') : attachment(fileName),
      // nosniff comes with every response (helmet).
      'Cache-Control': 'private, no-store',
    },
  })
}
