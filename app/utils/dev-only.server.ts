import { getEnv } from './env.server'

/** Developer tools answer 404 in production, as if they did not exist. */
export function requireDevelopment(): void {
  if (getEnv().NODE_ENV === 'production') throw new Response('Not found', { status: 404 })
}
