// npm run bench [-- options]: measures our server from the outside (see docs/BENCHMARKS.md).
//   --n 10,100          fanout viewer counts (ours)
//   --ratio-n 10        N for the ours/bare comparison (fanout against the bare relay, same run)
//   --duration 20       seconds of typing per fanout run; --interval 50 ms between keystrokes
//   --runs 5            coldload: timed fresh clients per case
//   --only fanout,ratio,coldload
//   --repeat 1          passes over all scenarios (order of ours/bare alternates per pass)
//   --quick             smoke run: --n 5 --ratio-n 5 --duration 3 --runs 3
//   --quiet-wait 0      wait up to S s for the machine to be < 15 % busy before each scenario
//   --max-seconds 1800  hard bound on the whole run: children are stopped, exit code 3
//   --out FILE          also append the JSON lines to FILE
// Human summary on stderr, one JSON line per scenario on stdout. Measurement only: the exit code
// says whether the runs completed and delivered everything, never whether they were fast.
import { execFileSync } from 'node:child_process'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { parseArgs } from 'node:util'
import { runColdload } from './coldload'
import { runFanout, type FanoutOptions } from './fanout'
import { quietWait, r2, stopAll, versions } from './harness'

const { values: o } = parseArgs({
  options: {
    n: { type: 'string' },
    'ratio-n': { type: 'string' },
    duration: { type: 'string' },
    interval: { type: 'string', default: '50' },
    runs: { type: 'string' },
    only: { type: 'string', default: 'fanout,ratio,coldload' },
    repeat: { type: 'string', default: '1' },
    quick: { type: 'boolean', default: false },
    'quiet-wait': { type: 'string', default: '0' },
    'max-seconds': { type: 'string', default: '1800' },
    out: { type: 'string' },
  },
})

const positiveInts = (s: string, what: string): number[] => {
  const xs = s.split(',').map(Number)
  if (!xs.length || xs.some((x) => !Number.isInteger(x) || x < 1)) throw new Error(`--${what} wants positive integers, got ${s}`)
  return xs
}
const ns = positiveInts(o.n ?? (o.quick ? '5' : '10,100'), 'n')
const ratioN = positiveInts(o['ratio-n'] ?? (o.quick ? '5' : '10'), 'ratio-n')[0]
const durationS = Number(o.duration ?? (o.quick ? 3 : 20))
const intervalMs = Number(o.interval)
const runs = positiveInts(o.runs ?? (o.quick ? '3' : '5'), 'runs')[0]
const repeat = positiveInts(o.repeat, 'repeat')[0]
const only = new Set(o.only.split(','))
const quietS = Number(o['quiet-wait'])
if (!(durationS > 0 && intervalMs > 0)) throw new Error('--duration and --interval must be positive')

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
/** The code measured: HEAD and the server-side files that differ from it (others edit concurrently). */
function codeVersion(): { commit: string | null; dirty_server_files: string[] } {
  try {
    const git = (...args: string[]) => execFileSync('git', args, { cwd: path.resolve(import.meta.dirname, '..'), encoding: 'utf8' })
    const dirty = git('status', '--porcelain', '--', 'server', 'shared').split('\n').filter(Boolean).map((l) => l.slice(3))
    return { commit: git('rev-parse', '--short', 'HEAD').trim(), dirty_server_files: dirty }
  } catch {
    return { commit: null, dirty_server_files: [] }
  }
}
let failed = false

function emit(scenario: string, pass: number, result: Record<string, unknown>, summary: string[], extra: Record<string, unknown>): void {
  for (const line of summary) console.error(`# [${scenario}] ${line}`)
  const record = { scenario, pass, ...result, ...extra, code: codeVersion(), machine_info: machine, versions: versions() }
  const line = JSON.stringify(record)
  console.log(line)
  if (o.out) {
    fs.mkdirSync(path.dirname(path.resolve(o.out)), { recursive: true })
    fs.appendFileSync(o.out, line + '\n')
  }
}

async function scenario<T extends Record<string, unknown>>(
  name: string,
  pass: number,
  body: () => Promise<{ result: T; summary: string[] }>,
): Promise<T | null> {
  const quiet = quietS > 0 ? await quietWait(quietS) : null
  const started = new Date().toISOString()
  try {
    const { result, summary } = await body()
    if ((result.lost as number) > 0 || (typeof result.loads === 'number' && result.loads_correct !== result.loads)) failed = true
    emit(name, pass, result, summary, { started, machine_before: quiet, loadavg_before: os.loadavg().map(r2) })
    return result
  } catch (err) {
    failed = true
    const error = err instanceof Error ? (err.stack ?? err.message).split('\n').slice(0, 3).join(' | ') : String(err)
    emit(name, pass, { error }, [`ERROR ${error}`], { started })
    return null
  }
}

const fanout = (target: 'ours' | 'bare', n: number) => (): ReturnType<typeof runFanout> =>
  runFanout({ target, n, durationS, intervalMs } satisfies FanoutOptions)

type FanoutResult = Record<string, unknown> & {
  latency_ms: { p50: number; p99: number }
  server: { cpu_s_window: number | null; peak_rss_mib: number | null }
}
const ratio = (a: number | null, b: number | null) => (a === null || b === null || b === 0 ? null : r2(a / b))

const t0 = Date.now()
for (let pass = 1; pass <= repeat; pass++) {
  const oursByN = new Map<number, FanoutResult | null>()
  if (only.has('fanout')) {
    for (const n of ns) oursByN.set(n, (await scenario(`fanout`, pass, fanout('ours', n))) as FanoutResult | null)
  }
  if (only.has('ratio')) {
    // Ours and the bare relay back to back (order alternating per pass); reuse ours from above
    // when it ran at the same N in this pass.
    const runOurs = async () => oursByN.get(ratioN) ?? ((await scenario('fanout', pass, fanout('ours', ratioN))) as FanoutResult | null)
    const runBare = async () => (await scenario('fanout', pass, fanout('bare', ratioN))) as FanoutResult | null
    let ours: FanoutResult | null
    let bare: FanoutResult | null
    if (pass % 2 === 1) {
      ours = await runOurs()
      bare = await runBare()
    } else {
      bare = await runBare()
      ours = await runOurs()
    }
    if (ours && bare) {
      const result = {
        n: ratioN,
        duration_s: durationS,
        ours: { p50: ours.latency_ms.p50, p99: ours.latency_ms.p99, cpu_s: ours.server.cpu_s_window, peak_rss_mib: ours.server.peak_rss_mib },
        bare: { p50: bare.latency_ms.p50, p99: bare.latency_ms.p99, cpu_s: bare.server.cpu_s_window, peak_rss_mib: bare.server.peak_rss_mib },
        ours_over_bare: {
          p50: ratio(ours.latency_ms.p50, bare.latency_ms.p50),
          p99: ratio(ours.latency_ms.p99, bare.latency_ms.p99),
          cpu: ratio(ours.server.cpu_s_window, bare.server.cpu_s_window),
          peak_rss: ratio(ours.server.peak_rss_mib, bare.server.peak_rss_mib),
        },
      }
      const r = result.ours_over_bare
      emit('ratio', pass, result, [`N=${ratioN}: ours/bare p50 ${r.p50}x, p99 ${r.p99}x, server CPU ${r.cpu}x (${result.ours.cpu_s} vs ${result.bare.cpu_s} s), peak RSS ${r.peak_rss}x`], {})
    }
  }
  if (only.has('coldload')) await scenario('coldload', pass, () => runColdload({ runs }))
}
console.error(`# done in ${Math.round((Date.now() - t0) / 1000)} s${failed ? ' (with failures)' : ''}`)
await stopAll()
process.exit(failed ? 1 : 0)
