/*
 * React 18.3.1 sends the unused last byte of its 2 KB buffer as NUL when a multi-byte letter
 * does not fit at its end (facebook/react#31134), which Czech text hits on long pages.
 * UTF-8 never uses 0x00 inside a letter, so dropping every NUL repairs the page exactly.
 */
export function withoutNulBytes(html: Buffer): Buffer {
  let nul = html.indexOf(0)
  if (nul === -1) return html
  // Copied in runs between the NULs: a filter calling back for every byte took milliseconds
  // on a catalogue page, a fifth of its server CPU.
  const runs: Buffer[] = []
  let from = 0
  while (nul !== -1) {
    if (nul > from) runs.push(html.subarray(from, nul))
    from = nul + 1
    nul = html.indexOf(0, from)
  }
  if (from < html.length) runs.push(html.subarray(from))
  return Buffer.concat(runs)
}
