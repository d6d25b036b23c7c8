import { readdirSync, readFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import path from 'node:path'
import { describe, expect, it } from 'vitest'

/*
 * Remix v2 matches every request against the whole route tree several times, and the router
 * flattened, ranked and compiled the tree anew each time. scripts/patches/ holds a patch to the
 * server's copy of @remix-run/router that does this once per tree shape (decision 022). These
 * tests fail when the patch is missing (an upgrade without a new patch) or changes what matches.
 */
const require = createRequire(import.meta.url)
type Route = { id: string; path?: string; index?: boolean; caseSensitive?: boolean; children?: Route[] }
type Match = { params: Record<string, string | undefined>; pathname: string; pathnameBase: string; route: Route }
type MatchRoutes = (routes: Route[], location: string) => Match[] | null

const patched = require('@remix-run/router') as { matchRoutes: MatchRoutes }
// The browser's copy (the ES module build) stays as published: the reference.
const reference = (await import('@remix-run/router/dist/router.js')) as unknown as { matchRoutes: MatchRoutes }

/** The app's route tree, as the Remix server derives it from app/routes. */
function appRouteTree(): Route[] {
  const { flatRoutes } = require('@remix-run/dev/dist/config/flat-routes.js') as {
    flatRoutes: (appDir: string, ignored: string[]) => Record<string, Route & { parentId?: string }>
  }
  const manifest = flatRoutes(path.resolve('app'), ['**/.*', '**/*.test.*'])
  const build = (parentId: string): Route[] =>
    Object.values(manifest)
      .filter((r) => (r.parentId ?? 'root') === parentId && r.id !== 'root')
      .map((r) => ({ id: r.id, path: r.path, index: r.index, caseSensitive: r.caseSensitive, children: build(r.id) }))
  return [{ id: 'root', path: '', children: build('root') }]
}

/** Pathnames for every route (parameters and splats filled in) and the awkward ones. */
function pathnames(tree: Route[]): string[] {
  const paths = new Set<string>(['/', '//workshops', '/WORKSHOPS', '/workshops/', '/%77orkshops', '/nope/deep/er', '/ž/č'])
  const walk = (routes: Route[], prefix: string) => {
    for (const route of routes) {
      const full = route.path ? `${prefix}/${route.path}` : prefix
      paths.add(
        (full || '/')
          .replace(/:[\w-]+/g, 'x1')
          .replace(/\*$/, 'a/b')
          .replace(/\/+/g, '/'),
      )
      if (route.children) walk(route.children, full)
    }
  }
  walk(tree, '')
  return [...paths]
}

const summary = (matches: Match[] | null) =>
  matches?.map((m) => ({ id: m.route.id, params: m.params, pathname: m.pathname, base: m.pathnameBase })) ?? null

function routesOf(tree: Route[]): Set<Route> {
  const all = new Set<Route>()
  const walk = (routes: Route[]) => routes.forEach((r) => (all.add(r), walk(r.children ?? [])))
  walk(tree)
  return all
}

describe('the route-matching patch', () => {
  it('is applied to the installed @remix-run/router, whose version the patch is made for', () => {
    const installed = (require('@remix-run/router/package.json') as { version: string }).version
    const patches = readdirSync('scripts/patches').filter((f) => f.startsWith('@remix-run+router+'))
    expect(patches).toEqual([`@remix-run+router+${installed}.patch`])
    const source = readFileSync(require.resolve('@remix-run/router'), 'utf8')
    expect(source).toContain('workshop-booking patch (docs/decisions/022-fast-pages.md)')
  })

  it('matches every path of the app exactly as the published router does', () => {
    const tree = appRouteTree()
    expect(routesOf(tree).size).toBeGreaterThan(60)
    for (const pathname of pathnames(tree)) {
      const expected = summary(reference.matchRoutes(tree, pathname))
      expect(summary(patched.matchRoutes(tree, pathname)), pathname).toEqual(expected)
      // Again on the same tree (served from its cache) and on a new tree of the same shape,
      // as Remix builds one per render: the matches must point into that new tree.
      expect(summary(patched.matchRoutes(tree, pathname)), pathname).toEqual(expected)
      const twin = appRouteTree()
      const matches = patched.matchRoutes(twin, pathname)
      expect(summary(matches), pathname).toEqual(expected)
      const own = routesOf(twin)
      for (const m of matches ?? []) expect(own.has(m.route), `${pathname} → ${m.route.id}`).toBe(true)
    }
  })

  it('flattens a route tree once, not on every match', () => {
    // Flattening reads every route's path; matching on the cached branches reads none.
    let reads = 0
    const counted = (route: Route): Route =>
      new Proxy(
        { ...route, children: route.children?.map(counted) },
        {
          get(target, key, receiver) {
            if (key === 'path') reads++
            return Reflect.get(target, key, receiver) as unknown
          },
        },
      )
    const tree = appRouteTree().map(counted)
    patched.matchRoutes(tree, '/workshops')
    expect(reads).toBeGreaterThan(60)
    reads = 0
    expect(summary(patched.matchRoutes(tree, '/workshops/some-slug'))?.at(-1)?.id).toBe('routes/workshops.$slug')
    expect(reads).toBe(0)
  })

  it('still ranks a static segment above a parameter and an index route above its layout', () => {
    const tree: Route[] = [
      {
        id: 'root',
        path: '',
        children: [
          { id: 'param', path: 'w/:slug' },
          { id: 'static', path: 'w/new' },
          { id: 'layout', path: 'x', children: [{ id: 'x-index', index: true }] },
          { id: 'optional', path: 'o/:lang?/p' },
          { id: 'splat', path: '*' },
        ],
      },
    ]
    const last = (p: string) => patched.matchRoutes(tree, p)?.at(-1)?.route.id
    expect([last('/w/new'), last('/w/other'), last('/x'), last('/o/p'), last('/o/cs/p'), last('/else/where')]).toEqual([
      'static',
      'param',
      'x-index',
      'optional',
      'optional',
      'splat',
    ])
  })
})
