import ipaddr from 'ipaddr.js'
import { sql, type Kysely } from 'kysely'
import type { DB } from '../../db/schema'

/*
 * Limits kept in the database, so they hold across processes (and later across instances on
 * PostgreSQL). Each key counts its hits in slices of a tenth of its window
 * (`rate_limit_counters`); a hit is allowed while the slices that overlap the last window hold
 * fewer than `max`, and is counted by one conditional upsert. That never lets more than `max`
 * through in any window, errs by at most a slice towards refusing, and costs the same at any
 * limit, so a load test can raise it without slowing down (decision 011).
 */

const SLICES = 10

export type RateLimit = { max: number; windowMs: number }
export type RateLimitAnswer = { ok: true } | { ok: false; retryAfterSeconds: number }

/**
 * Counts one hit under every key, or under none when any of them is at its limit. Refused
 * hits are not counted, so a client that waits gets through again.
 */
export async function takeRateLimits(
  db: Kysely<DB>,
  checks: { key: string; limit: RateLimit }[],
  now: Date,
): Promise<RateLimitAnswer> {
  const taken: { key: string; sliceStart: string }[] = []
  for (const { key, limit } of checks) {
    const answer = await takeOne(db, key, limit, now)
    if (!answer.ok) {
      // Give back what the earlier keys counted for this refused request.
      for (const t of taken) {
        await db
          .updateTable('rate_limit_counters')
          .set({ hits: sql<number>`hits - 1` })
          .where('key', '=', t.key)
          .where('slice_start', '=', t.sliceStart)
          .execute()
      }
      return answer
    }
    taken.push({ key, sliceStart: answer.sliceStart })
  }
  return { ok: true }
}

async function takeOne(
  db: Kysely<DB>,
  key: string,
  { max, windowMs }: RateLimit,
  now: Date,
): Promise<{ ok: true; sliceStart: string } | { ok: false; retryAfterSeconds: number }> {
  const sliceMs = Math.ceil(windowMs / SLICES)
  const startMs = Math.floor(now.getTime() / sliceMs) * sliceMs
  const sliceStart = new Date(startMs).toISOString()
  // The slices that overlap the window ending now: this one and the SLICES before it.
  const earlier = await db
    .selectFrom('rate_limit_counters')
    .select(['slice_start', 'hits'])
    .where('key', '=', key)
    .where('slice_start', '>=', new Date(startMs - SLICES * sliceMs).toISOString())
    .where('slice_start', '<', sliceStart)
    .execute()
  const room = max - earlier.reduce((sum, slice) => sum + slice.hits, 0)
  const counted =
    room > 0
      ? await db
          .insertInto('rate_limit_counters')
          .values({
            key,
            slice_start: sliceStart,
            hits: 1,
            expires_at: new Date(startMs + (SLICES + 1) * sliceMs).toISOString(),
          })
          .onConflict((oc) =>
            oc
              .columns(['key', 'slice_start'])
              .doUpdateSet({ hits: sql<number>`rate_limit_counters.hits + 1` })
              .where('rate_limit_counters.hits', '<', room),
          )
          .returning('hits')
          .executeTakeFirst()
      : undefined
  if (counted) {
    // Once per key and slice: clear what no window counts any more.
    if (counted.hits === 1) await db.deleteFrom('rate_limit_counters').where('expires_at', '<=', now.toISOString()).execute()
    return { ok: true, sliceStart }
  }
  const current = await db
    .selectFrom('rate_limit_counters')
    .select(['slice_start', 'hits'])
    .where('key', '=', key)
    .where('slice_start', '=', sliceStart)
    .execute()
  return { ok: false, retryAfterSeconds: retryAfter([...earlier, ...current], { max, sliceMs }, now) }
}

/** Seconds until, as old slices drop out of the window, the rest hold fewer than max. */
function retryAfter(
  slices: { slice_start: string; hits: number }[],
  { max, sliceMs }: { max: number; sliceMs: number },
  now: Date,
): number {
  const starts = slices.map((s) => ({ at: Date.parse(s.slice_start), hits: s.hits }))
  const startMs = Math.floor(now.getTime() / sliceMs) * sliceMs
  for (let next = 1; next <= SLICES + 1; next++) {
    const at = startMs + next * sliceMs
    const counted = starts.filter((s) => s.at >= at - SLICES * sliceMs).reduce((sum, s) => sum + s.hits, 0)
    if (counted < max) return Math.max(1, Math.ceil((at - now.getTime()) / 1000))
  }
  return Math.ceil(((SLICES + 1) * sliceMs) / 1000)
}

export type BookingLimits = { perIp: number; perIpAndSession: number; windowMinutes: number }

/**
 * A booking from a client: at most `perIp` from one IP address and `perIpAndSession` for one
 * session from one IP address within the window. Generous enough for a school behind one
 * NAT address; a script that books hundreds of arbitrary addresses is stopped.
 */
export function takeBookingAllowance(
  db: Kysely<DB>,
  { ip, sessionId, limits, now }: { ip: string; sessionId: number; limits: BookingLimits; now: Date },
): Promise<RateLimitAnswer> {
  const windowMs = limits.windowMinutes * 60_000
  const client = clientNetwork(ip)
  return takeRateLimits(
    db,
    [
      // The IP first: what it refuses creates no counter for a (possibly made-up) session id.
      { key: `booking:ip:${client}`, limit: { max: limits.perIp, windowMs } },
      { key: `booking:ip-session:${client}:${sessionId}`, limit: { max: limits.perIpAndSession, windowMs } },
    ],
    now,
  )
}

/**
 * What one client is, for a limit: an IPv4 address (also when written IPv4-mapped, as Node
 * reports it on a dual-stack socket), or an IPv6 /64, the network one home or office gets and
 * whose hosts may pick any address in it. Anything else is used as it is.
 */
export function clientNetwork(ip: string): string {
  if (!ipaddr.isValid(ip)) return ip
  const address = ipaddr.process(ip)
  if (address.kind() === 'ipv4') return address.toString()
  const parts = (address as ipaddr.IPv6).parts.slice(0, 4).map((part) => part.toString(16))
  return `${parts.join(':')}::/64`
}
