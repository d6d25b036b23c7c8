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
 *
 * Neighbouring modules of one colour share a cell (colspan): a cell per module made the code
 * 57 kB of a 60 kB e-mail, and encoding and sending it was most of a booking's CPU. The first
 * row, part of the quiet zone, has a cell per module so that every column has its width.
 */
export function qrHtmlTable(text: string, cellPx = 4): string {
  const rows = qrModules(text)
  const quiet = 4
  const size = rows.length + quiet * 2
  // Light cells show the table's white; bgcolor is the attribute every mail client honours.
  const cell = (dark: boolean, span: number) =>
    `<td${span > 1 ? ` colspan="${span}"` : ''} width="${span * cellPx}" height="${cellPx}"${dark ? ' bgcolor="#000000"' : ''}></td>`
  const html: string[] = [`<tr>${cell(false, 1).repeat(size)}</tr>`]
  for (let y = 1; y < size; y++) {
    const cells: string[] = []
    let x = 0
    while (x < size) {
      const dark = rows[y - quiet]?.[x - quiet] ?? false
      let span = 1
      while (x + span < size && (rows[y - quiet]?.[x + span - quiet] ?? false) === dark) span++
      cells.push(cell(dark, span))
      x += span
    }
    html.push(`<tr>${cells.join('')}</tr>`)
  }
  return `<table role="presentation" cellpadding="0" cellspacing="0" bgcolor="#ffffff" style="border-collapse:collapse;line-height:0;background:#ffffff">${html.join('')}</table>`
}
