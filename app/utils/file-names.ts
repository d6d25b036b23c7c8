/**
 * "Prezenční listina – Počasí v kraji.csv" without characters that trip up file systems. A
 * character taken out, a no-break space from a date and a run of spaces become one plain space,
 * so "Kurz: základy" is "Kurz základy", never "Kurz  základy".
 */
export function safeFileName(title: string, extension: string): string {
  return `${title
    .replace(/[\\/:*?"<>|\u0000-\u001F]+/g, ' ')
    .replace(/\s+/g, ' ')
    .trim()
    .slice(0, 100)
    .trim()}.${extension}`
}
