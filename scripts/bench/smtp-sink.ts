import { SMTPServer } from 'smtp-server'

/*
 * A loopback SMTP server that accepts and discards mail, for benchmarks. Runs as its own
 * process so its CPU is not the sender's. Prints "listening PORT", then "received N" every
 * 200 ms while mail arrives.
 */
let received = 0
const server = new SMTPServer({
  authOptional: true,
  disabledCommands: ['AUTH', 'STARTTLS'],
  logger: false,
  maxClients: 100,
  onData(stream, _session, callback) {
    stream.on('data', () => undefined)
    stream.on('end', () => {
      received++
      callback()
    })
  },
})
server.listen(Number(process.argv[2] ?? 0), '127.0.0.1', () => {
  const address = server.server.address()
  console.log(`listening ${typeof address === 'object' && address ? address.port : 0}`)
})
let reported = -1
setInterval(() => {
  if (received !== reported) console.log(`received ${received}`)
  reported = received
}, 200).unref()
process.on('SIGTERM', () => server.close(() => process.exit(0)))
