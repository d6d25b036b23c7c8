// Loaded into the server by the worksheet benchmark only (NODE_OPTIONS="--expose-gc --import …"):
// collects garbage every 20 ms and logs what is still reachable, so the benchmark sees the
// memory a request really holds rather than garbage the collector has not reached yet.
import { appendFileSync } from 'node:fs'

const file = process.env.LIVE_MEMORY_LOG
if (file && typeof globalThis.gc === 'function' && process.argv[1]?.endsWith('server.js')) {
  setInterval(() => {
    globalThis.gc()
    // arrayBuffers, not external: V8 frees array buffers concurrently after a collection and
    // lowers `external` late, while Node's allocator counts them at once.
    const { heapUsed, arrayBuffers } = process.memoryUsage()
    appendFileSync(file, `${Date.now()} ${heapUsed + arrayBuffers}\n`)
  }, 20).unref()
}
