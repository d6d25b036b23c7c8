import { chromium } from 'playwright-core'

/**
 * The JavaScript a first visit to each path downloads, in a real Chromium with an empty cache:
 * every script response, counted as it crossed the wire (compressed). Chromium offers brotli
 * only to HTTPS sites, as production is; the bench serves plain HTTP on loopback, so it asks as
 * a browser asks over HTTPS.
 */
export async function firstVisitJavaScript(baseUrl: string, paths: string[]) {
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking'],
  })
  try {
    const rows = []
    for (const pathname of paths) {
      const context = await browser.newContext({ extraHTTPHeaders: { 'accept-encoding': 'gzip, deflate, br' } })
      const page = await context.newPage()
      const scripts: Promise<number>[] = []
      page.on('response', (response) => {
        if (response.request().resourceType() !== 'script') return
        scripts.push(
          response
            .request()
            .sizes()
            .then((s) => s.responseBodySize),
        )
      })
      await page.goto(`${baseUrl}${pathname}`, { waitUntil: 'networkidle' })
      const sizes = await Promise.all(scripts)
      rows.push({ path: pathname, scripts: sizes.length, kb: Math.round(sizes.reduce((a, b) => a + b, 0) / 1024) })
      await context.close()
    }
    return rows
  } finally {
    await browser.close()
  }
}
