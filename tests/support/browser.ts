import AxeBuilder from '@axe-core/playwright'
import { chromium, type Browser, type Page } from 'playwright-core'
import { inject } from 'vitest'

/** The environment for the browser: faketime's library is left out, Chromium hangs under it. */
function browserEnv(extra: Record<string, string>): Record<string, string> {
  const env: Record<string, string> = {}
  for (const [key, value] of Object.entries(process.env)) {
    if (value !== undefined && key !== 'LD_PRELOAD' && !key.startsWith('FAKETIME')) env[key] = value
  }
  return { ...env, ...extra }
}

/**
 * Chromium, headless, with nothing reaching out to the network on its own. Which Chromium was
 * decided once for the run (tests/support/browser-setup.ts).
 */
export async function launchBrowser(): Promise<Browser> {
  const found = inject('chromium')
  return chromium.launch({
    executablePath: found.path,
    env: browserEnv(found.env),
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  })
}

const WCAG_21_AA = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']

/**
 * WCAG 2.1 A and AA violations on the page as it is now, summarised for a readable failure;
 * with `bestPractice`, axe's best-practice rules too (aria-allowed-role, landmarks, headings).
 */
export async function accessibilityViolations(page: Page, { bestPractice = false } = {}): Promise<string[]> {
  const tags = bestPractice ? [...WCAG_21_AA, 'best-practice'] : WCAG_21_AA
  // Only violations are reported, so axe need not describe every passing node.
  const builder = new AxeBuilder({ page }).withTags(tags).options({ resultTypes: ['violations'] })
  // axe.run in the page itself checks the same document with the same rules as AxeBuilder's
  // default (axe.runPartial here, then axe.finishRun in a second, blank page), which exists for
  // cross-origin frames and costs that page and a second injection of axe: 0.9 s a check
  // against 0.4 s (measured on the catalogue and four other pages, same violations). The app
  // has no frames; a page that has any still gets the default.
  if (page.frames().length === 1) builder.setLegacyMode()
  const result = await builder.analyze()
  return result.violations.map((v) => `${v.id}: ${v.help} (${v.nodes.map((n) => n.target.join(' ')).join(', ')})`)
}

/**
 * A test that navigates while a revalidation is in flight aborts it, and Remix's router then
 * rejects with the browser's AbortError (remix-run/react-router#14203): the test leaving the
 * page, not a script error of the page.
 */
export function isNavigationAbort(error: Error): boolean {
  return error.name === 'AbortError' && error.message === 'signal is aborted without reason'
}

/** The same abort when React logs it to the console instead of throwing it out of the page. */
function isNavigationAbortMessage(text: string): boolean {
  return text.startsWith('AbortError: signal is aborted without reason')
}

/**
 * Collects the page's script errors, thrown or logged, into `errors` for a test to assert empty.
 * A response refused with 4xx is logged by the browser too: refused codes and invalid forms answer
 * so on purpose, and the tests check those answers themselves.
 */
export function collectScriptErrors(page: Page, errors: string[]): void {
  page.on('pageerror', (e) => {
    if (!isNavigationAbort(e)) errors.push(`${page.url()}: ${e.message}`)
  })
  page.on('console', (m) => {
    if (m.type() === 'error' && !/status of 4\d\d/.test(m.text()) && !isNavigationAbortMessage(m.text()))
      errors.push(`${page.url()}: ${m.text()}`)
  })
}
