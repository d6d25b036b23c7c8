import type { TestProject } from 'vitest/node'
import { findChromium, type ChromiumFound } from './find-chromium'

declare module 'vitest' {
  export interface ProvidedContext {
    chromium: ChromiumFound
  }
}

/** Global setup of the browser tests: find (or unpack) Chromium once, or stop with one line. */
export default async function setup(project: TestProject) {
  let found: ChromiumFound
  try {
    found = await findChromium()
  } catch (error) {
    const stop = new Error((error as Error).message)
    // One line, not a stack trace: it says what to install.
    stop.stack = stop.message
    throw stop
  }
  if (found.source !== 'the system') console.log(`Browser tests use Chromium from ${found.source}: ${found.path}`)
  project.provide('chromium', found)
}
