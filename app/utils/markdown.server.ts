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

export function renderMarkdown(source: string): string {
  return markdown.render(source)
}
