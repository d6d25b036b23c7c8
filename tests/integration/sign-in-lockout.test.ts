import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { completeSignIn, requestSignIn, SIGN_IN_LINK_MINUTES } from '~/models/auth.server'
import { atDay } from '../support/clock'
import { createTestDatabase, type TestDatabase } from '../support/database'

/*
 * Issue 10, point 4: someone who asks for sign-in links for another person's address, from
 * any number of IP addresses, may cost that person a few e-mails, never their access. Driven
 * through the model with `now` from the test clock, so the quarter-hour windows are exact.
 */

const MINUTE = 60_000
const APP_URL = 'http://workshops.example'
const victim = 'obet@skola.example'
let database: TestDatabase

beforeAll(async () => {
  database = await createTestDatabase()
})
afterAll(async () => {
  await database?.cleanup()
})

const after = (start: Date, minutes: number) => new Date(start.getTime() + minutes * MINUTE)

function ask(email: string, ip: string, now: Date) {
  return requestSignIn(database.db, { email, ip, locale: 'cs', now, appUrl: APP_URL })
}

/** The sign-in e-mails to an address, oldest first, with the token each one carries. */
async function mailsTo(email: string) {
  const rows = await database.db
    .selectFrom('outbox')
    .select(['created_at', 'props'])
    .where('recipient', '=', email)
    .where('template', '=', 'auth.sign-in')
    .orderBy('id')
    .execute()
  return rows.map((row) => ({
    at: Date.parse(row.created_at),
    token: new URL((JSON.parse(row.props!) as { signInUrl: string }).signInUrl).pathname.split('/').pop()!,
  }))
}

describe('sign-in links asked for someone else (a lockout attempt)', () => {
  it('answers every request like any other, mails the address at most 5 times in 15 minutes, and the owner signs in with a mailed link', async () => {
    const start = atDay(1, '10:00')
    // An attacker asks 12 times in 6 minutes, each time from another address.
    for (let i = 0; i < 12; i++) {
      expect(await ask(victim, `198.51.100.${i + 1}`, after(start, i / 2)), `request ${i + 1}`).toEqual({ kind: 'sent' })
    }
    expect(await mailsTo(victim)).toHaveLength(5)

    // The owner asks too: the same answer, no sixth e-mail, and the links already in the
    // mailbox keep working for the full 15 minutes from the owner's own request.
    const ownRequest = after(start, 10)
    expect(await ask(` ${victim.toUpperCase()} `, '203.0.113.7', ownRequest)).toEqual({ kind: 'sent' })
    const mails = await mailsTo(victim)
    expect(mails).toHaveLength(5)
    const opened = after(ownRequest, SIGN_IN_LINK_MINUTES - 1)
    expect(opened.getTime() - start.getTime()).toBeGreaterThan(SIGN_IN_LINK_MINUTES * MINUTE) // past the first links' own 15 minutes
    const result = await completeSignIn(database.db, { token: mails[0]!.token, now: opened })
    expect(result.kind).toBe('signed_in')
    // A second mailed link works as well (each link still works once).
    expect((await completeSignIn(database.db, { token: mails[4]!.token, now: opened })).kind).toBe('signed_in')
  })

  it('under an hour of requests every minute: at most 5 mails in any 15 minutes, and at every moment a link that works for 15 more minutes', async () => {
    const email = 'vytrvala.obet@skola.example'
    const start = atDay(2, '08:00')
    for (let minute = 0; minute < 60; minute++) {
      const now = after(start, minute)
      expect(await ask(email, `198.51.100.${(minute % 200) + 1}`, now)).toEqual({ kind: 'sent' })
      const tokens = await database.db
        .selectFrom('login_tokens')
        .select(['created_at', 'expires_at'])
        .where('email', '=', email)
        .where('used_at', 'is', null)
        .execute()
      // Whenever anyone asks, the owner's mailbox holds a link valid for the next 15 minutes …
      const latest = Math.max(...tokens.map((t) => Date.parse(t.expires_at)))
      expect(latest, `minute ${minute}`).toBeGreaterThanOrEqual(after(now, SIGN_IN_LINK_MINUTES).getTime())
      // … and no link lives longer than two windows, however long the requests go on.
      for (const t of tokens) {
        expect(Date.parse(t.expires_at) - Date.parse(t.created_at)).toBeLessThanOrEqual(2 * SIGN_IN_LINK_MINUTES * MINUTE)
      }
    }
    const mails = await mailsTo(email)
    expect(mails.length).toBeGreaterThan(5) // the window moves on: new mails, not a lockout
    for (const mail of mails) {
      const inWindow = mails.filter((m) => m.at > mail.at - SIGN_IN_LINK_MINUTES * MINUTE && m.at <= mail.at)
      expect(inWindow.length).toBeLessThanOrEqual(5)
    }
    // The newest link still signs the owner in 14 minutes after the last request.
    const end = after(start, 59 + SIGN_IN_LINK_MINUTES - 1)
    expect((await completeSignIn(database.db, { token: mails.at(-1)!.token, now: end })).kind).toBe('signed_in')
  })

  it('still refuses one IP address that asks for many addresses (20 in 15 minutes)', async () => {
    const start = atDay(3, '12:00')
    for (let i = 1; i <= 20; i++) {
      expect(await ask(`clovek.${i}@obec.example`, '192.0.2.50', after(start, i / 10))).toEqual({ kind: 'sent' })
    }
    expect(await ask('clovek.21@obec.example', '192.0.2.50', after(start, 3))).toMatchObject({ kind: 'rate_limited' })
    expect(await mailsTo('clovek.21@obec.example')).toEqual([])
  })

  it('counts an IPv6 client by its /64 network for that limit, whatever address in it it picks', async () => {
    const start = atDay(4, '12:00')
    for (let i = 1; i <= 20; i++) {
      expect(await ask(`v6.${i}@obec.example`, `2001:db8:aa:bb:${i.toString(16)}::1`, after(start, i / 10))).toEqual({
        kind: 'sent',
      })
    }
    expect(await ask('v6.21@obec.example', '2001:db8:aa:bb:ffff::21', after(start, 3))).toMatchObject({ kind: 'rate_limited' })
    expect(await ask('v6.22@obec.example', '2001:db8:aa:cc::1', after(start, 3))).toEqual({ kind: 'sent' })
  })
})
