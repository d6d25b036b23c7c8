import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { loadTest, startBenchServer } from './support'

type ProfileNode = {
  id: number
  callFrame: { functionName: string; url: string; lineNumber: number }
  children?: number[]
}
type CpuProfile = { nodes: ProfileNode[]; samples: number[]; timeDeltas: number[] }

/** Where a frame's code lives: a package, the app's own build, or Node itself. */
function owner(url: string): string {
  const pkg = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(url)
  if (pkg) return pkg[1]!
  if (url.includes('/build/server/')) return 'app (server build)'
  if (url.includes('/build/server.js')) return 'app (express server)'
  if (url.startsWith('node:')) return 'node'
  return url === '' ? '(native, GC, idle)' : url
}

/** Self time by package and the heaviest functions by inclusive time, from one .cpuprofile. */
export function summariseProfile(profile: CpuProfile, top = 25) {
  const byId = new Map(profile.nodes.map((n) => [n.id, n]))
  const parent = new Map<number, number>()
  for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id)
  const self = new Map<number, number>()
  profile.samples.forEach((id, i) => self.set(id, (self.get(id) ?? 0) + (profile.timeDeltas[i] ?? 0)))
  const busy = [...self].filter(([id]) => !/^\((idle|program|garbage collector)\)$/.test(byId.get(id)!.callFrame.functionName))
  const total = busy.reduce((s, [, t]) => s + t, 0)

  const packages = new Map<string, number>()
  const inclusive = new Map<string, number>()
  for (const [id, t] of busy) {
    const frame = byId.get(id)!.callFrame
    packages.set(owner(frame.url), (packages.get(owner(frame.url)) ?? 0) + t)
    // Each function counted once per sample even when it recurses.
    const seen = new Set<string>()
    for (let n: number | undefined = id; n !== undefined; n = parent.get(n)) {
      const f = byId.get(n)!.callFrame
      const key = `${f.functionName || '(anonymous)'} ${owner(f.url)}:${f.lineNumber + 1}`
      if (seen.has(key)) continue
      seen.add(key)
      inclusive.set(key, (inclusive.get(key) ?? 0) + t)
    }
  }
  const pct = (t: number) => `${((100 * t) / total).toFixed(1)} %`
  return {
    packages: [...packages].sort((a, b) => b[1] - a[1]).map(([name, t]) => ({ owner: name, self: pct(t) })),
    functions: [...inclusive]
      .sort((a, b) => b[1] - a[1])
      .slice(0, top)
      .map(([name, t]) => ({ function: name, inclusive: pct(t) })),
  }
}

/**
 * `npm run bench -- --profile [path]`: the page rendered on every request under load, with
 * V8's sampling profiler (--cpu-prof); prints where the server's CPU time goes.
 */
export async function profilePage(pathname: string) {
  const dir = mkdtempSync(path.join(tmpdir(), 'cpu-prof-'))
  const { server, cleanup } = await startBenchServer(
    { PAGE_CACHE_SECONDS: '0' },
    { nodeArgs: ['--cpu-prof', `--cpu-prof-dir=${dir}`] },
  )
  try {
    const result = await loadTest(`rendered GET ${pathname}`, { url: `${server.url}${pathname}`, duration: 8 })
    console.table([result])
  } finally {
    await cleanup()
  }
  const file = readdirSync(dir).find((f) => f.endsWith('.cpuprofile'))
  if (!file) throw new Error('no profile written')
  const summary = summariseProfile(JSON.parse(readFileSync(path.join(dir, file), 'utf8')) as CpuProfile)
  console.log(`\nServer CPU by owner (self time, idle excluded), ${pathname}`)
  console.table(summary.packages.slice(0, 15))
  console.log('Heaviest functions (inclusive time)')
  console.table(summary.functions)
  if (process.env.KEEP_PROFILE) console.log(`profile kept in ${dir}`)
  else rmSync(dir, { recursive: true, force: true })
}
