import MarkdownIt from 'markdown-it'
import { describe, expect, it } from 'vitest'
import { renderMarkdown } from '~/utils/markdown.server'

// Clock-independent: text only.

describe("an organiser's Markdown, rendered", () => {
  it('escapes raw HTML and refuses script links, however often the same text is rendered', () => {
    const source = '# Program\n\n<script>alert(1)</script>\n\n[klik](javascript:alert(1)) a [web](https://example.cz)'
    for (let i = 0; i < 3; i++) {
      const html = renderMarkdown(source)
      expect(html).toContain('&lt;script&gt;')
      expect(html).not.toContain('<script>')
      expect(html).not.toContain('href="javascript:')
      expect(html).toContain('<a href="https://example.cz" rel="noopener noreferrer">web</a>')
    }
  })

  it('gives each text its own HTML, also past what it keeps and for a text too long to keep', () => {
    const plain = new MarkdownIt({ html: false, linkify: true, typographer: false, breaks: false })
    // About 2 MB of distinct texts: more than is kept, so what is kept is let go on the way.
    const sources = Array.from({ length: 400 }, (_, i) => `Odstavec ${i}\n\n- ${'položka '.repeat(300)}${i}`)
    sources.push(`# Dlouhý\n\n${'slovo '.repeat(40_000)}`)
    for (const round of [1, 2]) {
      for (const source of sources) {
        const html = renderMarkdown(source)
        expect(html, `round ${round}`).toBe(plain.render(source))
      }
    }
  })
})
