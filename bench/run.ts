// npm run bench [-- options]: our server and the reference server (@y/websocket-server 0.1.1, its
// own bin unchanged) measured from the outside in the same run, on the same machine, with the
// stock y-websocket client (see docs/BENCHMARKS.md and /work/shared/bench for the method).
//   --only fanout,coldload,upload,rooms,browser   scenarios (coldload and upload share one upload
//                        per target; browser: ours only, builds the client first if needed);
//                        also `cluster` (not by default: needs PostgreSQL and redis-server): two
//                        of our nodes, writer on one, --cluster-n viewers on the same / the other;
//                        and `search` (not by default: ours only, in process): bench/search.ts over
//                        500 meetings on SQLite and PostgreSQL (--quick: 50 meetings, SQLite only)
//   --targets ours,ref   servers to compare (add `bare` for the bench's bare relay as an extra)
//   --n 10,100,300,1000  fanout viewer counts; --duration 20 s of typing, --interval 50 ms
//   --m 100,1000         rooms: meetings; --rooms-duration 20 s, --rooms-interval 1000 ms
//   --runs 5             coldload: timed fresh clients per case
//   --trace-txns N       coldload/upload: replay only the first N trace transactions (default all)
//   --upload-max-s 300   bound on the wait until a server holds the whole upload
//   --leave-wait 30      rooms: bound on the wait for memory to settle after every client left
//   --repeat 1           passes over everything (the order of the targets alternates per pass)
//   --quick              smoke run (~1 min): --n 5 --m 10 --duration 3 --rooms-duration 3 --runs 3
//                        --trace-txns 5000 --leave-wait 12
//   --quiet-wait 0       wait up to S s for the machine to be < 15 % busy before each run
//   --max-seconds 5400   hard bound on the whole run: children are stopped, exit code 3
//   --cpu-prof DIR       start every server with --cpu-prof --cpu-prof-dir DIR (written on SIGTERM)
//   --runtime tsx        ours under `node --import tsx server/main.ts` (tsx), or the compiled
//                        dist/server/main.js as `npm start` runs it (built; built first, every run)
//   --out FILE           also append the JSON lines to FILE
// Human summary on stderr; one JSON line per scenario (and N/M, pass) on stdout holding each
// target's full result and the ratios ours/ref. Measurement only: the exit code says whether the
// runs completed and delivered everything correctly (1 if not), never whether they were fast.
import { execFileSync, spawnSync } from 'node:child_process'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { parseArgs } from 'node:util'
import { readTrace, runTrace } from './coldload'
import { runFanout } from './fanout'
import { quietWait, r2, serverOptions, stopAll, versions, type Target } from './harness'
import { runBrowser } from './browser'
import { runCluster } from './cluster'
import { runRooms } from './rooms'
import { runSearch } from './search'

const { values: o } = parseArgs({
  options: {
    only: { type: 'string', default: 'fanout,coldload,upload,rooms,browser' },
    targets: { type: 'string', default: 'ours,ref' },
    n: { type: 'string' },
    duration: { type: 'string' },
    interval: { type: 'string', default: '50' },
    m: { type: 'string' },
    'rooms-duration': { type: 'string' },
    'cluster-n': { type: 'string', default: '300' },
    'rooms-interval': { type: 'string', default: '1000' },
    runs: { type: 'string' },
    'trace-txns': { type: 'string' },
    'upload-max-s': { type: 'string', default: '300' },
    'leave-wait': { type: 'string' },
    repeat: { type: 'string', default: '1' },
    quick: { type: 'boolean', default: false },
    'quiet-wait': { type: 'string', default: '0' },
    'max-seconds': { type: 'string', default: '5400' },
    'cpu-prof': { type: 'string' },
    runtime: { type: 'string', default: 'tsx' },
    out: { type: 'string' },
  },
})

const positiveInts = (s: string, what: string): number[] => {
  const xs = s.split(',').map(Number)
  if (!xs.length || xs.some((x) => !Number.isInteger(x) || x < 1)) throw new Error(`--${what} wants positive integers, got ${s}`)
  return xs
}
const q = o.quick
const ns = positiveInts(o.n ?? (q ? '5' : '10,100,300,1000'), 'n')
const ms = positiveInts(o.m ?? (q ? '10' : '100,1000'), 'm')
const durationS = Number(o.duration ?? (q ? 3 : 20))
const intervalMs = Number(o.interval)
const roomsDurationS = Number(o['rooms-duration'] ?? (q ? 3 : 20))
const roomsIntervalMs = Number(o['rooms-interval'])
const runs = positiveInts(o.runs ?? (q ? '3' : '5'), 'runs')[0]
const traceTxns = o['trace-txns'] ? positiveInts(o['trace-txns'], 'trace-txns')[0] : q ? 5000 : Infinity
const uploadMaxS = Number(o['upload-max-s'])
const leaveWaitS = Number(o['leave-wait'] ?? (q ? 12 : 30))
const repeat = positiveInts(o.repeat, 'repeat')[0]
const only = new Set(o.only.split(','))
const targets = o.targets.split(',') as Target[]
const quietS = Number(o['quiet-wait'])
for (const t of targets) if (!['ours', 'ref', 'bare'].includes(t)) throw new Error(`--targets: unknown ${t}`)
for (const s of only) if (!['fanout', 'coldload', 'upload', 'rooms', 'browser', 'cluster', 'search'].includes(s)) throw new Error(`--only: unknown ${s}`)
if (!(durationS > 0 && intervalMs > 0 && roomsDurationS > 0 && roomsIntervalMs > 0 && uploadMaxS > 0 && leaveWaitS > 0)) throw new Error('durations and intervals must be positive')
if (o['cpu-prof']) serverOptions.cpuProfDir = path.resolve(o['cpu-prof'])
if (o.runtime !== 'tsx' && o.runtime !== 'built') throw new Error(`--runtime: tsx or built, got ${o.runtime}`)
if (o.runtime === 'built') {
  // Always rebuilt: a stale dist/server would measure other code than the commit recorded.
  console.error('# building the server (npm run build:server)')
  const vite = path.join(import.meta.dirname, '..', 'node_modules', 'vite', 'bin', 'vite.js')
  const build = spawnSync(process.execPath, [vite, 'build', '--config', 'vite.server.config.ts', '--logLevel', 'warn'], { cwd: path.join(import.meta.dirname, '..'), stdio: 'inherit' })
  if (build.status !== 0) throw new Error('the server build failed')
  serverOptions.builtServer = path.join(import.meta.dirname, '..', 'dist', 'server', 'main.js')
}

process.setMaxListeners(0) // y-websocket adds one process 'exit' listener per provider

const watchdog = setTimeout(() => {
  console.error(`# watchdog: ${o['max-seconds']} s passed, stopping every server child`)
  void stopAll().finally(() => process.exit(3))
}, Number(o['max-seconds']) * 1000)
watchdog.unref()
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => void stopAll().finally(() => process.exit(130)))
}

const machine = {
  cpus: os.cpus().length,
  cpu_model: os.cpus()[0]?.model ?? null,
  mem_gib: r2(os.totalmem() / 2 ** 30),
  kernel: os.release(),
}
const repoRoot = path.resolve(import.meta.dirname, '..')
/** The code measured: HEAD and the server-side files that differ from it (others edit concurrently). */
function codeVersion(): { commit: string | null; dirty_server_files: string[] } {
  // A copy of a commit outside git (git archive, to measure it while others edit server/) names it here.
  if (process.env.BENCH_CODE_COMMIT) return { commit: process.env.BENCH_CODE_COMMIT, dirty_server_files: [] }
  try {
    const git = (...args: string[]) => execFileSync('git', args, { cwd: repoRoot, encoding: 'utf8' })
    const dirty = git('status', '--porcelain', '--', 'server', 'shared').split('\n').filter(Boolean).map((l) => l.slice(3))
    return { commit: git('rev-parse', '--short', 'HEAD').trim(), dirty_server_files: dirty }
  } catch {
    return { commit: null, dirty_server_files: [] }
  }
}
const refVersion = (() => {
  try {
    return (JSON.parse(fs.readFileSync(path.join(repoRoot, 'node_modules/@y/websocket-server/package.json'), 'utf8')) as { version: string }).version
  } catch {
    return null
  }
})()

let failed = false
type Result = Record<string, unknown>
type Out = { result: Result; summary: string[] }

function emit(record: Result): void {
  const line = JSON.stringify({ ...record, runtime: o.runtime, code: codeVersion(), machine_info: machine, versions: { ...versions(), '@y/websocket-server': refVersion } })
  console.log(line)
  if (o.out) {
    fs.mkdirSync(path.dirname(path.resolve(o.out)), { recursive: true })
    fs.appendFileSync(o.out, line + '\n')
  }
}

/** Whether a run delivered everything correctly (nothing about speed). */
function complete(r: Result): boolean {
  if (r.error) return false
  if (typeof r.lost === 'number' && r.lost > 0) return false
  if (typeof r.loads === 'number' && r.loads_correct !== r.loads) return false
  if (r.completed === false || r.holder_correct === false) return false
  return true
}

async function guarded(label: string, body: () => Promise<Out>): Promise<Result> {
  const quiet = quietS > 0 ? await quietWait(quietS) : null
  const started = new Date().toISOString()
  try {
    const { result, summary } = await body()
    for (const line of summary) console.error(`# [${label}] ${line}`)
    return { ...result, started, machine_before: quiet, loadavg_before: os.loadavg().map(r2) }
  } catch (err) {
    const error = err instanceof Error ? (err.stack ?? err.message).split('\n').slice(0, 3).join(' | ') : String(err)
    console.error(`# [${label}] ERROR ${error}`)
    return { error, started }
  }
}

const get = (obj: unknown, p: string): unknown => p.split('.').reduce<unknown>((a, k) => (a == null ? a : (a as Result)[k]), obj)
/** a / b; null unless both are numbers, a ≥ 0 and b > 0 (a ratio of differences that went negative says nothing). */
const ratioOf = (a: unknown, b: unknown) => (typeof a === 'number' && typeof b === 'number' && a >= 0 && b > 0 ? r2(a / b) : null)

/** Ratio fields per scenario: name → path in a target's result. */
const RATIOS: Record<string, Record<string, string>> = {
  fanout: {
    p50: 'latency_ms.p50',
    p95: 'latency_ms.p95',
    p99: 'latency_ms.p99',
    max: 'latency_ms.max',
    cpu_s: 'server.cpu_s_window',
    cpu_per_delivery: 'server.cpu_us_per_delivery',
    peak_rss: 'server.peak_rss_mib',
    loop_delay_p99: 'server.eventloop_delay_ms.p99_ms',
  },
  coldload: {
    memory_median: 'memory_connect_to_synced_ms.median',
    state_bytes: 'state_bytes',
  },
  upload: {
    until_server_has_all: 'until_server_has_all_s',
    cpu_s: 'server.cpu_s',
    peak_rss: 'server.peak_rss_mib',
    loop_delay_p99: 'server.eventloop_delay_ms.p99_ms',
  },
  rooms: {
    p50: 'latency_ms.p50',
    p99: 'latency_ms.p99',
    max: 'latency_ms.max',
    rss_per_meeting: 'server.rss_per_meeting_kib',
    rss_per_meeting_connected: 'server.rss_per_meeting_connected_kib',
    idle_rss: 'server.idle_rss_mib',
    left_minus_idle: 'server.left_minus_idle_mib',
    cpu_s: 'server.cpu_s_window',
    loop_delay_p99: 'server.eventloop_delay_ms.p99_ms',
  },
}

/** One JSON line for a scenario (and its N/M) in one pass: every target's result and ours/other ratios. */
function report(scenario: string, pass: number, params: Result, byTarget: Map<Target, Result>, order: Target[]): void {
  const record: Result = { scenario, pass, ...params, order }
  for (const [t, r] of byTarget) {
    record[t] = r
    if (!complete(r)) failed = true
  }
  const ours = byTarget.get('ours')
  const lines: string[] = []
  for (const other of ['ref', 'bare'] as const) {
    const r = byTarget.get(other)
    if (!ours || !r || ours.error || r.error) continue
    const ratios = Object.fromEntries(Object.entries(RATIOS[scenario]).map(([k, p]) => [k, ratioOf(get(ours, p), get(r, p))]))
    record[other === 'ref' ? 'ratio' : 'ratio_bare'] = ratios
    lines.push(
      `ours/${other}: ` +
        Object.entries(RATIOS[scenario])
          .map(([k, p]) => `${k} ${String(get(ours, p))}/${String(get(r, p))}=${String(ratios[k])}x`)
          .join(', '),
    )
  }
  if (scenario === 'coldload' && ours && !ours.error) {
    const refMem = get(byTarget.get('ref'), 'memory_connect_to_synced_ms.median')
    const restart = get(ours, 'restart_connect_to_synced_ms.median')
    if (record.ratio) (record.ratio as Result).restart_vs_ref_memory = ratioOf(restart, refMem)
  }
  const label = `${scenario}${Object.entries(params).map(([k, v]) => ` ${k}=${String(v)}`).join('')} pass ${pass}`
  for (const l of lines) console.error(`# [${label}] ${l}`)
  emit(record)
}

/** Targets in this pass's order: as given on odd passes, reversed on even ones. */
const orderFor = (pass: number): Target[] => (pass % 2 === 1 ? [...targets] : [...targets].reverse())

if (only.has('coldload') || only.has('upload')) readTrace() // read once, before any server runs
if (only.has('browser') && !fs.existsSync(path.join(import.meta.dirname, '..', 'dist', 'client', 'index.html'))) {
  // The browser scenario loads the real client: build it once, as `npm start` would.
  console.error('# building the client for the browser scenario')
  const build = spawnSync(process.execPath, [path.join(import.meta.dirname, '..', 'node_modules', 'vite', 'bin', 'vite.js'), 'build', '--logLevel', 'warn'], { stdio: 'inherit' })
  if (build.status !== 0) throw new Error('vite build failed')
}

const t0 = Date.now()
for (let pass = 1; pass <= repeat; pass++) {
  const order = orderFor(pass)
  if (only.has('fanout')) {
    for (const n of ns) {
      const byTarget = new Map<Target, Result>()
      for (const target of order) byTarget.set(target, await guarded(`fanout N=${n} ${target}`, () => runFanout({ target, n, durationS, intervalMs })))
      report('fanout', pass, { n, duration_s: durationS, interval_ms: intervalMs }, byTarget, order)
    }
  }
  if (only.has('coldload') || only.has('upload')) {
    const uploads = new Map<Target, Result>()
    const colds = new Map<Target, Result>()
    for (const target of order) {
      let cold: Out | null = null
      const up = await guarded(`upload ${target}`, async () => {
        const both = await runTrace({ target, runs, txns: Math.min(traceTxns, readTrace().txns.length), uploadMaxS })
        cold = both.coldload
        return both.upload
      })
      uploads.set(target, up)
      colds.set(target, cold ? await guarded(`coldload ${target}`, () => Promise.resolve(cold!)) : { error: String(up.error ?? 'upload failed') })
    }
    const txns = Math.min(traceTxns, readTrace().txns.length)
    if (only.has('upload')) report('upload', pass, { txns }, uploads, order)
    if (only.has('coldload')) report('coldload', pass, { txns, runs }, colds, order)
  }
  if (only.has('rooms')) {
    for (const m of ms) {
      const byTarget = new Map<Target, Result>()
      for (const target of order) {
        byTarget.set(target, await guarded(`rooms M=${m} ${target}`, () => runRooms({ target, m, durationS: roomsDurationS, intervalMs: roomsIntervalMs, leaveWaitS })))
      }
      report('rooms', pass, { m, duration_s: roomsDurationS, interval_ms: roomsIntervalMs }, byTarget, order)
    }
  }
  if (only.has('cluster')) {
    // Ours only: two nodes, one writer; the figure is the cross-node p99 over the one-node p99.
    const clusterN = q ? 5 : positiveInts(o['cluster-n'], 'cluster-n')[0]
    const ours = await guarded(`cluster N=${clusterN}`, () => runCluster({ n: clusterN, durationS, intervalMs }))
    if (!complete(ours)) failed = true
    emit({ scenario: 'cluster', pass, order: ['ours'], ours })
  }
  if (only.has('browser')) {
    // Ours only: the reference server has no editor. The target (p95 < 16 ms) is one frame.
    const ours = await guarded('browser ours', () => runBrowser({ quick: q }))
    if (!complete(ours)) failed = true
    emit({ scenario: 'browser', pass, order: ['ours'], ours })
  }
  if (only.has('search')) {
    // Ours only: the reference server has no search. Target: queries under 100 ms over 500 meetings.
    const ours = await guarded('search ours', () => runSearch({ meetings: q ? 50 : 500, repeat: q ? 5 : 30, pg: !q }))
    if (!complete(ours)) failed = true
    emit({ scenario: 'search', pass, order: ['ours'], ours })
  }
}
console.error(`# done in ${Math.round((Date.now() - t0) / 1000)} s${failed ? ' (with failures)' : ''}`)
await stopAll()
process.exit(failed ? 1 : 0)
