import { randomBytes } from 'node:crypto'
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs'
import { isIP } from 'node:net'
import path from 'node:path'
import { z } from 'zod'
import { dkimFromEnvironment, type DkimKey } from './dkim.server'
import { singleton } from './singleton.server'

// An environment file's `NAME=` line means "not set" here, so one file can list every variable.
function unsetWhenEmpty<T extends z.ZodType>(schema: T) {
  return z.preprocess((value) => (typeof value === 'string' && value.trim() === '' ? undefined : value), schema.optional())
}

const EnvSchema = z.object({
  NODE_ENV: z.enum(['development', 'production', 'test']).default('development'),
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  // Which proxies' X-Forwarded-For to believe: "none", a number of hops, or addresses (decision 009b).
  TRUST_PROXY: z.string().default('loopback').transform(parseTrustProxy),
  // Deadlines for receiving a request (decision 009): its headers, a form's body, anything at all.
  HEADERS_TIMEOUT_SECONDS: z.coerce.number().int().min(1).max(600).default(10),
  BODY_TIMEOUT_SECONDS: z.coerce.number().int().min(1).max(600).default(10),
  REQUEST_TIMEOUT_SECONDS: z.coerce.number().int().min(1).max(3600).default(120),
  // How long a stop on SIGTERM may take: requests in flight, the message being sent, a job run.
  SHUTDOWN_TIMEOUT_SECONDS: z.coerce.number().int().min(1).max(600).default(20),
  DATABASE_URL: z.string().min(1).default('file:./data/app.db'),
  // Connections each process keeps to PostgreSQL (ignored for SQLite); all instances together stay below max_connections.
  DATABASE_POOL_SIZE: z.coerce.number().int().min(1).max(500).default(10),
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
  // DKIM signing, all three or none (checked in dkim.server.ts): the domain that signs, the
  // selector of its key's DNS record (<selector>._domainkey.<domain>), and the private key.
  DKIM_DOMAIN: unsetWhenEmpty(
    z
      .string()
      .trim()
      .toLowerCase()
      .regex(/^(?=.{1,253}$)([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$/, 'a domain name such as kurzy.kraj.example'),
  ),
  DKIM_SELECTOR: unsetWhenEmpty(
    z
      .string()
      .trim()
      .regex(/^[a-z0-9]([a-z0-9-]*[a-z0-9])?(\.[a-z0-9]([a-z0-9-]*[a-z0-9])?)*$/i, 'letters, digits and dashes, e.g. mail2026'),
  ),
  DKIM_PRIVATE_KEY: unsetWhenEmpty(z.string()),
  DKIM_PRIVATE_KEY_FILE: unsetWhenEmpty(z.string()),
  // "off" when the mail worker runs as its own process (npm run worker) instead.
  OUTBOX_WORKER: z.enum(['on', 'off']).default('on'),
  // Time-driven jobs (reminders, …). Safe to run in every process: a lease lets one run each job.
  JOBS: z.enum(['on', 'off']).default('on'),
  // The largest worksheet an organiser may upload, in MB.
  WORKSHEET_MAX_MB: z.coerce.number().min(1).max(500).default(25),
  OUTBOX_POLL_MS: z.coerce.number().int().min(10).max(600_000).default(1000),
  OUTBOX_RETRY_BASE_MS: z.coerce.number().int().min(10).max(3_600_000).default(2000),
  // Limits against abuse (decision 011); load tests raise the booking limits.
  BOOKING_LIMIT_PER_IP: z.coerce.number().int().min(1).max(10_000_000).default(30),
  BOOKING_LIMIT_PER_IP_SESSION: z.coerce.number().int().min(1).max(10_000_000).default(10),
  BOOKING_LIMIT_WINDOW_MINUTES: z.coerce.number().int().min(1).max(1440).default(10),
  // Personal data (issue 14, app/models/retention-policy.ts): bookings are anonymised this many
  // months after their session; certificates' holder names, audit details and sent e-mails have their own.
  RETENTION_MONTHS: z.coerce.number().int().min(1).max(240).default(24),
  CERTIFICATE_RETENTION_MONTHS: unsetWhenEmpty(z.coerce.number().int().min(1).max(600)),
  AUDIT_RETENTION_MONTHS: z.coerce.number().int().min(1).max(240).default(24),
  MAIL_RETENTION_DAYS: z.coerce.number().int().min(1).max(3650).default(30),
  // Open data (DCAT-AP-CZ): the publisher's IRI in the register of rights and duties (RPP), e.g.
  // https://rpp-opendata.egon.gov.cz/odrpp/zdroj/orgán-veřejné-moci/70891508, its name and a contact.
  OPEN_DATA_PUBLISHER: unsetWhenEmpty(z.string().url()),
  OPEN_DATA_PUBLISHER_NAME: z.string().min(1).default('Workshopy o datech a kybernetické bezpečnosti'),
  OPEN_DATA_CONTACT_EMAIL: unsetWhenEmpty(z.string().email()),
  OUTBOX_MAX_PER_RECIPIENT_HOUR: z.coerce.number().int().min(1).max(1_000_000).default(20),
  // The public body that runs this website (law 99/2019: the accessibility statement's "povinný
  // subjekt"), named there and on the privacy page, with the contact for accessibility feedback.
  OPERATOR_NAME: unsetWhenEmpty(z.string().trim().min(2).max(200)),
  OPERATOR_EMAIL: unsetWhenEmpty(z.string().trim().email()),
  OPERATOR_PHONE: unsetWhenEmpty(phoneNumber()),
  // Its data protection officer (GDPR Art. 37), named on the privacy page.
  DPO_NAME: unsetWhenEmpty(z.string().trim().min(2).max(200)),
  DPO_EMAIL: unsetWhenEmpty(z.string().trim().email()),
  DPO_PHONE: unsetWhenEmpty(phoneNumber()),
})

/** A phone number as people write it: "+420 485 226 111", "485 226 111". */
function phoneNumber() {
  return z
    .string()
    .trim()
    .regex(/^\+?[0-9](?:[ -]?[0-9]){7,15}$/, 'a phone number such as +420 485 226 111')
}

export type Env = z.infer<typeof EnvSchema> & {
  APP_URL: string
  MAIL_FROM: string
  /** Signs every e-mail sent over SMTP when set. */
  DKIM: DkimKey | undefined
  /** First secret signs; all of them verify, so a secret can be rotated without signing everyone out. */
  SESSION_SECRETS: string[]
}

// A singleton, like the database handle built from it: test files that share a process let
// both go together (tests/support/shared-process.ts).
export function getEnv(): Env {
  return singleton('env', () => readEnv(process.env))
}

/** Parses the environment once; exported for tests that check the messages. */
export function readEnv(source: NodeJS.ProcessEnv): Env {
  const parsed = EnvSchema.safeParse(source)
  if (!parsed.success) {
    const problems = parsed.error.issues.map((i) => `  ${i.path.join('.')}: ${i.message}`).join('\n')
    throw new Error(`Invalid environment configuration:\n${problems}`)
  }
  const env = parsed.data
  if (env.HEADERS_TIMEOUT_SECONDS > env.REQUEST_TIMEOUT_SECONDS || env.BODY_TIMEOUT_SECONDS > env.REQUEST_TIMEOUT_SECONDS) {
    throw new Error(
      'Invalid environment configuration:\n  REQUEST_TIMEOUT_SECONDS: must be at least HEADERS_TIMEOUT_SECONDS and BODY_TIMEOUT_SECONDS, as it covers the whole request.',
    )
  }
  // A contact is reached by e-mail: a name or a phone alone leaves people nowhere to write.
  const contactProblems = [
    !env.OPERATOR_NAME && (env.OPERATOR_EMAIL || env.OPERATOR_PHONE)
      ? '  OPERATOR_NAME: needed with OPERATOR_EMAIL or OPERATOR_PHONE, to say whose contact it is.'
      : null,
    env.OPERATOR_NAME && !env.OPERATOR_EMAIL
      ? '  OPERATOR_EMAIL: needed with OPERATOR_NAME, for feedback on accessibility.'
      : null,
    !env.DPO_EMAIL && (env.DPO_NAME || env.DPO_PHONE)
      ? '  DPO_EMAIL: needed with DPO_NAME or DPO_PHONE; the officer must be reachable in writing.'
      : null,
  ].filter((problem) => problem !== null)
  if (contactProblems.length > 0) throw new Error(`Invalid environment configuration:\n${contactProblems.join('\n')}`)
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
    DKIM: dkimFromEnvironment(env),
    SESSION_SECRETS: resolveSessionSecrets(env.SESSION_SECRET, env.NODE_ENV),
  }
}

const TRUST_PROXY_NAMES = new Set(['loopback', 'linklocal', 'uniquelocal'])

/**
 * Express's "trust proxy": false for "none", a hop count, or a list of addresses, networks
 * (CIDR) and the names loopback, linklocal, uniquelocal. "true" is refused: it would believe
 * whatever X-Forwarded-For a client writes, and every per-IP limit with it.
 */
function parseTrustProxy(value: string, ctx: z.RefinementCtx): false | number | string[] {
  const text = value.trim().toLowerCase()
  if (text === 'none' || text === 'false') return false
  if (/^\d+$/.test(text)) {
    const hops = Number(text)
    if (hops >= 1 && hops <= 10) return hops
  }
  if (text === 'true' || text === 'all' || /^\d+$/.test(text)) {
    ctx.addIssue({
      code: 'custom',
      message:
        'use "none", the number of proxies in front of the server (1–10), or their addresses; "true" would believe any X-Forwarded-For a client makes up',
    })
    return z.NEVER
  }
  const entries = text
    .split(',')
    .map((entry) => entry.trim())
    .filter(Boolean)
  const wrong = entries.filter((entry) => !TRUST_PROXY_NAMES.has(entry) && !isAddressOrNetwork(entry))
  if (entries.length === 0 || wrong.length > 0) {
    ctx.addIssue({
      code: 'custom',
      message: `not an address, network (10.0.0.0/8) or one of loopback, linklocal, uniquelocal: ${wrong.join(', ') || '(empty)'}`,
    })
    return z.NEVER
  }
  return entries
}

function isAddressOrNetwork(entry: string): boolean {
  const [address = '', prefix, extra] = entry.split('/')
  const version = isIP(address)
  if (version === 0 || extra !== undefined) return false
  if (prefix === undefined) return true
  return /^\d{1,3}$/.test(prefix) && Number(prefix) <= (version === 4 ? 32 : 128)
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
