import { randomBytes } from 'node:crypto'
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs'
import path from 'node:path'
import { z } from 'zod'

const EnvSchema = z.object({
  NODE_ENV: z.enum(['development', 'production', 'test']).default('development'),
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  DATABASE_URL: z.string().min(1).default('file:./data/app.db'),
  APP_URL: z.string().url().optional(),
  SESSION_SECRET: z.string().optional(),
  // "demo" seeds an empty database with the demo catalogue; "none" starts empty.
  SEED: z.enum(['demo', 'none']).default('demo'),
  // How long a rendered public page may be reused while its data is unchanged; 0 turns it off.
  PAGE_CACHE_SECONDS: z.coerce.number().min(0).max(3600).default(5),
  // smtp://user:pass@host:port or smtps://…; without it (development only) mail goes to /dev/mailbox.
  SMTP_URL: z
    .string()
    .regex(/^smtps?:\/\//, 'must start with smtp:// or smtps://')
    .optional(),
  MAIL_FROM: z.string().min(3).optional(),
  // "off" when the mail worker runs as its own process (npm run worker) instead.
  OUTBOX_WORKER: z.enum(['on', 'off']).default('on'),
  // The largest worksheet an organiser may upload, in MB.
  WORKSHEET_MAX_MB: z.coerce.number().min(1).max(500).default(25),
  OUTBOX_POLL_MS: z.coerce.number().int().min(10).max(600_000).default(1000),
  OUTBOX_RETRY_BASE_MS: z.coerce.number().int().min(10).max(3_600_000).default(2000),
  // Limits against abuse (decision 011); load tests raise the booking limits.
  BOOKING_LIMIT_PER_IP: z.coerce.number().int().min(1).max(10_000_000).default(30),
  BOOKING_LIMIT_PER_IP_SESSION: z.coerce.number().int().min(1).max(10_000_000).default(10),
  BOOKING_LIMIT_WINDOW_MINUTES: z.coerce.number().int().min(1).max(1440).default(10),
  OUTBOX_MAX_PER_RECIPIENT_HOUR: z.coerce.number().int().min(1).max(1_000_000).default(20),
})

export type Env = z.infer<typeof EnvSchema> & {
  APP_URL: string
  MAIL_FROM: string
  /** First secret signs; all of them verify, so a secret can be rotated without signing everyone out. */
  SESSION_SECRETS: string[]
}

let cached: Env | undefined

export function getEnv(): Env {
  cached ??= readEnv(process.env)
  return cached
}

/** Parses the environment once; exported for tests that check the messages. */
export function readEnv(source: NodeJS.ProcessEnv): Env {
  const parsed = EnvSchema.safeParse(source)
  if (!parsed.success) {
    const problems = parsed.error.issues.map((i) => `  ${i.path.join('.')}: ${i.message}`).join('\n')
    throw new Error(`Invalid environment configuration:\n${problems}`)
  }
  const env = parsed.data
  if (env.NODE_ENV === 'production' && !env.SMTP_URL) {
    throw new Error(
      'SMTP_URL is required in production (smtp://user:pass@host:port or smtps://…); the development mailbox is off there.',
    )
  }
  const appUrl = (env.APP_URL ?? `http://localhost:${env.PORT}`).replace(/\/$/, '')
  return {
    ...env,
    APP_URL: appUrl,
    MAIL_FROM: env.MAIL_FROM ?? `Workshopy <noreply@${new URL(appUrl).hostname}>`,
    SESSION_SECRETS: resolveSessionSecrets(env.SESSION_SECRET, env.NODE_ENV),
  }
}

function resolveSessionSecrets(value: string | undefined, nodeEnv: string): string[] {
  const secrets = (value ?? '')
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean)
  if (secrets.length > 0) {
    const weak = secrets.find((s) => s.length < 32)
    if (weak !== undefined && nodeEnv === 'production') {
      throw new Error('SESSION_SECRET: every secret must be at least 32 characters long.')
    }
    return secrets
  }
  if (nodeEnv === 'production') {
    throw new Error(
      'SESSION_SECRET is required in production. Generate one with\n' +
        "  node -e \"console.log(require('crypto').randomBytes(32).toString('hex'))\"\n" +
        'and set it in the environment (several secrets separated by commas rotate: the first signs).',
    )
  }
  return [developmentSecret()]
}

// Development keeps a generated secret on disk so cookies survive restarts.
function developmentSecret(): string {
  const file = path.resolve('data', 'session-secret')
  if (existsSync(file)) return readFileSync(file, 'utf8').trim()
  const secret = randomBytes(32).toString('hex')
  mkdirSync(path.dirname(file), { recursive: true })
  writeFileSync(file, secret, { mode: 0o600 })
  return secret
}
