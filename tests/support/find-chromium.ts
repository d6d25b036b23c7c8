import { accessSync, constants } from 'node:fs'
import path from 'node:path'
import { tmpdir } from 'node:os'

export type ChromiumFound = { path: string; source: string; env: Record<string, string> }

/** The system's own Chromium, where a distribution puts it. */
const SYSTEM_CHROMIUMS = ['/usr/bin/chromium', '/usr/bin/chromium-browser', '/snap/bin/chromium', '/usr/bin/google-chrome']

export const NO_CHROMIUM =
  'No Chromium for the browser tests: install one (Debian/Ubuntu: apt-get install chromium), set CHROMIUM_PATH to its binary, or run npm install so that @sparticuz/chromium is there.'

function executable(file: string): boolean {
  try {
    accessSync(file, constants.X_OK)
    return true
  } catch {
    return false
  }
}

/**
 * The browser the end-to-end tests drive, in this order: CHROMIUM_PATH, the system's Chromium,
 * the one @sparticuz/chromium ships inside its npm package (unpacked once into the temporary
 * directory). Runs once per test run, in vitest's global setup, so two workers never unpack
 * it at the same time.
 */
export async function findChromium(): Promise<ChromiumFound> {
  const configured = process.env.CHROMIUM_PATH
  if (configured) {
    if (!executable(configured)) throw new Error(`CHROMIUM_PATH=${configured} is not an executable file. ${NO_CHROMIUM}`)
    return { path: configured, source: 'CHROMIUM_PATH', env: {} }
  }
  const system = SYSTEM_CHROMIUMS.find(executable)
  if (system) return { path: system, source: 'the system', env: {} }
  try {
    const { default: packaged } = await import('@sparticuz/chromium')
    // Its fonts come with it; a machine without a browser may have none of its own.
    const unpacked = await packaged.executablePath()
    if (executable(unpacked)) {
      return { path: unpacked, source: '@sparticuz/chromium', env: { FONTCONFIG_PATH: path.join(tmpdir(), 'fonts') } }
    }
  } catch {
    // Not installed, or not for this platform: fall through to the one clear message.
  }
  throw new Error(NO_CHROMIUM)
}
