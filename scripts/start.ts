import { spawnSync } from 'node:child_process'
import { existsSync, readdirSync, statSync } from 'node:fs'
import path from 'node:path'
import { pathToFileURL } from 'node:url'
import { prepareDatabase } from './prepare-database'

// The Remix build and the server bundle; both come from `npm run build`.
const OUTPUTS = [path.resolve('build/server/index.js'), path.resolve('build/server.js')]

function newestSourceChange(): number {
  let newest = 0
  const visit = (dir: string) => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const full = path.join(dir, entry.name)
      if (entry.isDirectory()) visit(full)
      else newest = Math.max(newest, statSync(full).mtimeMs)
    }
  }
  visit(path.resolve('app'))
  visit(path.resolve('scripts'))
  for (const file of ['remix.config.js', 'package-lock.json']) {
    if (existsSync(file)) newest = Math.max(newest, statSync(file).mtimeMs)
  }
  return newest
}

/** Builds the app when there is no build or the sources are newer than it. */
function buildIfNeeded(): void {
  const newest = newestSourceChange()
  if (OUTPUTS.every((file) => existsSync(file) && statSync(file).mtimeMs >= newest)) return
  console.log('Building the app…')
  const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm'
  const result = spawnSync(npm, ['run', 'build'], { stdio: 'inherit' })
  if (result.status !== 0) throw new Error('The build failed; see the messages above.')
}

try {
  buildIfNeeded()
  await prepareDatabase()
  const server = (await import(pathToFileURL(OUTPUTS[1]!).href)) as { startServer: () => Promise<unknown> }
  await server.startServer()
} catch (error) {
  console.error(error instanceof Error ? error.message : error)
  process.exit(1)
}
