/** Escapes text for HTML; every value in our e-mails goes through it. */
function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!)
}

export type EmailBlock =
  /** `strong`: what the reader must not miss, such as a changed time. */
  | { kind: 'paragraph'; text: string; strong?: boolean }
  | { kind: 'facts'; rows: [string, string][] }
  | { kind: 'button'; label: string; href: string; intro: string }
  /** A code to show at the door: text everywhere, a QR code (table cells) in HTML. */
  | { kind: 'code'; label: string; code: string; qrHtml: string }
  | { kind: 'links'; intro: string; links: { label: string; href: string }[] }

/**
 * One layout for every message, rendered twice: HTML (simple tables and inline styles, which
 * mail clients honour) and plain text with the same content.
 */
export function renderLayout({
  lang,
  title,
  blocks,
  footer,
}: {
  lang: string
  title: string
  blocks: EmailBlock[]
  footer: string
}) {
  const html = `<!doctype html>
<html lang="${escapeHtml(lang)}"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width"><title>${escapeHtml(title)}</title></head>
<body style="margin:0;padding:0;background:#f4f6f9;font-family:Arial,Helvetica,sans-serif;color:#1b1f24">
<table role="presentation" width="100%" cellpadding="0" cellspacing="0" style="background:#f4f6f9"><tr><td align="center" style="padding:24px 12px">
<table role="presentation" width="100%" cellpadding="0" cellspacing="0" style="max-width:600px;background:#ffffff;border-top:6px solid #154a85">
<tr><td style="padding:24px;font-size:16px;line-height:1.5">
${blocks.map(blockHtml).join('\n')}
<p style="margin:24px 0 0;font-size:13px;color:#4f5866">${escapeHtml(footer)}</p>
</td></tr></table></td></tr></table></body></html>`
  const text = [...blocks.map(blockText), '--', footer].join('\n\n') + '\n'
  return { html, text }
}

function blockHtml(block: EmailBlock): string {
  switch (block.kind) {
    case 'links':
      return `<p style="margin:0 0 8px">${escapeHtml(block.intro)}</p><ul style="margin:0 0 16px;padding-left:20px">${block.links
        .map((l) => `<li><a href="${escapeHtml(l.href)}" style="color:#154a85">${escapeHtml(l.label)}</a></li>`)
        .join('')}</ul>`
    case 'code':
      return `<p style="margin:0 0 8px">${escapeHtml(block.label)} <strong style="font-size:20px;letter-spacing:2px">${escapeHtml(block.code)}</strong></p><div style="margin:0 0 16px">${block.qrHtml}</div>`
    case 'paragraph':
      return block.strong
        ? `<p style="margin:0 0 16px"><strong>${escapeHtml(block.text)}</strong></p>`
        : `<p style="margin:0 0 16px">${escapeHtml(block.text)}</p>`
    case 'facts':
      return `<table role="presentation" cellpadding="0" cellspacing="0" style="margin:0 0 16px">${block.rows
        .map(
          ([label, value]) =>
            `<tr><th align="left" valign="top" style="padding:4px 16px 4px 0;font-weight:bold">${escapeHtml(label)}</th><td style="padding:4px 0">${escapeHtml(value).replace(/\n/g, '<br>')}</td></tr>`,
        )
        .join('')}</table>`
    case 'button':
      return `<p style="margin:0 0 8px">${escapeHtml(block.intro)}</p><p style="margin:0 0 16px"><a href="${escapeHtml(block.href)}" style="display:inline-block;background:#154a85;color:#ffffff;padding:10px 18px;text-decoration:none;font-weight:bold;border-radius:6px">${escapeHtml(block.label)}</a><br><a href="${escapeHtml(block.href)}" style="color:#154a85;font-size:14px;word-break:break-all">${escapeHtml(block.href)}</a></p>`
  }
}

function blockText(block: EmailBlock): string {
  switch (block.kind) {
    case 'links':
      return [block.intro, ...block.links.map((l) => `- ${l.label}: ${l.href}`)].join('\n')
    case 'code':
      return `${block.label} ${block.code}`
    case 'paragraph':
      return block.text
    case 'facts':
      return block.rows.map(([label, value]) => `${label}: ${value.replace(/\n/g, ', ')}`).join('\n')
    case 'button':
      return `${block.intro}\n${block.href}`
  }
}
