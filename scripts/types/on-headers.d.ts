// on-headers ships no types (and the @types package of that name is not its own).
declare module 'on-headers' {
  import type { ServerResponse } from 'node:http'
  export default function onHeaders(res: ServerResponse, listener: (this: ServerResponse) => void): void
}
