import { readdirSync, readFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import path from 'node:path'
import { createElement, type ReactElement } from 'react'
import { renderToString } from 'react-dom/server'
import { describe, expect, it, vi } from 'vitest'

/*
 * Remix v2 matches every request against the whole route tree several times, and the router
 * flattened, ranked and compiled the tree anew each time; each render also built the route
 * tree itself twice. scripts/patches/ holds patches to the server's copies of @remix-run/router
 * (match once per tree shape), @remix-run/react (server routes once per build) and
 * react-router-dom (data routes once per route array), decision 022. These tests fail when a
 * patch is missing (an upgrade without a new patch) or changes what matches or renders.
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
  it.each([
    ['@remix-run/router', '@remix-run/router'],
    ['@remix-run/react', '@remix-run/react/dist/server.js'],
    ['react-router-dom', 'react-router-dom/server'],
  ])('is applied to the installed %s, whose version its patch is made for', (name, file) => {
    const installed = (require(`${name}/package.json`) as { version: string }).version
    const prefix = `${name.replace('/', '+')}+`
    const patches = readdirSync('scripts/patches').filter((f) => f.startsWith(prefix))
    expect(patches).toEqual([`${prefix}${installed}.patch`])
    const source = readFileSync(require.resolve(file), 'utf8')
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
          { id: 'home', index: true },
          { id: 'layout', path: 'x', children: [{ id: 'x-index', index: true }] },
          { id: 'optional', path: 'o/:lang?/p' },
          { id: 'splat', path: '*' },
        ],
      },
    ]
    const last = (p: string) => patched.matchRoutes(tree, p)?.at(-1)?.route.id
    expect([last('/'), last('/w/new'), last('/w/other'), last('/x'), last('/o/p'), last('/o/cs/p'), last('/else/where')]).toEqual(
      ['home', 'static', 'param', 'x-index', 'optional', 'optional', 'splat'],
    )
  })
})

/*
 * A minimal Remix server render: one root route, its module, and the static handler's context
 * for "/". Enough for RemixServer to build its routes and render the route's component.
 */
type RemixServerModule = { RemixServer: (props: { context: unknown; url: string }) => ReactElement }
const { RemixServer } = require('@remix-run/react/dist/server.js') as RemixServerModule
const remixRoutes = require('@remix-run/react/dist/routes.js') as { createServerRoutes: (...args: unknown[]) => unknown }
const staticServer = require('react-router-dom/server') as {
  createStaticHandler: (routes: Route[]) => { query: (request: Request) => Promise<unknown> }
  createStaticRouter: (routes: Route[], context: unknown) => { routes: Route[]; state: { matches: Match[] } }
}

async function entryContext(routeModules: Record<string, { default: () => ReactElement }>) {
  const staticHandlerContext = await staticServer
    .createStaticHandler([{ id: 'root', path: '' }])
    .query(new Request('http://localhost/'))
  const manifestRoutes = {
    root: { id: 'root', path: '', module: '/root.js', hasLoader: false, hasAction: false, hasErrorBoundary: false },
  }
  return { manifestRoutes, routeModules, staticHandlerContext }
}

function render(
  { manifestRoutes, routeModules, staticHandlerContext }: Awaited<ReturnType<typeof entryContext>>,
  future: Record<string, boolean>,
) {
  const context = {
    manifest: { routes: manifestRoutes, entry: { module: '/entry.js', imports: [] }, url: '/manifest.js', version: '1' },
    routeModules: { ...routeModules }, // a new object per request, as the server runtime makes it
    future,
    isSpaMode: false,
    staticHandlerContext,
    serverHandoffString: '{}',
    serializeError: (error: Error) => ({ message: error.message }),
    renderMeta: {},
  }
  return renderToString(createElement(RemixServer, { context, url: 'http://localhost/' }))
}

describe('route trees built once', () => {
  it('RemixServer builds its routes once per build, and again for another build', async () => {
    const built = vi.spyOn(remixRoutes, 'createServerRoutes')
    try {
      const future = { v3_singleFetch: false, v3_lazyRouteDiscovery: false }
      const first = await entryContext({ root: { default: () => createElement('p', null, 'first build') } })
      expect(render(first, future)).toBe('<p>first build</p>')
      expect(render(first, future)).toBe('<p>first build</p>')
      expect(built).toHaveBeenCalledTimes(1)
      // Same manifest object, other modules (a rebuild that kept the manifest): built anew.
      const swapped = { ...first, routeModules: { root: { default: () => createElement('p', null, 'new module') } } }
      expect(render(swapped, future)).toBe('<p>new module</p>')
      expect(built).toHaveBeenCalledTimes(2)
      // Other future flags: built anew too.
      expect(render(swapped, { ...future })).toBe('<p>new module</p>')
      expect(built).toHaveBeenCalledTimes(3)
    } finally {
      built.mockRestore()
    }
  })

  it('the static router converts a route array once, and its matches point into the converted routes', async () => {
    const routes: Route[] = [{ id: 'root', path: '', children: [{ id: 'page', path: 'page' }] }]
    const context = await staticServer.createStaticHandler(routes).query(new Request('http://localhost/page'))
    const first = staticServer.createStaticRouter(routes, context)
    const second = staticServer.createStaticRouter(routes, context)
    expect(second.routes).toBe(first.routes)
    expect(second.state.matches.map((m) => m.route.id)).toEqual(['root', 'page'])
    const converted = routesOf(first.routes)
    for (const m of second.state.matches) expect(converted.has(m.route)).toBe(true)
    // Another array, even of the same routes, is converted for itself.
    const other = staticServer.createStaticRouter([...routes], context)
    expect(other.routes).not.toBe(first.routes)
    expect(other.routes.map((r) => r.id)).toEqual(['root'])
  })
})
