// Clock-independent: the DKIM signature's domain, selector, key and signed headers; no date in them.
import { generateKeyPairSync } from 'node:crypto'
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import { enqueueEmail } from '~/models/outbox.server'
import { readEnv } from '~/utils/env.server'
import { createSmtpSender, type MailSender, type OutgoingEmail } from '~/utils/mailer.server'
import { createTestDatabase, type TestDatabase } from '../support/database'
import { startServer, type RunningServer } from '../support/server'
import { startSmtpServer, type TestSmtpServer } from '../support/smtp'

/*
 * Mail signed with the key the environment names. What is checked is the signature header a
 * receiver reads (domain, selector, algorithm, signed headers); verifying the signature itself
 * needs a DKIM verifier with a DNS stub (the npm package mailauth), which is not installed.
 */

const DOMAIN = 'kurzy.kraj.example'
const SELECTOR = 'mail2026'
const MAIL_FROM = `Workshopy <noreply@${DOMAIN}>`

let dir: string
let keyFile: string
beforeAll(() => {
  dir = mkdtempSync(path.join(tmpdir(), 'dkim-'))
  keyFile = path.join(dir, 'dkim.pem')
  const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 })
  writeFileSync(keyFile, privateKey.export({ type: 'pkcs8', format: 'pem' }), { mode: 0o600 })
})
afterAll(() => rmSync(dir, { recursive: true, force: true }))

let smtp: TestSmtpServer | undefined
let sender: MailSender | undefined
let database: TestDatabase | undefined
let server: RunningServer | undefined
afterEach(async () => {
  sender?.close()
  await server?.stop()
  await smtp?.close()
  await database?.cleanup()
  smtp = sender = database = server = undefined
})

const dkimEnv = () => ({ DKIM_DOMAIN: DOMAIN, DKIM_SELECTOR: SELECTOR, DKIM_PRIVATE_KEY_FILE: keyFile })

const email: OutgoingEmail = {
  subject: 'Přihlášení na workshop',
  text: 'Dobrý den,\npotvrzujeme vaši přihlášku.\n',
  html: '<p>Dobrý den,<br>potvrzujeme vaši přihlášku.</p>',
  to: 'ucitelka@skola.example',
  messageId: `<dkim-test@${DOMAIN}>`,
}

/** The tags of the message's DKIM-Signature header, unfolded; undefined when it has none. */
function dkimTags(raw: string): Map<string, string> | undefined {
  const head = raw.split(/\r?\n\r?\n/)[0] ?? ''
  const header = /^DKIM-Signature:(.*(?:\r?\n[ \t].*)*)/im.exec(head)?.[1]
  if (header === undefined) return undefined
  const tags = header.replace(/\r?\n[ \t]+/g, ' ').split(';')
  return new Map(
    tags
      .map((tag) => tag.trim())
      .filter(Boolean)
      .map((tag) => {
        const eq = tag.indexOf('=')
        return [tag.slice(0, eq).trim(), tag.slice(eq + 1).replace(/\s+/g, '')] as const
      }),
  )
}

describe('DKIM signing', () => {
  it('signs with the domain, selector and key the environment names', async () => {
    smtp = await startSmtpServer()
    const env = readEnv({ NODE_ENV: 'test', SESSION_SECRET: 's'.repeat(32), SMTP_URL: smtp.url, ...dkimEnv() })
    sender = createSmtpSender(smtp.url, MAIL_FROM, { dkim: env.DKIM })
    await sender.send(email)

    const [received] = await smtp.waitFor(1)
    const tags = dkimTags(received!.raw)
    expect(tags?.get('v')).toBe('1')
    expect(tags?.get('a')).toBe('rsa-sha256')
    expect(tags?.get('d')).toBe(DOMAIN)
    expect(tags?.get('s')).toBe(SELECTOR)
    expect(tags?.get('b')).toMatch(/^[A-Za-z0-9+/]{300,}={0,2}$/)
    expect(tags?.get('bh')).toMatch(/^[A-Za-z0-9+/]{43}=$/)
    // DMARC needs the From header signed; Subject and Message-ID keep the message from being reused.
    expect(tags?.get('h')?.toLowerCase().split(':')).toEqual(
      expect.arrayContaining(['from', 'to', 'subject', 'message-id', 'date']),
    )
    expect(received!.parsed.from?.value[0]?.address).toBe(`noreply@${DOMAIN}`)
  })

  it('leaves mail unsigned without DKIM settings', async () => {
    smtp = await startSmtpServer()
    sender = createSmtpSender(smtp.url, MAIL_FROM)
    await sender.send(email)
    const [received] = await smtp.waitFor(1)
    expect(dkimTags(received!.raw)).toBeUndefined()
  })

  it('signs what the server’s mail worker sends, and says so when it starts', async () => {
    smtp = await startSmtpServer()
    database = await createTestDatabase()
    server = await startServer({ DATABASE_URL: database.url, SMTP_URL: smtp.url, MAIL_FROM, ...dkimEnv() })
    await enqueueEmail(
      database.db,
      {
        key: 'dkim-test:sign-in',
        template: 'auth.sign-in',
        recipient: 'ucitelka@skola.example',
        locale: 'cs',
        props: { signInUrl: `${server.url}/sign-in/t0ken`, validMinutes: 15 },
      },
      { now: new Date(), messageDomain: DOMAIN },
    )
    const [received] = await smtp.waitFor(1)
    const tags = dkimTags(received!.raw)
    expect([tags?.get('d'), tags?.get('s')]).toEqual([DOMAIN, SELECTOR])
    expect(server.output()).toContain(`, signed with DKIM (d=${DOMAIN}, s=${SELECTOR}).`)
  })
})
