import '@remix-run/node'

declare module '@remix-run/node' {
  interface AppLoadContext {
    cspNonce: string
    /** The client's address (X-Forwarded-For from a proxy that TRUST_PROXY trusts), for rate limits. */
    clientIp: string
    /**
     * Given by the page cache: a page whose content depends on seat counts only through its
     * cards' seats records them here, session id → seat token (app/models/seat-token.ts).
     */
    pageSeats?: Map<number, string>
  }
}

declare module '@remix-run/node' {
  interface Future {
    v3_singleFetch: true
  }
}
