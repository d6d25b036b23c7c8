import { getEnv } from './env.server'

const LOOPBACK = new Set(['localhost', '127.0.0.1', '[::1]'])

/**
 * Developer tools answer 404 unless this is a developer's own machine: not production, no
 * real SMTP server, and an APP_URL on loopback. The mailbox shows sign-in links, so a public
 * server that merely forgot NODE_ENV=production must not show it.
 */
export function requireDevelopment(): void {
  const env = getEnv()
  const local = LOOPBACK.has(new URL(env.APP_URL).hostname)
  if (env.NODE_ENV === 'production' || env.SMTP_URL || !local) throw new Response('Not found', { status: 404 })
}
