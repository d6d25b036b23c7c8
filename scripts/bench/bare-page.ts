import { spawn, spawnSync } from 'node:child_process'
import { rmSync } from 'node:fs'
import path from 'node:path'

/*
 * The yardstick: a bare Remix v2 page (scripts/bench/bare) built with the same compiler, version
 * and future flags as the app and served by Express with Remix's adapter. Absolute numbers
 * drift between machines and runs; each figure of the bench is divided by this page's,
 * measured in the same run.
 */
export type BarePage = { url: string; stop: () => Promise<void> }

export async function startBarePage(): Promise<BarePage> {
  // Inside the repository, so the build's imports resolve from its node_modules.
  const out = path.resolve('build/bare-page')
  rmSync(out, { recursive: true, force: true })
  const env: NodeJS.ProcessEnv = { ...process.env, NODE_ENV: 'production', BARE_BUILD_DIR: out }
  const built = spawnSync(
    process.execPath,
    [path.resolve('node_modules/@remix-run/dev/dist/cli.js'), 'build', 'scripts/bench/bare'],
    {
      env,
      encoding: 'utf8',
    },
  )
  if (built.status !== 0) throw new Error(`the bare page did not build:\n${built.stderr}`)
  // The same compressed assets as the app's build, so their sizes compare.
  spawnSync(process.execPath, ['--import', 'tsx', 'scripts/compress-assets.ts', path.join(out, 'client')], { env })

  const child = spawn(process.execPath, ['--max-old-space-size=384', path.resolve('scripts/bench/bare/server.mjs')], {
    env: { ...env, PORT: '0' },
    stdio: ['ignore', 'pipe', 'inherit'],
  })
  const port = await new Promise<number>((resolve, reject) => {
    child.once('exit', (code) => reject(new Error(`the bare page's server exited with ${code}`)))
    child.stdout!.on('data', (chunk: Buffer) => {
      const listening = /listening (\d+)/.exec(chunk.toString())
      if (listening) resolve(Number(listening[1]))
    })
  })
  return {
    url: `http://127.0.0.1:${port}`,
    stop: () =>
      new Promise<void>((resolve) => {
        child.removeAllListeners('exit')
        child.once('exit', () => {
          rmSync(out, { recursive: true, force: true })
          resolve()
        })
        child.kill('SIGTERM')
      }),
  }
}
