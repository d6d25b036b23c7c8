import { createRequire } from 'node:module'
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

/** axe-core's source: the copy @axe-core/playwright depends on, so both run the same axe. */
const AXE_SOURCE = (
  createRequire(createRequire(import.meta.url).resolve('@axe-core/playwright'))('axe-core') as { source: string }
).source

/** What axe reports of a violation, as AxeBuilder types it. */
type Violation = Awaited<ReturnType<AxeBuilder['analyze']>>['violations'][number]

/**
 * WCAG 2.1 A and AA violations on the page as it is now, summarised for a readable failure;
 * with `bestPractice`, axe's best-practice rules too (aria-allowed-role, landmarks, headings).
 */
export async function accessibilityViolations(page: Page, { bestPractice = false } = {}): Promise<string[]> {
  const tags = bestPractice ? [...WCAG_21_AA, 'best-practice'] : WCAG_21_AA
  // Only violations are reported, so axe need not describe every passing node.
  const options = { runOnly: { type: 'tag' as const, values: tags }, resultTypes: ['violations' as const] }
  let violations: Violation[]
  if (page.frames().length > 1) {
    // AxeBuilder's default checks frames too, cross-origin ones included (axe.runPartial in
    // each, axe.finishRun in a blank page of its own). The app has no frames.
    violations = (
      await new AxeBuilder({ page })
        .withTags(tags)
        .options({ resultTypes: ['violations'] })
        .analyze()
    ).violations
  } else {
    // A document without frames: axe.run in the page itself, as AxeBuilder's legacy mode does,
    // with axe set up once in a document rather than two times a check. The same violations
    // (compared on five pages) for 0.37 s a check, against 0.49 s in legacy mode and 1.05 s
    // in AxeBuilder's default, which also opens a second page to finish each run.
    if (!(await page.evaluate(() => 'axe' in window))) await page.evaluate(AXE_SOURCE)
    violations = await page.evaluate(
      (options) =>
        (
          window as unknown as { axe: { run: (context: Document, o: typeof options) => Promise<{ violations: Violation[] }> } }
        ).axe
          .run(document, options)
          .then((r) => r.violations),
      options,
    )
  }
  return violations.map((v) => `${v.id}: ${v.help} (${v.nodes.map((n) => n.target.join(' ')).join(', ')})`)
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
