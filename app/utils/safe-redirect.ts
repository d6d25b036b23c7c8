/** Any origin of our own serves to resolve against; only the path, query and fragment are kept. */
const OWN_ORIGIN = 'http://app.invalid'

/**
 * A path on this site to send someone to, or the fallback. Browsers drop tabs and newlines from
 * URLs and read "\" as "/", so "/\t/evil.example" would reach another host: such characters are
 * refused anywhere, and what is left must resolve, against our own origin, to our own origin
 * without starting with "//" once normalised ("/.//evil.example").
 */
export function safeRedirectPath(to: string | undefined, fallback: string): string {
  if (!to || !to.startsWith('/') || /[\u0000-\u001f\u007f\\]/.test(to)) return fallback
  let url: URL
  try {
    url = new URL(to, OWN_ORIGIN)
  } catch {
    return fallback
  }
  const path = url.pathname + url.search + url.hash
  if (url.origin !== OWN_ORIGIN || path.startsWith('//')) return fallback
  return path
}
