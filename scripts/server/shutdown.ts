/*
 * Stopping on SIGTERM (systemd, a rolling restart) or SIGINT (Ctrl-C). The steps run in order,
 * because each one's work feeds the next: requests in flight queue e-mail, the mail worker and
 * the jobs write to the database, and the database closes last. Each finished step is one line
 * in the log, so an operator sees where a slow stop spent its time.
 *
 * Everything has to be done by one deadline. Past it the process gives up on what is left and
 * exits with 1, so the supervisor records an unclean stop; whatever was cut short is safe to
 * redo (an outbox claim and a job lease run out, and the next process takes them).
 */

export type ShutdownStep = {
  /** What the step waits for, for the line logged when the deadline passes during it. */
  name: string
  run: () => Promise<void>
  /** Logged when the step has finished. */
  done: string
}

export type ShutdownOptions = {
  timeoutSeconds: number
  steps: ShutdownStep[]
  /** Called once the deadline has passed, just before exiting: force-close what is still open. */
  onDeadline?: () => void
  log?: (line: string) => void
  exit?: (code: number) => void
}

/** Answers the function to call with a signal's name; the first call shuts down, later ones do not start again. */
export function gracefulShutdown({
  timeoutSeconds,
  steps,
  onDeadline,
  log = (line) => console.log(line),
  exit = (code) => process.exit(code),
}: ShutdownOptions): (signal: string) => Promise<void> {
  let stopping = false
  return async (signal) => {
    if (stopping) {
      // Someone at a terminal pressing Ctrl-C again wants out now; a supervisor repeating SIGTERM only waits.
      if (signal === 'SIGINT') {
        log('SIGINT again: exiting without waiting')
        exit(1)
      }
      return
    }
    stopping = true
    log(`${signal}: shutting down within ${timeoutSeconds} s`)
    let current = 'the first step'
    // Not unref'd: a step that waits on nothing alive must still end in exit(1), not in an empty event loop.
    const deadline = setTimeout(() => {
      log(`shutdown: still waiting for ${current} after ${timeoutSeconds} s; giving up`)
      onDeadline?.()
      exit(1)
    }, timeoutSeconds * 1000)
    try {
      for (const step of steps) {
        current = step.name
        await step.run()
        log(`shutdown: ${step.done}`)
      }
    } catch (error) {
      clearTimeout(deadline)
      log(`shutdown: ${current} failed: ${error instanceof Error ? error.message : String(error)}`)
      exit(1)
      return
    }
    clearTimeout(deadline)
    exit(0)
  }
}

/** Runs `stop` on SIGTERM and SIGINT. */
export function onStopSignals(stop: (signal: string) => Promise<void>): void {
  for (const signal of ['SIGTERM', 'SIGINT'] as const) process.on(signal, () => void stop(signal))
}
