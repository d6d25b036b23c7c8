import '@remix-run/node'
import type { PageSeatsRecord } from '~/models/seat-token'

declare module '@remix-run/node' {
  interface AppLoadContext {
    cspNonce: string
    /** The client's address (X-Forwarded-For from a proxy that TRUST_PROXY trusts), for rate limits. */
    clientIp: string
    /**
     * Given by the page cache: a page whose content depends on seat counts only through its
     * seat tokens records them here (app/models/seat-token.ts).
     */
    pageSeats?: PageSeatsRecord
  }
}

declare module '@remix-run/node' {
  interface Future {
    v3_singleFetch: true
  }
}
