import MarkdownIt from 'markdown-it'
import { boundedMemo } from './bounded-memo'

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
const rendered = boundedMemo<string, string>(1_000_000, {
  weigh: (source, html) => source.length + html.length,
  maxEach: 100_000,
})

export function renderMarkdown(source: string): string {
  return rendered.keep(source, () => markdown.render(source))
}
