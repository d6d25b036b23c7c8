import type { Locale } from '~/i18n/locales'

const KB = 1024
const MB = 1024 * KB
const NBSP = '\u00a0'

/**
 * A file's size as people read it: "840 B", "15 kB", "2,4 MB" (Czech decimal comma, "2.4 MB"
 * in English), never "0 MB". A non-breaking space keeps the number with its unit. Units of
 * 1024, as the upload limit (WORKSHEET_MAX_MB) counts them.
 */
export function formatFileSize(bytes: number, locale: Locale): string {
  const number = (value: number, digits: number) => value.toLocaleString(locale, { maximumFractionDigits: digits })
  if (bytes < KB) return `${number(bytes, 0)}${NBSP}B`
  // One decimal while it says something (9,5 kB), none above (15 kB, 840 kB); from a thousand
  // kB on, megabytes ("1 MB", not "1 023 kB").
  const kb = bytes / KB
  if (Math.round(kb) < 1000) return `${number(kb, kb < 10 ? 1 : 0)}${NBSP}kB`
  const mb = bytes / MB
  return `${number(mb, mb < 100 ? 1 : 0)}${NBSP}MB`
}
