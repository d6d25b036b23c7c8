import { createHash, randomBytes } from 'node:crypto'

/** 256 random bits, URL-safe: the secret in a manage link. */
export function newToken(): string {
  return randomBytes(32).toString('base64url')
}

/** Tokens are stored only as their SHA-256, so a copy of the database opens no booking. */
export function hashToken(token: string): string {
  return createHash('sha256').update(token).digest('hex')
}

export function looksLikeToken(value: string | undefined): value is string {
  return typeof value === 'string' && /^[A-Za-z0-9_-]{43}$/.test(value)
}
