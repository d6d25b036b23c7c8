import QRCode from 'qrcode'

/** The QR code's modules as rows of booleans (true = dark), from the qrcode library. */
export function qrModules(text: string): boolean[][] {
  const { modules } = QRCode.create(text, { errorCorrectionLevel: 'M' })
  return Array.from({ length: modules.size }, (_, y) => Array.from({ length: modules.size }, (_, x) => modules.get(y, x) === 1))
}

/** An SVG for a page: one path, crisp at any size, with a quiet zone of four modules. */
export function qrSvg(text: string, { label }: { label: string }): string {
  const rows = qrModules(text)
  const size = rows.length + 8
  const path = rows.flatMap((row, y) => row.map((dark, x) => (dark ? `M${x + 4} ${y + 4}h1v1h-1z` : ''))).join('')
  return `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${size} ${size}" role="img" aria-label="${label.replace(/"/g, '&quot;')}" shape-rendering="crispEdges"><rect width="${size}" height="${size}" fill="#fff"/><path d="${path}" fill="#000"/></svg>`
}

/**
 * A QR code as an HTML table for e-mail: images are often blocked and data: URIs dropped,
 * but table cells with a background colour show everywhere, Outlook included.
 */
export function qrHtmlTable(text: string, cellPx = 4): string {
  const rows = qrModules(text)
  const quiet = 4
  const size = rows.length + quiet * 2
  const cell = (dark: boolean) =>
    `<td style="width:${cellPx}px;height:${cellPx}px;padding:0;background:${dark ? '#000000' : '#ffffff'}"></td>`
  const html: string[] = []
  for (let y = 0; y < size; y++) {
    const cells: string[] = []
    for (let x = 0; x < size; x++) {
      const dark = rows[y - quiet]?.[x - quiet] ?? false
      cells.push(cell(dark))
    }
    html.push(`<tr>${cells.join('')}</tr>`)
  }
  return `<table role="presentation" cellpadding="0" cellspacing="0" style="border-collapse:collapse;line-height:0">${html.join('')}</table>`
}
