import { startServer } from './app'
import { ConfigError, readConfig } from './config'
import { log } from './log'

/** How long after DRAIN_TIMEOUT_MS a shutdown that is still stuck (closing storage) exits anyway. */
const SHUTDOWN_BACKSTOP_MS = 2000

// Wiring only: configuration, the server, signals.
async function main(): Promise<void> {
  const config = readConfig()
  const server = await startServer(config)
  // Printed once, on the start that generated it; only its hash is kept. Not a log line.
  if (server.generatedAdminCredential) {
    console.log(`Administratornøkkel (vises bare nå): ${server.generatedAdminCredential}`)
  }
  console.log(`Referat kjører på ${server.url}`)
  let stopping = false
  const stop = (signal: string) => {
    if (stopping) return
    stopping = true
    log.info('shutting down', { signal, drainTimeoutMs: config.drainTimeoutMs })
    // close() gives up draining after DRAIN_TIMEOUT_MS; this is the backstop should closing
    // storage or the listener hang as well.
    setTimeout(() => {
      log.error('shutdown did not finish in time; exiting', { drainTimeoutMs: config.drainTimeoutMs })
      process.exit(1)
    }, config.drainTimeoutMs + SHUTDOWN_BACKSTOP_MS).unref()
    server.close().then(
      () => process.exit(0),
      (err) => {
        log.error('shutdown failed', { err })
        process.exit(1)
      },
    )
  }
  process.on('SIGTERM', () => stop('SIGTERM'))
  process.on('SIGINT', () => stop('SIGINT'))
}

main().catch((err) => {
  if (err instanceof ConfigError) console.error(`Ugyldig konfigurasjon: ${err.message}`)
  else console.error(err)
  process.exit(1)
})
