import { readFileSync } from 'node:fs'
import autocannon from 'autocannon'
import { startBenchServer } from './support'
const path = process.argv[2] ?? '/workshops'
const { server, cleanup } = await startBenchServer({ PAGE_CACHE_SECONDS: '0' })
const cpu = () => { const f = readFileSync(`/proc/${server.process.pid}/stat`, 'utf8').split(') ')[1]!.split(' '); return (Number(f[11]) + Number(f[12])) * 10 }
const run = (amount: number) => autocannon({ url: server.url + path, connections: 10, amount, headers: { 'accept-encoding': 'gzip' } })
await run(1500)
for (let i = 0; i < 3; i++) {
  const a = cpu(); const r = await run(2000); const b = cpu()
  console.log(`${path}: ${((b - a) / 2000 * 1000).toFixed(0)} µs CPU/request, ${Math.round(r.requests.average)} req/s, non2xx ${r.non2xx}`)
}
await cleanup()
