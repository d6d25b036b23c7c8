/** Only a path on this site: "//evil.example" and "https://…" would leave it. */
export function safeRedirectPath(to: string | undefined, fallback: string): string {
  if (!to || !to.startsWith('/') || to.startsWith('//') || to.startsWith('/\\')) return fallback
  return to
}
