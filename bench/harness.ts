// Shared pieces of the benchmark: server child processes, load clients, /proc readings and
// statistics. Methodology follows /work/shared/bench (lib/harness.mjs) so that figures compare:
// the server under test is always a child process, every load client lives in this process.
import { spawn, type ChildProcess } from 'node:child_process'
import fs from 'node:fs'
import net from 'node:net'
import os from 'node:os'
import path from 'node:path'
import { monitorEventLoopDelay, performance } from 'node:perf_hooks'
import { pathToFileURL } from 'node:url'
import * as Y from 'yjs'
import { connectClient, spawnServer, tempDataDir, withTimeout, type TestClient } from '../tests/helpers'
import { MINUTES_FRAGMENT } from '../shared/schema'

export const now = (): number => performance.now()
export const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms))
const repoRoot = path.resolve(import.meta.dirname, '..')

// ---------------------------------------------------------------- server processes

export type Target = 'ours' | 'ref' | 'bare'

/** The server's event-loop delay over a window (bench/probe/loopDelay.mjs), ms. */
export interface LoopDelay {
  since_ms: number
  count: number
  p50_ms: number | null
  p99_ms: number | null
  max_ms: number | null
  mean_ms: number | null
}

/** A server under test, running as a child process of the bench. */
export interface BenchServer {
  readonly kind: Target
  /** http://127.0.0.1:PORT */
  readonly url: string
  /** ws://127.0.0.1:PORT; clients connect to `${wsUrl}/sync/<doc>` (the reference takes the path as room name). */
  readonly wsUrl: string
  readonly pid: number
  /** Seconds from spawn to the "listening" line. */
  readonly startS: number
  /** Starts a new event-loop delay window in the server (SIGUSR2 to the probe). */
  loopDelayReset(): Promise<void>
  /** Ends the window and returns its event-loop delay (null when the probe did not answer in 2 s). */
  loopDelayRead(): Promise<LoopDelay | null>
  /** SIGTERM to this PID, SIGKILL after 5 s; resolves when it is gone. */
  stop(): Promise<void>
}

/** Options for every server child the bench starts. */
export const serverOptions: { cpuProfDir: string | null; builtServer: string | null } = { cpuProfDir: null, builtServer: null }

const PROBE = path.join(repoRoot, 'bench', 'probe', 'loopDelay.mjs')

/** node arguments for a server child: the loop-delay probe, and --cpu-prof when asked for. */
function probeArgs(): string[] {
  const args = ['--import', pathToFileURL(PROBE).href]
  if (serverOptions.cpuProfDir) {
    fs.mkdirSync(serverOptions.cpuProfDir, { recursive: true })
    args.push('--cpu-prof', '--cpu-prof-dir', path.resolve(serverOptions.cpuProfDir))
  }
  return args
}

/** A fresh file path for one server's probe, and the two operations on it. */
function loopDelayProbe(): { env: Record<string, string>; attach(pid: number): Pick<BenchServer, 'loopDelayReset' | 'loopDelayRead'>; remove(): void } {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'referat-bench-probe-'))
  const file = path.join(dir, 'loop-delay.json')
  const readSeq = (): { seq: number } & LoopDelay => {
    try {
      return JSON.parse(fs.readFileSync(file, 'utf8')) as { seq: number } & LoopDelay
    } catch {
      return { seq: 0 } as { seq: number } & LoopDelay
    }
  }
  return {
    env: { BENCH_LOOP_DELAY_FILE: file },
    attach(pid: number) {
      const signal = async (): Promise<LoopDelay | null> => {
        const before = readSeq().seq
        try {
          process.kill(pid, 'SIGUSR2') // this child's PID only
        } catch {
          return null
        }
        for (let i = 0; i < 100; i++) {
          const r = readSeq()
          if (r.seq > before) {
            const { seq: _seq, ...rest } = r
            return rest
          }
          await sleep(20)
        }
        return null
      }
      return {
        loopDelayReset: async () => void (await signal()),
        loopDelayRead: signal,
      }
    },
    remove: () => fs.rmSync(dir, { recursive: true, force: true }),
  }
}

/** Every child this process started and has not stopped yet (for the watchdog). */
const running = new Set<BenchServer>()

export async function stopAll(): Promise<void> {
  await Promise.all([...running].map((s) => s.stop()))
}

function stopper(child: ChildProcess, onGone: () => void): () => Promise<void> {
  const exited = new Promise<void>((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) resolve()
    else child.once('exit', () => resolve())
  })
  return async () => {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM') // this child's PID only
    const gone = await Promise.race([exited.then(() => true), sleep(5000).then(() => false)])
    if (!gone) {
      child.kill('SIGKILL')
      await Promise.race([exited, sleep(5000)])
    }
    onGone()
  }
}

/**
 * Starts our server (`node --import tsx server/main.ts`, or the compiled dist/server/main.js with
 * `--runtime built`, via the tests' spawnServer, with the
 * loop-delay probe preloaded) on a free port with `dataDir` (a fresh temporary one when omitted,
 * removed on stop).
 */
export async function startOurs(opts: { dataDir?: string; env?: Record<string, string> } = {}): Promise<BenchServer> {
  const temp = opts.dataDir ? null : tempDataDir()
  const probe = loopDelayProbe()
  const t0 = now()
  let spawned: Awaited<ReturnType<typeof spawnServer>>
  try {
    spawned = await spawnServer(opts.dataDir ?? temp!.dir, { ...probe.env, ...opts.env }, { nodeArgs: probeArgs(), built: serverOptions.builtServer ?? undefined })
  } catch (err) {
    probe.remove()
    temp?.remove()
    throw err
  }
  const startS = (now() - t0) / 1000
  const stopChild = stopper(spawned.child, () => {
    running.delete(server)
    probe.remove()
    temp?.remove()
  })
  const server: BenchServer = {
    kind: 'ours',
    url: spawned.url,
    wsUrl: spawned.wsUrl,
    pid: spawned.child.pid!,
    startS,
    ...probe.attach(spawned.child.pid!),
    stop: stopChild,
  }
  running.add(server)
  return server
}

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer()
    srv.once('error', reject)
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address() as net.AddressInfo
      srv.close(() => resolve(port))
    })
  })
}

/**
 * Starts a server child that prints a line matching `ready` once it listens; `port` is given in
 * its environment as PORT (0 when the server picks and prints its own).
 */
async function startChild(
  kind: Target,
  script: string[],
  env: Record<string, string>,
  ready: RegExp,
  urlOf: (match: RegExpExecArray) => string,
): Promise<BenchServer> {
  const probe = loopDelayProbe()
  const t0 = now()
  const childEnv: Record<string, string | undefined> = { ...process.env, HOST: '127.0.0.1', ...probe.env, ...env }
  delete childEnv.YPERSISTENCE // the reference server stays in memory, as in the shared baseline
  delete childEnv.CALLBACK_URL
  const child = spawn(process.execPath, [...probeArgs(), ...script], {
    cwd: repoRoot,
    env: childEnv,
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  let stderr = ''
  child.stderr!.on('data', (chunk: Buffer) => (stderr += chunk.toString()))
  const stopChild = stopper(child, () => {
    running.delete(server)
    probe.remove()
  })
  let url: string
  try {
    url = await withTimeout(
      new Promise<string>((resolve, reject) => {
        let stdout = ''
        child.stdout!.on('data', (chunk: Buffer) => {
          stdout += chunk.toString()
          const match = ready.exec(stdout)
          if (match) resolve(urlOf(match))
        })
        child.once('exit', (code) => reject(new Error(`${kind} server exited with ${code}: ${stderr}`)))
      }),
      20_000,
      `the ${kind} server to say it listens`,
    )
  } catch (err) {
    await stopChild()
    throw err
  }
  const server: BenchServer = {
    kind,
    url,
    wsUrl: url.replace(/^http/, 'ws'),
    pid: child.pid!,
    startS: (now() - t0) / 1000,
    ...probe.attach(child.pid!),
    stop: stopChild,
  }
  running.add(server)
  return server
}

/**
 * Starts the reference server, @y/websocket-server's own bin unchanged
 * (`node node_modules/@y/websocket-server/src/server.js`, HOST=127.0.0.1, PORT=<free port>), with
 * the loop-delay probe preloaded; the probe exits it on SIGTERM (it has no handler of its own).
 */
export async function startRef(): Promise<BenchServer> {
  const port = await freePort()
  return startChild(
    'ref',
    ['node_modules/@y/websocket-server/src/server.js'],
    { PORT: String(port), BENCH_EXIT_ON_SIGTERM: '1' },
    /running at '127\.0\.0\.1' on port (\d+)/,
    (m) => `http://127.0.0.1:${m[1]}`,
  )
}

/** Starts the bare relay (bench/bareRelay.ts) the same way: `node --import tsx`, PORT=0. */
export async function startBare(): Promise<BenchServer> {
  return startChild(
    'bare',
    ['--import', 'tsx', 'bench/bareRelay.ts'],
    { PORT: '0' },
    /Bare relay listening on (http:\/\/\S+)/,
    (m) => m[1],
  )
}

export async function startTarget(target: Target): Promise<BenchServer> {
  return target === 'ours' ? startOurs() : target === 'ref' ? startRef() : startBare()
}

// ---------------------------------------------------------------- clients

/** A stock y-websocket client (tests' connectClient) with the bench's bookkeeping. */
export interface LoadClient extends TestClient {
  /** now() just before the provider was created. */
  readonly startedAt: number
  /** now() at the provider's first `sync(true)`; null until then. */
  syncedAt: number | null
  /** Transitions into 'connected' (1 = no reconnect). */
  connects: number
}

/**
 * Connects one load client; `token` (a meeting token of our server) goes in the `token` query
 * parameter, which the bare relay ignores. Silent clients set their awareness state to null before the socket
 * opens, so they send no presence (like the shared harness' viewers); others keep the default {}.
 */
export function loadClient(
  wsUrl: string,
  docName: string,
  opts: { silent: boolean; token?: string | null; syncTimeoutMs?: number },
): LoadClient {
  const startedAt = now()
  const c = connectClient(wsUrl, docName, { token: opts.token, syncTimeoutMs: opts.syncTimeoutMs ?? 30_000 }) as LoadClient
  Object.assign(c, { startedAt, syncedAt: null, connects: 0 })
  if (opts.silent) c.provider.awareness.setLocalState(null)
  c.provider.on('sync', (isSynced: boolean) => {
    if (isSynced && c.syncedAt === null) c.syncedAt = now()
  })
  let last: string | null = null
  c.provider.on('status', ({ status }: { status: string }) => {
    if (status === 'connected' && last !== 'connected') c.connects++
    last = status
  })
  return c
}

/**
 * Creates `count` clients with at most `concurrency` handshakes in flight (as the shared harness
 * does). Each client's own sync timeout bounds the wait.
 */
export async function connectMany(
  count: number,
  create: (i: number) => LoadClient,
  concurrency = 50,
): Promise<{ clients: LoadClient[]; failed: number; seconds: number }> {
  const t0 = now()
  const clients: LoadClient[] = new Array(count)
  let next = 0
  let failed = 0
  async function worker(): Promise<void> {
    while (next < count) {
      const i = next++
      clients[i] = create(i)
      try {
        await clients[i].synced
      } catch {
        failed++
      }
    }
  }
  await Promise.all(Array.from({ length: Math.min(concurrency, count) }, worker))
  return { clients, failed, seconds: (now() - t0) / 1000 }
}

/**
 * The Y.XmlText inside the first `paragraph` of the first `decision` of the minutes: where the
 * fanout writer types (a valid place for text in the schema).
 */
export function decisionText(doc: Y.Doc): Y.XmlText {
  const fragment = doc.getXmlFragment(MINUTES_FRAGMENT)
  for (const node of fragment.createTreeWalker((n) => n instanceof Y.XmlElement && n.nodeName === 'decision')) {
    const paragraph = (node as Y.XmlElement).get(0)
    if (paragraph instanceof Y.XmlElement && paragraph.nodeName === 'paragraph') {
      const text = paragraph.get(0)
      if (text instanceof Y.XmlText) return text
    }
  }
  throw new Error('no decision paragraph with text in the minutes')
}

// ---------------------------------------------------------------- keystrokes

// One keystroke = one character whose code point carries its sequence number.
const SEQ_BASE = 0x4e00
const SEQ_SPAN = 20992
export const seqChar = (seq: number): string => String.fromCharCode(SEQ_BASE + (seq % SEQ_SPAN))
export const charSeq = (ch: string): number => ch.charCodeAt(0) - SEQ_BASE

/** Calls onSeq(seq, t) for every character inserted into `text` (remote or local). */
export function watchText(text: Y.XmlText, onSeq: (seq: number, t: number) => void): void {
  text.observe((event) => {
    const t = now()
    for (const op of event.delta) {
      if (typeof op.insert === 'string') for (let k = 0; k < op.insert.length; k++) onSeq(charSeq(op.insert[k]), t)
    }
  })
}

/** One viewer's bookkeeping of the writer's stream. */
export class StreamView {
  last = -1
  received = 0
  outOfOrder = 0
  duplicates = 0
  private readonly seen: Uint8Array

  constructor(
    private readonly sendTimes: Float64Array,
    private readonly latencies: Samples,
    private readonly perSeq: { first: Float64Array; last: Float64Array },
  ) {
    this.seen = new Uint8Array(sendTimes.length)
  }

  onSeq(seq: number, t: number): void {
    if (seq < 0 || seq >= this.seen.length) {
      this.outOfOrder++
      return
    }
    if (this.seen[seq]) {
      this.duplicates++
      return
    }
    this.seen[seq] = 1
    this.received++
    if (seq !== this.last + 1) this.outOfOrder++
    if (seq > this.last) this.last = seq
    this.latencies.push(t - this.sendTimes[seq])
    const { first, last } = this.perSeq
    if (!(first[seq] <= t)) first[seq] = t
    if (!(last[seq] >= t)) last[seq] = t
  }
}

/**
 * After a measurement window: keeps waiting (bounded by `maxMs`) until `count()` reaches `want`,
 * so that `lost` counts only what never arrived; returns the final count.
 */
export async function awaitStragglers(count: () => number, want: number, maxMs = 60_000): Promise<number> {
  const end = Date.now() + maxMs
  let got = count()
  while (got < want && Date.now() < end) {
    await sleep(200)
    got = count()
  }
  return got
}

// ---------------------------------------------------------------- statistics

export interface Quantiles {
  count: number
  p50: number | null
  p95: number | null
  p99: number | null
  max: number | null
}

export const r2 = (v: number): number => Math.round(v * 100) / 100

export class Samples {
  private a: Float64Array
  n = 0

  constructor(cap = 1 << 16) {
    this.a = new Float64Array(Math.max(16, cap))
  }

  push(v: number): void {
    if (this.n === this.a.length) {
      const b = new Float64Array(this.a.length * 2)
      b.set(this.a)
      this.a = b
    }
    this.a[this.n++] = v
  }

  /** Nearest-rank quantiles (as the shared harness computes them). */
  summary(): Quantiles {
    const s = this.a.slice(0, this.n).sort()
    const q = (p: number) => (s.length ? r2(s[Math.min(s.length - 1, Math.ceil(p * s.length) - 1)]) : null)
    return { count: s.length, p50: q(0.5), p95: q(0.95), p99: q(0.99), max: s.length ? r2(s[s.length - 1]) : null }
  }
}

/** arrival − send per keystroke, skipping keystrokes nobody received. */
export function perSeqSamples(sendTimes: Float64Array, arrivals: Float64Array): Samples {
  const out = new Samples(sendTimes.length)
  for (let i = 0; i < sendTimes.length; i++) {
    if (arrivals[i] > 0 && arrivals[i] < Infinity) out.push(arrivals[i] - sendTimes[i])
  }
  return out
}

export function median(xs: number[]): number | null {
  const s = [...xs].sort((a, b) => a - b)
  if (!s.length) return null
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2
}

// ---------------------------------------------------------------- /proc readings

const CLK_TCK = 100 // getconf CLK_TCK on Linux x86_64

export interface ProcStats {
  rssMiB: number | null
  hwmMiB: number | null
  cpuS: number | null
}

/** Resident and peak resident memory (VmRSS, VmHWM) and utime+stime of a process. */
export function procStats(pid: number): ProcStats {
  try {
    const status = fs.readFileSync(`/proc/${pid}/status`, 'utf8')
    const kb = (key: string) => Number(new RegExp(`^${key}:\\s+(\\d+) kB`, 'm').exec(status)?.[1])
    const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8')
    const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ') // f[0] is field 3 (state)
    const cpuS = (Number(f[11]) + Number(f[12])) / CLK_TCK // utime + stime, fields 14 and 15
    return { rssMiB: r2(kb('VmRSS') / 1024), hwmMiB: r2(kb('VmHWM') / 1024), cpuS: r2(cpuS) }
  } catch {
    return { rssMiB: null, hwmMiB: null, cpuS: null }
  }
}

export const cpuDelta = (a: ProcStats, b: ProcStats): number | null =>
  a.cpuS === null || b.cpuS === null ? null : r2(b.cpuS - a.cpuS)

interface MachineTicks {
  total: number
  idle: number
  steal: number
}

/** Whole-machine CPU tick counters from /proc/stat (all cores). */
export function machineTicks(): MachineTicks {
  const f = fs.readFileSync('/proc/stat', 'utf8').split('\n')[0].trim().split(/\s+/).slice(1).map(Number)
  const [user, nice, system, idle, iowait, irq, softirq, steal] = f
  return { total: user + nice + system + idle + iowait + irq + softirq + steal, idle: idle + iowait, steal }
}

/** Share of all cores busy between two readings; busy CPU seconds; % stolen by the hypervisor. */
export function machineWindow(a: MachineTicks, b: MachineTicks): { busy_pct: number; busy_cpu_s: number; steal_pct: number } {
  const total = b.total - a.total
  const busy = total - (b.idle - a.idle)
  return {
    busy_pct: Math.round((100 * busy) / total),
    busy_cpu_s: r2(busy / CLK_TCK),
    steal_pct: Math.round((1000 * (b.steal - a.steal)) / total) / 10,
  }
}

/** What one measurement window read: the server's /proc figures, this process's, the machine's. */
export interface WindowReadings {
  /** Deliveries counted when the window closed (after at most 10 s of grace). */
  readonly got: number
  readonly windowS: number
  readonly s0: ProcStats
  readonly s1: ProcStats
  readonly serverLoop: LoopDelay | null
  /** Server CPU seconds in the window, and per delivered update in µs. */
  readonly serverCpuS: number | null
  readonly cpuUsPerDelivery: number | null
  readonly loadCpuS: number
  readonly loadLoopP99Ms: number
  readonly machine: ReturnType<typeof machineWindow> & { other_cpu_s: number }
}

/**
 * Opens a measurement window on `server` (fanout, rooms): call close() when the typing is done;
 * it waits up to 10 s for `received()` to reach `want`, then takes every reading.
 */
export async function openWindow(server: BenchServer): Promise<{ t0: number; close(received: () => number, want: number): Promise<WindowReadings> }> {
  const s0 = procStats(server.pid)
  const cpu0 = process.cpuUsage()
  const m0 = machineTicks()
  const eld = monitorEventLoopDelay({ resolution: 5 })
  eld.enable()
  await server.loopDelayReset()
  const t0 = now()
  return {
    t0,
    async close(received, want) {
      const graceEnd = Date.now() + 10_000
      while (received() < want && Date.now() < graceEnd) await sleep(50)
      const got = received()
      const windowS = (now() - t0) / 1000
      const serverLoop = await server.loopDelayRead()
      eld.disable()
      const cpu1 = process.cpuUsage(cpu0)
      const s1 = procStats(server.pid)
      const mw = machineWindow(m0, machineTicks())
      const loadCpuS = (cpu1.user + cpu1.system) / 1e6
      const serverCpuS = cpuDelta(s0, s1)
      return {
        got,
        windowS,
        s0,
        s1,
        serverLoop,
        serverCpuS,
        cpuUsPerDelivery: got > 0 && serverCpuS !== null ? r2((serverCpuS * 1e6) / got) : null,
        loadCpuS,
        // The histogram's resolution (5 ms) is subtracted, as in the shared harness.
        loadLoopP99Ms: Math.round((eld.percentile(99) / 1e6 - 5) * 10) / 10,
        machine: { ...mw, other_cpu_s: r2(mw.busy_cpu_s - (serverCpuS ?? 0) - loadCpuS) },
      }
    },
  }
}

/** Waits (bounded by `maxS`) until the machine is under 15 % busy over 2 s. */
export async function quietWait(maxS: number): Promise<{ waited_s: number; busy_pct: number }> {
  const until = Date.now() + maxS * 1000
  let waited = 0
  let busy = 100
  for (let i = 0; i < 1000; i++) {
    const a = machineTicks()
    await sleep(2000)
    busy = machineWindow(a, machineTicks()).busy_pct
    if (busy < 15 || Date.now() >= until) break
    waited += 2
  }
  return { waited_s: waited, busy_pct: busy }
}

/** Versions of the libraries that matter, from node_modules. */
export function versions(): Record<string, string | null> {
  const v = (p: string) => {
    try {
      return (JSON.parse(fs.readFileSync(path.join(repoRoot, 'node_modules', p, 'package.json'), 'utf8')) as { version: string }).version
    } catch {
      return null
    }
  }
  return {
    node: process.versions.node,
    yjs: v('yjs'),
    'y-websocket': v('y-websocket'),
    'y-protocols': v('y-protocols'),
    ws: v('ws'),
    'better-sqlite3': v('better-sqlite3'),
    tsx: v('tsx'),
  }
}
