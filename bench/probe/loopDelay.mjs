// Preload for a server under test (`node --import /abs/path/bench/probe/loopDelay.mjs server.js`):
// measures the server's event-loop delay with perf_hooks.monitorEventLoopDelay and reports it to
// the bench without touching anything else of the server.
//   BENCH_LOOP_DELAY_FILE=/path  (required to do anything) on SIGUSR2 the probe writes
//       {"seq":n,"since_ms":…,"count":…,"p50_ms":…,"p99_ms":…,"max_ms":…,"mean_ms":…}
//       for the time since the previous SIGUSR2 (or start) to that file, then resets the histogram.
//       So one SIGUSR2 at the start of a window resets it, one at the end reads the window.
//   BENCH_EXIT_ON_SIGTERM=1  also exit(0) on SIGTERM (for a server that has no SIGTERM handler
//       of its own, e.g. @y/websocket-server's bin: a normal exit lets --cpu-prof write its profile).
// The histogram's own sampling interval (RESOLUTION_MS) is subtracted, as the shared harness does.
import fs from 'node:fs'
import { monitorEventLoopDelay, performance } from 'node:perf_hooks'

const file = process.env.BENCH_LOOP_DELAY_FILE
const RESOLUTION_MS = 10
if (file) {
  const h = monitorEventLoopDelay({ resolution: RESOLUTION_MS })
  h.enable()
  let seq = 0
  let since = performance.now()
  const ms = (ns) => (h.count > 0 ? Math.max(0, Math.round((ns / 1e6 - RESOLUTION_MS) * 100) / 100) : null)
  process.on('SIGUSR2', () => {
    const t = performance.now()
    const out = {
      seq: ++seq,
      since_ms: Math.round(t - since),
      count: h.count,
      p50_ms: ms(h.percentile(50)),
      p99_ms: ms(h.percentile(99)),
      max_ms: ms(h.max),
      mean_ms: h.count > 0 ? ms(h.mean) : null,
    }
    h.reset()
    since = t
    try {
      fs.writeFileSync(`${file}.tmp`, JSON.stringify(out))
      fs.renameSync(`${file}.tmp`, file)
    } catch {
      // the bench sees no new seq and reports null
    }
  })
}
if (process.env.BENCH_EXIT_ON_SIGTERM === '1') process.on('SIGTERM', () => process.exit(0))
