import { createServer } from 'node:net'
import { simpleParser, type Attachment, type HeaderValue, type ParsedMail, type StructuredHeader } from 'mailparser'
import { SMTPServer, type SMTPServerSession } from 'smtp-server'

/*
 * A real SMTP server on loopback for tests: it accepts every message (no TLS, no login),
 * parses it with mailparser and keeps it. Replies can be made to fail on purpose, at RCPT TO
 * or after DATA, to test how a sender copes with temporary (4xx) and permanent (5xx) errors.
 */

/** An SMTP reply the server sends instead of accepting: 4xx is temporary, 5xx permanent. */
export type SmtpReply = { code: number; message: string }

export type RejectContext =
  | {
      stage: 'rcpt'
      /** The recipient of this RCPT TO command. */
      recipient: string
      from: string
      /** How many RCPT TO commands this server has seen so far, this one included (1-based). */
      attempt: number
      /** How many messages were accepted before this command. */
      received: number
    }
  | {
      stage: 'data'
      recipients: string[]
      from: string
      /** How many messages reached the end of DATA so far, this one included (1-based). */
      attempt: number
      received: number
      raw: string
      parsed: ParsedMail
    }

export type ReceivedMessage = {
  parsed: ParsedMail
  /** The message as it came over the wire, dot-unstuffed. */
  raw: string
  envelope: { from: string; to: string[] }
  receivedAt: Date
}

export type RejectedAttempt = {
  stage: 'rcpt' | 'data'
  recipients: string[]
  reply: SmtpReply
  /** The Message-ID of a message refused after DATA; undefined at the RCPT stage. */
  messageId?: string
}

export type SmtpServerOptions = {
  /** 0 (the default) takes a free port; pass one from freePort() to start where a client already points. */
  port?: number
  host?: string
  /** Called for every RCPT TO and every message after DATA; a reply makes the server refuse. */
  reject?: (context: RejectContext) => SmtpReply | undefined
  /** Awaited after a message's DATA, before the server accepts it: the sender stays mid-send until it resolves. */
  holdReply?: () => Promise<void>
}

export type TestSmtpServer = {
  port: number
  /** smtp://127.0.0.1:PORT, for createSmtpSender or SMTP_URL. */
  url: string
  /** Accepted messages, in the order they arrived. */
  messages: ReceivedMessage[]
  /** Every refusal the server answered, in order. */
  rejected: RejectedAttempt[]
  /** Resolves with the messages once at least `count` have arrived; rejects after timeoutMs. */
  waitFor(count: number, timeoutMs?: number): Promise<ReceivedMessage[]>
  close(): Promise<void>
}

function replyError(reply: SmtpReply): Error {
  // smtp-server answers with err.responseCode (and the message) when a handler fails.
  return Object.assign(new Error(reply.message), { responseCode: reply.code })
}

export async function startSmtpServer(options: SmtpServerOptions = {}): Promise<TestSmtpServer> {
  const host = options.host ?? '127.0.0.1'
  const messages: ReceivedMessage[] = []
  const rejected: RejectedAttempt[] = []
  let rcptAttempts = 0
  let dataAttempts = 0

  const envelopeOf = (session: SMTPServerSession) => ({
    from: session.envelope.mailFrom ? session.envelope.mailFrom.address : '',
    to: session.envelope.rcptTo.map((r) => r.address),
  })

  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['AUTH', 'STARTTLS'],
    logger: false,
    // Connections a client left open (a pooled transport) must not hold close() for long.
    closeTimeout: 500,
    onRcptTo(address, session, callback) {
      rcptAttempts += 1
      const reply = options.reject?.({
        stage: 'rcpt',
        recipient: address.address,
        from: envelopeOf(session).from,
        attempt: rcptAttempts,
        received: messages.length,
      })
      if (reply) {
        rejected.push({ stage: 'rcpt', recipients: [address.address], reply })
        callback(replyError(reply))
        return
      }
      callback()
    },
    onData(stream, session, callback) {
      const chunks: Buffer[] = []
      stream.on('data', (chunk: Buffer) => chunks.push(chunk))
      stream.on('error', (error: Error) => callback(error))
      stream.on('end', () => {
        const raw = Buffer.concat(chunks).toString('utf8')
        const envelope = envelopeOf(session)
        simpleParser(raw).then(
          (parsed) => {
            dataAttempts += 1
            const reply = options.reject?.({
              stage: 'data',
              recipients: envelope.to,
              from: envelope.from,
              attempt: dataAttempts,
              received: messages.length,
              raw,
              parsed,
            })
            if (reply) {
              rejected.push({ stage: 'data', recipients: envelope.to, reply, messageId: parsed.messageId })
              callback(replyError(reply))
              return
            }
            const accept = () => {
              messages.push({ parsed, raw, envelope, receivedAt: new Date() })
              callback(null, 'Message queued')
            }
            if (options.holdReply) void options.holdReply().then(accept)
            else accept()
          },
          (error: unknown) => callback(replyError({ code: 554, message: `Cannot parse message: ${String(error)}` })),
        )
      })
    },
  })

  await new Promise<void>((resolve, reject) => {
    const onError = (error: Error) => reject(error)
    server.once('error', onError)
    server.listen(options.port ?? 0, host, () => {
      server.off('error', onError)
      resolve()
    })
  })
  // Errors on client sockets (a client dropping the connection) must not crash the test run.
  server.on('error', () => undefined)
  const address = server.server.address()
  if (address === null || typeof address === 'string') throw new Error('SMTP server has no TCP address')
  const port = address.port

  let closed: Promise<void> | undefined
  return {
    port,
    url: `smtp://${host}:${port}`,
    messages,
    rejected,
    async waitFor(count, timeoutMs = 10_000) {
      const deadline = Date.now() + timeoutMs
      while (messages.length < count) {
        if (Date.now() > deadline) {
          throw new Error(
            `SMTP server on port ${port}: waited ${timeoutMs} ms for ${count} message(s), got ${messages.length}` +
              (rejected.length ? ` (and refused ${rejected.length} attempt(s))` : ''),
          )
        }
        await new Promise((resolve) => setTimeout(resolve, 10))
      }
      return messages
    },
    close() {
      closed ??= new Promise<void>((resolve) => server.close(() => resolve()))
      return closed
    },
  }
}

/** A TCP port nothing listens on right now (it may be taken by someone else later, rarely). */
export async function freePort(host = '127.0.0.1'): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer()
    probe.once('error', reject)
    probe.listen(0, host, () => {
      const address = probe.address()
      probe.close(() => {
        if (address === null || typeof address === 'string') reject(new Error('no TCP address'))
        else resolve(address.port)
      })
    })
  })
}

export type CalendarPart = {
  /** The iCalendar text, decoded. */
  content: string
  /** The method parameter of the part's Content-Type (REQUEST, CANCEL…), upper-case. */
  method: string | undefined
  /** The part's Content-Type as a whole, e.g. text/calendar; charset=utf-8; method=REQUEST. */
  contentType: string
}

function isStructured(value: HeaderValue | undefined): value is StructuredHeader {
  return typeof value === 'object' && value !== null && !Array.isArray(value) && 'value' in value && 'params' in value
}

/**
 * The text/calendar alternative of a message (an iTIP invitation), as nodemailer's icalEvent
 * writes it. mailparser 3.14 reports it among parsed.attachments with contentType
 * 'text/calendar' and no filename; nodemailer also adds a copy as an application/ics
 * attachment, which is not the part calendars act on and is ignored here. When mailparser gives
 * nothing, the raw source (if passed) is searched instead.
 */
export function calendarPart(parsed: ParsedMail, raw?: string): CalendarPart | undefined {
  const attachment: Attachment | undefined = parsed.attachments.find((a) => a.contentType.toLowerCase() === 'text/calendar')
  if (attachment) {
    const header = attachment.headers.get('content-type')
    const params = isStructured(header) ? header.params : {}
    const method = Object.entries(params).find(([key]) => key.toLowerCase() === 'method')?.[1]
    const contentType = ['text/calendar', ...Object.entries(params).map(([key, value]) => `${key}=${value}`)].join('; ')
    return { content: attachment.content.toString('utf8'), method: method?.toUpperCase(), contentType }
  }
  return raw === undefined ? undefined : calendarPartFromRaw(raw)
}

/** A plain reading of the MIME source: finds the first text/calendar part and decodes it. */
export function calendarPartFromRaw(raw: string): CalendarPart | undefined {
  const lines = raw.split(/\r?\n/)
  for (let i = 0; i < lines.length; i++) {
    if (!/^content-type:\s*text\/calendar\b/i.test(lines[i] ?? '')) continue
    // Walk back to the start of this part's headers and forward to the blank line ending them.
    let start = i
    while (start > 0 && (lines[start - 1] ?? '') !== '' && !(lines[start - 1] ?? '').startsWith('--')) start--
    let end = i
    while (end < lines.length && (lines[end] ?? '') !== '') end++
    const headers = unfold(lines.slice(start, end))
    const contentType = headers.get('content-type') ?? 'text/calendar'
    const encoding = (headers.get('content-transfer-encoding') ?? '7bit').toLowerCase()
    const body: string[] = []
    for (let j = end + 1; j < lines.length && !(lines[j] ?? '').startsWith('--'); j++) body.push(lines[j] ?? '')
    const method = /;\s*method="?([A-Za-z-]+)"?/i.exec(contentType)?.[1]?.toUpperCase()
    return { content: decodeBody(body, encoding), method, contentType: contentType.replace(/\s+/g, ' ').trim() }
  }
  return undefined
}

function unfold(lines: string[]): Map<string, string> {
  const headers = new Map<string, string>()
  let last: string | undefined
  for (const line of lines) {
    if (/^[ \t]/.test(line) && last !== undefined) {
      headers.set(last, `${headers.get(last) ?? ''} ${line.trim()}`)
      continue
    }
    const colon = line.indexOf(':')
    if (colon <= 0) continue
    last = line.slice(0, colon).trim().toLowerCase()
    headers.set(last, line.slice(colon + 1).trim())
  }
  return headers
}

function decodeBody(lines: string[], encoding: string): string {
  if (encoding === 'base64') return Buffer.from(lines.join(''), 'base64').toString('utf8')
  if (encoding === 'quoted-printable') {
    const joined = lines.join('\r\n').replace(/=\r\n/g, '')
    const bytes: number[] = []
    for (let k = 0; k < joined.length; k++) {
      const hex = joined.slice(k + 1, k + 3)
      if (joined[k] === '=' && /^[0-9A-Fa-f]{2}$/.test(hex)) {
        bytes.push(parseInt(hex, 16))
        k += 2
      } else {
        bytes.push(...Buffer.from(joined[k] ?? '', 'utf8'))
      }
    }
    return Buffer.from(bytes).toString('utf8')
  }
  return lines.join('\r\n').replace(/(\r\n)+$/, '\r\n')
}
