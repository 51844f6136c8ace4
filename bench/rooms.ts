// rooms: M meetings, each with 1 writer and 3 silent viewers; every writer types lightly (one
// character every --interval ms, default 1000, random phase) for --duration s (default 20) into
// its meeting's first decision paragraph. Same method as /work/shared/bench/scenarios/rooms.mjs.
// Ours: M meetings created with POST /api/meetings (bounded concurrency); ref: the template is
// seeded into each room by a client first. Reports latency of every (viewer, keystroke) pair,
// server memory per meeting, and the server's memory after every client has left (our server
// unloads idle rooms after ROOM_IDLE_MS, default 10 s; the reference keeps them).
import * as Y from 'yjs'
import { createMeeting } from '../tests/helpers'
import { MEETING, minutesTemplate, type BenchDocument } from './fanout'
import {
  Samples,
  StreamView,
  awaitStragglers,
  connectMany,
  openWindow,
  decisionText,
  loadClient,
  now,
  procStats,
  r2,
  seqChar,
  sleep,
  startTarget,
  watchText,
  type BenchServer,
  type Target,
} from './harness'

const VIEWERS = 3

export interface RoomsOptions {
  target: Target
  m: number
  durationS: number
  intervalMs: number
  /** Max wait for the server's memory to settle after every client left. */
  leaveWaitS: number
}

/** Runs `fn` over 0..count-1 with at most `concurrency` in flight. */
async function pool(count: number, concurrency: number, fn: (i: number) => Promise<void>): Promise<void> {
  let next = 0
  await Promise.all(
    Array.from({ length: Math.min(concurrency, count) }, async () => {
      while (next < count) await fn(next++)
    }),
  )
}

/** M documents to type into (see prepareDocument): ours via the API, ref/bare seeded by a client. */
async function prepareRooms(server: BenchServer, m: number): Promise<{ docs: BenchDocument[]; seconds: number; seedFailed: number }> {
  const t0 = now()
  const docs: BenchDocument[] = new Array(m)
  let seedFailed = 0
  if (server.kind === 'ours') {
    await pool(m, 8, async (i) => {
      const meeting = await createMeeting(server.url, { ...MEETING, number: `${i + 1}/2023` })
      docs[i] = { docName: meeting.id, writerToken: meeting.tokens['sekretær'], viewerToken: meeting.tokens['medlem'] }
    })
  } else {
    const stamp = Date.now()
    await pool(m, 50, async (i) => {
      const docName = `rooms-${stamp}-${i}`
      const seeder = loadClient(server.wsUrl, docName, { silent: true, syncTimeoutMs: 30_000 })
      try {
        await seeder.synced
        Y.applyUpdate(seeder.doc, minutesTemplate()) // sent to the server right here
        await sleep(50)
      } catch {
        seedFailed++
      } finally {
        seeder.destroy()
      }
      docs[i] = { docName, writerToken: null, viewerToken: null }
    })
  }
  return { docs, seconds: (now() - t0) / 1000, seedFailed }
}

export async function runRooms(o: RoomsOptions): Promise<{ result: Record<string, unknown>; summary: string[] }> {
  const server = await startTarget(o.target)
  try {
    return await measure(server, o)
  } finally {
    await server.stop()
  }
}

async function measure(server: BenchServer, o: RoomsOptions): Promise<{ result: Record<string, unknown>; summary: string[] }> {
  const M = o.m
  const K = Math.floor((o.durationS * 1000) / o.intervalMs)
  const pid = server.pid
  await sleep(300)
  const idleBefore = procStats(pid) // the server as started
  const prepared = await prepareRooms(server, M)
  await sleep(1000)
  const prepared_ = procStats(pid) // ours: M meetings created through the API; ref/bare: M rooms seeded by clients
  // RSS before any sync client: ours after creating the meetings (no room loaded yet), ref/bare
  // before the seeding clients (so that for both, "per meeting" includes the loaded document).
  const idle = server.kind === 'ours' ? prepared_ : idleBefore
  const lat = new Samples(M * VIEWERS * K)
  const sendTimes = Array.from({ length: M }, () => new Float64Array(K).fill(NaN))
  const views: StreamView[] = []
  let watchFailed = 0

  // Client i belongs to room floor(i / 4); the first of each room is its writer.
  const per = VIEWERS + 1
  const conn = await connectMany(M * per, (i) => {
    const r = Math.floor(i / per)
    const isWriter = i % per === 0
    const d = prepared.docs[r]
    const c = loadClient(server.wsUrl, d.docName, { silent: !isWriter, token: isWriter ? d.writerToken : d.viewerToken, syncTimeoutMs: 60_000 })
    if (!isWriter) {
      const v = new StreamView(sendTimes[r], lat, { first: new Float64Array(K), last: new Float64Array(K) })
      views.push(v)
      c.synced.then(
        () => {
          try {
            watchText(decisionText(c.doc), (s, t) => v.onSeq(s, t))
          } catch {
            watchFailed++
          }
        },
        () => undefined,
      )
    }
    return c
  })
  await sleep(2000)
  const connected = procStats(pid)

  const window = await openWindow(server)
  const { t0 } = window
  const writers = Array.from({ length: M }, (_, r) => conn.clients[r * per])
  await Promise.all(
    writers.map(async (w, r) => {
      let text: Y.XmlText
      try {
        text = decisionText(w.doc)
      } catch {
        return // a writer without the template: its viewers' keystrokes count as lost
      }
      const start = t0 + Math.random() * o.intervalMs
      for (let seq = 0; seq < K; seq++) {
        const wait = start + seq * o.intervalMs - now()
        if (wait > 1) await sleep(wait)
        sendTimes[r][seq] = now()
        text.insert(text.length, seqChar(seq))
      }
    }),
  )
  const want = M * VIEWERS * K
  const received = () => views.reduce((a, v) => a + v.received, 0)
  const { got, windowS, s1, serverLoop, serverCpuS, cpuUsPerDelivery, loadCpuS, loadLoopP99Ms, machine } = await window.close(received, want)
  // Stragglers (after every reading of the window): lost = what never arrived, bounded wait.
  const final = await awaitStragglers(received, want)
  const reconnects = conn.clients.reduce((a, c) => a + Math.max(0, (c?.connects ?? 1) - 1), 0)

  // Everyone leaves; wait (bounded) for the server's memory to settle.
  for (const c of conn.clients) c?.destroy()
  const l0 = Date.now()
  let minRss = Infinity
  let lastDropAt = Date.now()
  let left = procStats(pid)
  while (Date.now() - l0 < o.leaveWaitS * 1000) {
    await sleep(1000)
    left = procStats(pid)
    if (left.rssMiB !== null && left.rssMiB < minRss - 0.5) {
      minRss = left.rssMiB
      lastDropAt = Date.now()
    }
    // at least 15 s (our ROOM_IDLE_MS is 10 s), then stop once nothing dropped for 5 s
    if (Date.now() - l0 >= Math.min(15_000, o.leaveWaitS * 1000) && Date.now() - lastDropAt >= 5000) break
  }
  const leftS = (Date.now() - l0) / 1000

  const latency = lat.summary()
  const perMeeting = (a: number | null, b: number | null) => (a === null || b === null ? null : Math.round(((a - b) * 1024) / M))
  const result = {
    target: server.kind,
    m: M,
    clients: M * per,
    duration_s: o.durationS,
    interval_ms: o.intervalMs,
    keystrokes_per_writer: K,
    prepare_s: r2(prepared.seconds),
    seed_failed: prepared.seedFailed,
    clients_synced: M * per - conn.failed,
    watch_failed: watchFailed,
    connect_s: r2(conn.seconds),
    latency_ms: latency,
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
      started_rss_mib: idleBefore.rssMiB,
      prepared_rss_mib: prepared_.rssMiB,
      idle_rss_mib: idle.rssMiB, // before any sync client
      connected_rss_mib: connected.rssMiB,
      end_rss_mib: s1.rssMiB,
      peak_rss_mib: s1.hwmMiB,
      rss_per_meeting_kib: perMeeting(s1.rssMiB, idle.rssMiB), // (end RSS - RSS before any client) / M
      rss_per_meeting_connected_kib: perMeeting(connected.rssMiB, idle.rssMiB), // just before typing
      left_rss_mib: left.rssMiB,
      left_minus_idle_mib: left.rssMiB === null || idle.rssMiB === null ? null : r2(left.rssMiB - idle.rssMiB),
      left_wait_s: r2(leftS),
      cpu_s_window: serverCpuS,
      cpu_us_per_delivery: cpuUsPerDelivery,
      eventloop_delay_ms: serverLoop,
    },
    machine,
    load: {
      cpu_s_window: r2(loadCpuS),
      eventloop_delay_p99_ms: loadLoopP99Ms,
    },
    window_s: r2(windowS),
  }
  const sv = result.server
  const summary = [
    `${server.kind}: M=${M} meetings x (1 writer + ${VIEWERS} viewers) = ${M * per} clients (${result.clients_synced} synced in ${result.connect_s} s; meetings prepared in ${result.prepare_s} s), ${K} keystrokes per writer`,
    `latency ms: p50 ${latency.p50}  p95 ${latency.p95}  p99 ${latency.p99}  max ${latency.max}  (${latency.count} samples); lost ${result.lost} (${result.late_after_window} late after the window), out-of-order ${result.out_of_order}, dup ${result.duplicates}, reconnects ${reconnects}`,
    `server RSS: started ${sv.started_rss_mib}, meetings prepared ${sv.prepared_rss_mib}, idle (before any client) ${sv.idle_rss_mib}, connected ${sv.connected_rss_mib}, end ${sv.end_rss_mib} MiB (${sv.rss_per_meeting_kib} KiB per meeting; ${sv.rss_per_meeting_connected_kib} before typing), peak ${sv.peak_rss_mib}; after all left ${sv.left_rss_mib} MiB (+${sv.left_minus_idle_mib} over idle, after ${sv.left_wait_s} s)`,
    `server CPU ${sv.cpu_s_window} s in ${result.window_s} s (${sv.cpu_us_per_delivery} µs per delivery), loop delay p50 ${serverLoop?.p50_ms} p99 ${serverLoop?.p99_ms} max ${serverLoop?.max_ms} ms; machine ${machine.busy_pct}% busy (${machine.other_cpu_s} s others); load CPU ${result.load.cpu_s_window} s, loop delay p99 ${result.load.eventloop_delay_p99_ms} ms`,
  ]
  return { result, summary }
}
