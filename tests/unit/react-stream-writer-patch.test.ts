import { readdirSync, readFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import path from 'node:path'
import { Writable } from 'node:stream'
import { createElement as h, Suspense, type ReactElement, type ReactNode } from 'react'
import { renderToString, type PipeableStream, type RenderToPipeableStreamOptions } from 'react-dom/server'
import { describe, expect, it } from 'vitest'

/*
 * scripts/patches/react-dom+18.3.1.patch makes React's Node stream renderer keep a flush as one
 * string and encode it once (decision 022), instead of encoding chunk by chunk into 2 KB views.
 * Both builds are patched alike: the server runs the production one, tests the development one.
 * These tests fail when the patch is missing after an upgrade, or when it changes a byte.
 */
const require = createRequire(import.meta.url)
const cjs = path.join(path.dirname(require.resolve('react-dom/package.json')), 'cjs')
const BUILDS = ['production.min', 'development'] as const
type Renderer = { renderToPipeableStream(node: ReactNode, options: RenderToPipeableStreamOptions): PipeableStream }
const renderer = (build: string) => require(path.join(cjs, `react-dom-server.node.${build}.js`)) as Renderer

/** A destination that keeps what it is given, chunk by chunk, and says when it has ended. */
function collector() {
  const chunks: Buffer[] = []
  let ended = () => undefined as void
  const done = new Promise<Buffer[]>((resolve) => (ended = () => resolve(chunks)))
  const destination = new Writable({
    write(chunk: Buffer, _encoding, next) {
      chunks.push(chunk)
      next()
    },
    final(next) {
      ended()
      next()
    },
  })
  return { destination, done }
}

/** What the renderer writes, chunk by chunk, once everything is ready. */
function render(build: string, node: ReactElement): Promise<Buffer[]> {
  const { destination, done } = collector()
  return new Promise((resolve, reject) => {
    const stream = renderer(build).renderToPipeableStream(node, {
      onAllReady: () => (stream.pipe(destination), resolve(done)),
      onShellError: reject,
    })
  })
}

/** Czech letters, a four-byte emoji and numbers, shifted by `pad` so that letters straddle every 2 KB boundary. */
const czechPage = (pad: number) =>
  h(
    'div',
    { className: 'catalogue' },
    'x'.repeat(pad),
    Array.from({ length: 300 }, (_, i) => h('p', { key: i, title: `Č${i}` }, 'Příliš žluťoučký kůň úpěl ďábelské ódy 😀 ', i)),
  )

describe("React's stream writer patch", () => {
  it.each(BUILDS)('is applied to the %s build of the installed react-dom, whose version its patch is made for', (build) => {
    const installed = (require('react-dom/package.json') as { version: string }).version
    expect(readdirSync('scripts/patches').filter((f) => f.startsWith('react-dom+'))).toEqual([`react-dom+${installed}.patch`])
    const source = readFileSync(path.join(cjs, `react-dom-server.node.${build}.js`), 'utf8')
    expect(source).toContain('workshop-booking patch (docs/decisions/022-fast-pages.md)')
    expect(source).not.toContain('new Uint8Array(')
  })

  it.each(BUILDS)('%s: writes a finished page as one chunk of exact UTF-8, without a NUL byte', async (build) => {
    for (const pad of [0, 1, 2, 3]) {
      const chunks = await render(build, czechPage(pad))
      expect(chunks).toHaveLength(1)
      const page = chunks[0]!
      expect(page.length).toBeGreaterThan(10 * 2048)
      expect(page.includes(0), `pad ${pad}`).toBe(false)
      // The string renderer never went through byte views: the reference.
      expect(page.equals(Buffer.from(renderToString(czechPage(pad)))), `pad ${pad}`).toBe(true)
    }
  })

  it.each(BUILDS)('%s: still streams a Suspense boundary after its shell, with the nonce', async (build) => {
    let ready = false
    let release = () => undefined as void
    const pending = new Promise<void>((resolve) => (release = resolve))
    const Slow = () => {
      if (!ready) throw pending
      return h('b', null, 'Načteno: žluťoučký')
    }
    const page = h('main', null, h('h1', null, 'Workshopy'), h(Suspense, { fallback: h('i', null, 'Načítám…') }, h(Slow)))
    const { destination, done } = collector()
    const stream = renderer(build).renderToPipeableStream(page, {
      nonce: 'bm9uY2U',
      onShellReady() {
        stream.pipe(destination)
        setImmediate(() => ((ready = true), release()))
      },
    })
    const chunks = await done
    // The shell first, with the fallback; then the boundary's content and the script that swaps it in.
    expect(chunks.length).toBeGreaterThanOrEqual(2)
    expect(chunks[0]!.toString()).toBe(
      '<main><h1>Workshopy</h1><!--$?--><template id="B:0"></template><i>Načítám…</i><!--/$--></main>',
    )
    const rest = Buffer.concat(chunks.slice(1)).toString()
    expect(rest).toContain('<div hidden id="S:0"><b>Načteno: žluťoučký</b></div>')
    expect(rest).toContain('<script nonce="bm9uY2U">')
    expect(rest).toContain('$RC("B:0","S:0")')
  })
})
