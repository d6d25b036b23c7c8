import { readFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { qrModules } from '../qr.server'

/*
 * Noto Sans (OFL) from the npm registry, embedded and subset by pdfkit: every Czech letter
 * prints, on any reader, with nothing fetched from a CDN. Read once per process.
 */
const require = createRequire(import.meta.url)
let fonts: { regular: Buffer; bold: Buffer } | undefined
function fontFiles() {
  fonts ??= {
    regular: readFileSync(require.resolve('@expo-google-fonts/noto-sans/400Regular/NotoSans_400Regular.ttf')),
    bold: readFileSync(require.resolve('@expo-google-fonts/noto-sans/700Bold/NotoSans_700Bold.ttf')),
  }
  return fonts
}

export type Pdf = PDFKit.PDFDocument

/** An A4 document with the fonts registered as "regular" and "bold". */
export async function newDocument(options: { title: string; layout?: 'portrait' | 'landscape'; margin?: number }): Promise<Pdf> {
  // Loaded on first use: pdfkit costs a quarter of a second and ~20 MB at start-up otherwise.
  const { default: PDFDocument } = await import('pdfkit')
  const doc = new PDFDocument({
    size: 'A4',
    layout: options.layout ?? 'portrait',
    margin: options.margin ?? 40,
    bufferPages: true,
    info: { Title: options.title, Producer: 'Workshopy', Creator: 'Workshopy' },
    lang: 'cs-CZ',
  } as PDFKit.PDFDocumentOptions)
  const { regular, bold } = fontFiles()
  doc.registerFont('regular', regular)
  doc.registerFont('bold', bold)
  doc.font('regular')
  return doc
}

/** Ends the document and resolves with its bytes. */
export function finish(doc: Pdf): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = []
    doc.on('data', (chunk: Buffer) => chunks.push(chunk))
    doc.on('end', () => resolve(Buffer.concat(chunks)))
    doc.on('error', reject)
    doc.end()
  })
}

/** A QR code drawn as vector squares: sharp when printed, no image to encode. */
export function drawQr(doc: Pdf, text: string, { x, y, size }: { x: number; y: number; size: number }): void {
  const rows = qrModules(text)
  const cell = size / (rows.length + 8)
  doc.save()
  doc.rect(x, y, size, size).fill('#ffffff')
  rows.forEach((row, r) =>
    row.forEach((dark, c) => {
      if (dark) doc.rect(x + (c + 4) * cell, y + (r + 4) * cell, cell, cell)
    }),
  )
  doc.fill('#000000')
  doc.restore()
}
