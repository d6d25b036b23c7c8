import { safeFileName } from '~/utils/file-names'

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

/** A download's file name: see safeFileName. */
export function exportFileName(title: string, extension: string): string {
  return safeFileName(title, extension)
}

/** Content-Disposition with the UTF-8 name (RFC 6266/5987) and an ASCII fallback. */
export function attachment(fileName: string): string {
  const ascii = fileName
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/[^\x20-\x7E]/g, '_')
    .replace(/"/g, "'")
  // RFC 8187 allows fewer characters unescaped than encodeURIComponent leaves alone.
  const encoded = encodeURIComponent(fileName).replace(/['()*!]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`)
  return `attachment; filename="${ascii}"; filename*=UTF-8''${encoded}`
}
