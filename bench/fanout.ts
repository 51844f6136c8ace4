// fanout: one meeting, N silent viewers + 1 writer. After a 1 s pause the writer appends one
// character every `intervalMs` for `durationS` into the Y.XmlText of the first decision paragraph;
// each character's code point carries its sequence number, every viewer records when it sees it.
// Same method as /work/shared/bench/scenarios/fanout.mjs, but in the minutes document.
import * as Y from 'yjs'
import { createMeeting, waitFor, withTimeout } from '../tests/helpers'
import { initialMinutesUpdate } from '../server/rooms/initialDocument'
import { parseMeetingInfo } from '../shared/minutes'
import {
  Samples,
  StreamView,
  awaitStragglers,
  connectMany,
  openWindow,
  decisionText,
  loadClient,
  now,
  perSeqSamples,
  procStats,
  r2,
  seqChar,
  sleep,
  startOurs,
  startTarget,
  watchText,
  type BenchServer,
  type Target,
} from './harness'

/** The meeting every scenario creates (the example of the task). */
export const MEETING = {
  organ: 'Nasjonalt e-helseråd',
  title: '',
  number: '3/2023',
  date: '2023-10-04',
  time: '',
  place: '',
  firstAgendaNumber: 17,
}

export interface FanoutOptions {
  target: Target
  n: number
  durationS: number
  intervalMs: number
  /** Extra environment for our server (e.g. NODE_OPTIONS=--cpu-prof when looking for where time goes). */
  serverEnv?: Record<string, string>
}

/** Where the clients connect, and with which tokens (null for the bare relay). */
export interface BenchDocument {
  readonly docName: string
  /** A role that may write the minutes (sekretær). */
  readonly writerToken: string | null
  /** A read-only role (medlem): the meeting members who watch the minutes appear. */
  readonly viewerToken: string | null
}

let templateUpdate: Uint8Array | null = null
/** The minutes template of MEETING as one Yjs update (what our server writes on POST /api/meetings). */
export function minutesTemplate(): Uint8Array {
  templateUpdate ??= initialMinutesUpdate(parseMeetingInfo(MEETING))
  return templateUpdate
}

let docCounter = 0
/**
 * A document to type into. Ours: `POST /api/meetings` with the admin credential (the server writes
 * the template and returns role tokens). Ref/bare: the same template update, uploaded by a seeding
 * client, so both servers hold the same shape.
 */
export async function prepareDocument(server: BenchServer): Promise<BenchDocument> {
  if (server.kind === 'ours') {
    const meeting = await createMeeting(server.url, MEETING)
    return { docName: meeting.id, writerToken: meeting.tokens['sekretær'], viewerToken: meeting.tokens['medlem'] }
  }
  const docName = `bench-${Date.now()}-${docCounter++}`
  const seeder = loadClient(server.wsUrl, docName, { silent: true })
  Y.applyUpdate(seeder.doc, minutesTemplate())
  await seeder.synced
  // The relay has it once a fresh client receives it (bounded).
  await waitFor(
    async () => {
      const probe = loadClient(server.wsUrl, docName, { silent: true, syncTimeoutMs: 5000 })
      try {
        await probe.synced
        return decisionText(probe.doc).length > 0
      } finally {
        probe.destroy()
      }
    },
    10_000,
    `the ${server.kind} server to hold the seeded minutes`,
  )
  seeder.destroy()
  return { docName, writerToken: null, viewerToken: null }
}

export async function runFanout(o: FanoutOptions): Promise<{ result: Record<string, unknown>; summary: string[] }> {
  const server = o.target === 'ours' ? await startOurs({ env: o.serverEnv }) : await startTarget(o.target)
  try {
    return await measure(server, o)
  } finally {
    await server.stop()
  }
}

/**
 * One fanout measurement on a running server: the writer on `server` (whose process is measured),
 * the viewers on `viewers` (another node of the same cluster for the several-node figure).
 */
export async function measureFanout(
  server: BenchServer,
  o: Omit<FanoutOptions, 'target'>,
  viewers: BenchServer = server,
): Promise<{ result: Record<string, unknown>; summary: string[] }> {
  return measure(server, o, viewers)
}

async function measure(server: BenchServer, o: Omit<FanoutOptions, 'target'>, viewers: BenchServer = server): Promise<{ result: Record<string, unknown>; summary: string[] }> {
  const N = o.n
  const K = Math.floor((o.durationS * 1000) / o.intervalMs)
  const pid = server.pid
  const { docName, writerToken, viewerToken } = await prepareDocument(server)
  const sendTimes = new Float64Array(K).fill(NaN)
  const lat = new Samples(N * K)
  const perSeq = { first: new Float64Array(K).fill(Infinity), last: new Float64Array(K) }
  const views: StreamView[] = []
  await sleep(300)
  const idle = procStats(pid)

  // Viewers first (silent), each observing its own copy of the decision paragraph's text.
  const conn = await connectMany(N, () => {
    const c = loadClient(viewers.wsUrl, docName, { silent: true, token: viewerToken })
    const v = new StreamView(sendTimes, lat, perSeq)
    views.push(v)
    c.synced.then(
      () => watchText(decisionText(c.doc), (s, t) => v.onSeq(s, t)),
      () => undefined,
    )
    return c
  })
  const writer = loadClient(server.wsUrl, docName, { silent: false, token: writerToken })
  await withTimeout(writer.synced, 30_000, 'writer sync')
  await sleep(1000) // let join traffic drain
  const connected = procStats(pid)

  // Typing.
  const text = decisionText(writer.doc)
  const window = await openWindow(server)
  const { t0 } = window
  let lateMs = 0
  for (let seq = 0; seq < K; seq++) {
    const wait = t0 + seq * o.intervalMs - now()
    if (wait > 1) await sleep(wait)
    else lateMs = Math.max(lateMs, -wait)
    sendTimes[seq] = now()
    text.insert(text.length, seqChar(seq)) // the provider sends the update synchronously in here
  }
  const typingS = (now() - t0) / 1000
  // Grace: until every viewer has every keystroke, at most 10 s.
  const want = N * K
  const received = () => views.reduce((a, v) => a + v.received, 0)
  const { got, windowS, s1, serverLoop, serverCpuS, cpuUsPerDelivery, loadCpuS, loadLoopP99Ms, machine } = await window.close(received, want)

  // Stragglers (after every reading of the window): lost = what never arrived, bounded wait.
  const final = await awaitStragglers(received, want)
  const all = [...conn.clients, writer]
  const reconnects = all.reduce((a, c) => a + Math.max(0, c.connects - 1), 0)
  for (const c of all) c.destroy()

  const latency = lat.summary()
  const firstViewer = perSeqSamples(sendTimes, perSeq.first).summary()
  const lastViewer = perSeqSamples(sendTimes, perSeq.last).summary()
  const result = {
    target: server.kind,
    n: N,
    duration_s: o.durationS,
    interval_ms: o.intervalMs,
    keystrokes: K,
    viewers_synced: N - conn.failed,
    connect_s: r2(conn.seconds),
    latency_ms: latency,
    first_viewer_ms: firstViewer,
    last_viewer_ms: lastViewer,
    deliveries_expected: want,
    deliveries_in_window: got,
    late_after_window: final - got,
    lost: want - final,
    out_of_order: views.reduce((a, v) => a + v.outOfOrder, 0),
    duplicates: views.reduce((a, v) => a + v.duplicates, 0),
    reconnects,
    server: {
      pid,
      start_s: r2(server.startS),
      idle_rss_mib: idle.rssMiB,
      connected_rss_mib: connected.rssMiB,
      peak_rss_mib: s1.hwmMiB,
      cpu_s_window: serverCpuS,
      cpu_s_total: s1.cpuS,
      // server CPU per delivered update (one keystroke to one viewer), µs
      cpu_us_per_delivery: cpuUsPerDelivery,
      eventloop_delay_ms: serverLoop,
    },
    machine,
    load: {
      cpu_s_window: r2(loadCpuS),
      eventloop_delay_p99_ms: loadLoopP99Ms,
      writer_max_late_ms: Math.round(lateMs * 10) / 10,
    },
    typing_s: r2(typingS),
    window_s: r2(windowS),
  }
  const summary = [
    `${server.kind}: N=${N} viewers (${result.viewers_synced} synced in ${result.connect_s} s), ${K} keystrokes over ${o.durationS} s`,
    `keystroke->viewer ms: p50 ${latency.p50}  p95 ${latency.p95}  p99 ${latency.p99}  max ${latency.max}  (${latency.count} samples)`,
    `per keystroke: first viewer p50 ${firstViewer.p50} p99 ${firstViewer.p99}; last viewer p50 ${lastViewer.p50} p99 ${lastViewer.p99}`,
    `lost ${result.lost} (${result.late_after_window} late after the window), out-of-order ${result.out_of_order}, duplicates ${result.duplicates}, reconnects ${reconnects}; machine ${machine.busy_pct}% busy (${machine.other_cpu_s} CPU s by other processes), ${machine.steal_pct}% stolen`,
    `server: peak RSS ${s1.hwmMiB} MiB, CPU ${result.server.cpu_s_window} s in the ${result.window_s} s window (${result.server.cpu_us_per_delivery} µs per delivery), event-loop delay p50 ${serverLoop?.p50_ms} p99 ${serverLoop?.p99_ms} max ${serverLoop?.max_ms} ms`,
    `load process CPU ${result.load.cpu_s_window} s, event-loop delay p99 ${result.load.eventloop_delay_p99_ms} ms`,
  ]
  return { result, summary }
}
