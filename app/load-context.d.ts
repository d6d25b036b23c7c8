import '@remix-run/node'

declare module '@remix-run/node' {
  interface AppLoadContext {
    cspNonce: string
    /** The client's address (X-Forwarded-For from a proxy that TRUST_PROXY trusts), for rate limits. */
    clientIp: string
  }
}

declare module '@remix-run/node' {
  interface Future {
    v3_singleFetch: true
  }
}
