import { jsonForScript } from '~/utils/script-json'
import { useNonce } from '~/utils/nonce'

/**
 * schema.org data for search engines as JSON-LD. Browsers do not run it, but it is a script
 * element all the same, so it carries the page's CSP nonce, and its text cannot end the element.
 */
export function StructuredData({ data }: { data: unknown }) {
  const nonce = useNonce()
  return (
    <script
      type="application/ld+json"
      nonce={nonce || undefined}
      // The browser hides a nonce once it has read it; the text is the server's, unchanged.
      suppressHydrationWarning
      dangerouslySetInnerHTML={{ __html: jsonForScript(data) }}
    />
  )
}
