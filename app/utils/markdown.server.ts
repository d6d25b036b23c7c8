import MarkdownIt from 'markdown-it'

/*
 * Raw HTML in the source is escaped (html: false) and markdown-it refuses javascript:,
 * vbscript: and data: links by itself, so organisers' Markdown cannot inject markup.
 */
const markdown = new MarkdownIt({ html: false, linkify: true, typographer: false, breaks: false })

const defaultLinkOpen =
  markdown.renderer.rules.link_open ?? ((tokens, idx, options, _env, self) => self.renderToken(tokens, idx, options))
markdown.renderer.rules.link_open = (tokens, idx, options, env, self) => {
  const token = tokens[idx]!
  const href = String(token.attrGet('href') ?? '')
  if (/^https?:\/\//i.test(href)) token.attrSet('rel', 'noopener noreferrer')
  return defaultLinkOpen(tokens, idx, options, env, self)
}

/*
 * A workshop's description is rendered for every visit to its page, and only changes when its
 * organiser edits it: the HTML is kept by its source (parsing was 3 % of a workshop page).
 * Bounded by the text kept, not the count, since a description may be long.
 */
const rendered = new Map<string, string>()
const KEPT_CHARS_LIMIT = 1_000_000
let keptChars = 0

export function renderMarkdown(source: string): string {
  const kept = rendered.get(source)
  if (kept !== undefined) return kept
  const html = markdown.render(source)
  const size = source.length + html.length
  if (size > KEPT_CHARS_LIMIT / 10) return html
  if (keptChars + size > KEPT_CHARS_LIMIT) {
    rendered.clear()
    keptChars = 0
  }
  rendered.set(source, html)
  keptChars += size
  return html
}
