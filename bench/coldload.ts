// coldload + upload: the automerge-paper editing trace (/work/shared/data/automerge-paper.json.gz,
// 259,778 edits) is the document. Same method as /work/shared/bench/scenarios/coldload.mjs, but
// in the minutes document: the trace is replayed into the Y.XmlText of the first decision
// paragraph of the meeting template (its template sentence deleted first), one Yjs transaction
// per trace transaction.
//  floor:   in this process, replay the trace, encode the full state, Y.applyUpdate it into a
//           fresh doc (decode time). No network.
//  upload:  one client (the holder; for ours the sekretær) replays the trace into the server, one
//           update message per trace transaction, yielding to the event loop every 1000; timed
//           until a fresh probe client receives the full text (bounded wait), server CPU meanwhile.
//  memory:  --runs fresh clients, one after another, timed from provider creation to `synced`,
//           each checked against the trace's endContent; the holder stays connected.
//  restart: ours only: SIGTERM, start again on the same DATA_DIR, the first client is the timed
//           one; one restart per timed load.
import fs from 'node:fs'
import path from 'node:path'
import zlib from 'node:zlib'
import Database from 'better-sqlite3'
import * as Y from 'yjs'
import { tempDataDir } from '../tests/helpers'
import { DATABASE_FILE } from '../server/persistence'
import { minutesTemplate, prepareDocument } from './fanout'
import {
  cpuDelta,
  decisionText,
  loadClient,
  median,
  now,
  procStats,
  r2,
  sleep,
  startOurs,
  startTarget,
  type BenchServer,
  type LoopDelay,
  type Target,
} from './harness'

export const TRACE_FILE = '/work/shared/data/automerge-paper.json.gz'

interface Trace {
  endContent: string
  txns: { patches: [number, number, string][] }[]
}

let traceCache: Trace | null = null
export function readTrace(file = TRACE_FILE): Trace {
  traceCache ??= JSON.parse(zlib.gunzipSync(fs.readFileSync(file)).toString('utf8')) as Trace
  return traceCache
}

function applyTxn(text: Y.XmlText, patches: [number, number, string][]): void {
  for (const [pos, del, ins] of patches) {
    if (del > 0) text.delete(pos, del)
    if (ins) text.insert(pos, ins)
  }
}

/** The plain text of a Y.XmlText (no formatting in the trace). */
export const plainText = (text: Y.XmlText): string =>
  (text.toDelta() as { insert: unknown }[]).map((d) => (typeof d.insert === 'string' ? d.insert : '')).join('')

/** Replays `txns` into the doc's decision paragraph, after deleting its template sentence. */
async function replay(doc: Y.Doc, txns: Trace['txns'], yieldEvery: number): Promise<void> {
  const text = decisionText(doc)
  doc.transact(() => text.delete(0, text.length))
  for (let i = 0; i < txns.length; i++) {
    doc.transact(() => applyTxn(text, txns[i].patches))
    if (yieldEvery && i % yieldEvery === yieldEvery - 1) await new Promise((resolve) => setImmediate(resolve))
  }
}

interface Timing {
  median: number | null
  min: number | null
  max: number | null
  all: number[]
}
const timing = (xs: number[]): Timing => ({
  median: xs.length ? r2(median(xs)!) : null,
  min: xs.length ? r2(Math.min(...xs)) : null,
  max: xs.length ? r2(Math.max(...xs)) : null,
  all: xs.map(r2),
})

const floorCache = new Map<number, { expected: string; floor: Record<string, unknown> }>()

/**
 * The in-process floor for the (prefix of the) trace; also the expected text. Computed once per
 * prefix length (both targets get the same figures); encode/decode are the median of the runs
 * after one warm-up.
 */
export async function traceFloor(txnCount: number, runs: number): Promise<{ expected: string; floor: Record<string, unknown> }> {
  const cached = floorCache.get(txnCount)
  if (cached) return cached
  const computed = await computeFloor(txnCount, runs)
  floorCache.set(txnCount, computed)
  return computed
}

async function computeFloor(txnCount: number, runs: number): Promise<{ expected: string; floor: Record<string, unknown> }> {
  const trace = readTrace()
  const txns = trace.txns.slice(0, txnCount)
  const doc = new Y.Doc()
  Y.applyUpdate(doc, minutesTemplate())
  const t0 = now()
  await replay(doc, txns, 0)
  const replayMs = now() - t0
  const expected = plainText(decisionText(doc))
  if (txnCount >= trace.txns.length && expected !== trace.endContent) throw new Error('local replay does not reproduce endContent')
  const encodeMs: number[] = []
  const decodeMs: number[] = []
  let state: Uint8Array = new Uint8Array()
  for (let r = 0; r <= Math.max(5, runs); r++) {
    const e0 = now()
    state = Y.encodeStateAsUpdate(doc)
    const d = new Y.Doc()
    const d0 = now()
    Y.applyUpdate(d, state)
    if (r > 0) {
      encodeMs.push(d0 - e0)
      decodeMs.push(now() - d0)
    }
    if (r === 0 && plainText(decisionText(d)) !== expected) throw new Error('decoded state differs from the replay')
    d.destroy()
  }
  doc.destroy()
  return {
    expected,
    floor: {
      txns: txns.length,
      end_chars: expected.length,
      replay_ms: r2(replayMs),
      encode_ms: r2(median(encodeMs)!),
      decode_ms: r2(median(decodeMs)!), // Y.applyUpdate of the full state into a fresh doc, warm
      decode_ms_all: decodeMs.map(r2),
      state_bytes: state.byteLength,
    },
  }
}

/** One fresh silent client: connect → synced, and whether it holds exactly `expected`. */
async function timedLoad(server: BenchServer, docName: string, token: string | null, expected: string): Promise<{ ms: number; correct: boolean; stateBytes: number }> {
  const c = loadClient(server.wsUrl, docName, { silent: true, token, syncTimeoutMs: 60_000 })
  try {
    await c.synced
    const ms = c.syncedAt! - c.startedAt
    let correct = false
    try {
      correct = plainText(decisionText(c.doc)) === expected
    } catch {
      correct = false
    }
    return { ms, correct, stateBytes: Y.encodeStateAsUpdate(c.doc).byteLength }
  } finally {
    c.destroy()
  }
}

/** Bytes of the document's rows in our SQLite file, read-only from the outside (null if the schema differs). */
function storedBytes(dataDir: string, docName: string): Record<string, number> | null {
  try {
    const file = path.join(dataDir, DATABASE_FILE)
    const db = new Database(file, { readonly: true, fileMustExist: true })
    try {
      const u = db.prepare('SELECT COUNT(*) AS n, COALESCE(SUM(LENGTH(data)), 0) AS b FROM updates WHERE doc = ?').get(docName) as { n: number; b: number }
      const s = db.prepare('SELECT COALESCE(SUM(LENGTH(data)), 0) AS b FROM snapshots WHERE doc = ?').get(docName) as { b: number }
      const size = (f: string) => (fs.existsSync(f) ? fs.statSync(f).size : 0)
      return { updates: u.n, update_bytes: u.b, snapshot_bytes: s.b, file_bytes: size(file) + size(`${file}-wal`) }
    } finally {
      db.close()
    }
  } catch {
    return null
  }
}

export interface TraceOptions {
  target: Target
  runs: number
  /** Trace transactions to replay (a prefix for quick runs). */
  txns: number
  /** Bound on the wait until the server holds the whole upload. */
  uploadMaxS: number
}

type Out = { result: Record<string, unknown>; summary: string[] }

/**
 * The upload replays 259,778 update messages through one connection as fast as it can: exactly
 * what the per-connection rate limits (issue 10, docs/THREAT_MODEL.md) stop. This measures how fast
 * the server stores and serves such a document, so our server runs it with the limits raised, as an
 * operator would for a bulk import. (A client coming back after an outage sends its backlog as one
 * sync message, which the limits let through.)
 */
const UPLOAD_ENV: Record<string, string> = {
  RATE_UPDATES_PER_S: '1000000',
  RATE_UPDATES_BURST: '1000000',
  RATE_BYTES_PER_S: String(2 ** 40),
  FLOOD_CLOSE_AFTER_MS: '600000',
}

/** Runs upload and coldload against one target; returns both scenario lines. */
export async function runTrace(o: TraceOptions): Promise<{ upload: Out; coldload: Out }> {
  const { expected, floor } = await traceFloor(o.txns, o.runs)
  const txns = readTrace().txns.slice(0, o.txns)
  const data = o.target === 'ours' ? tempDataDir() : null
  let server: BenchServer | null = o.target === 'ours' ? await startOurs({ dataDir: data!.dir, env: UPLOAD_ENV }) : await startTarget(o.target)
  try {
    const pid = server.pid
    const doc = await prepareDocument(server)
    await sleep(300)
    const idle = procStats(pid)

    // Upload.
    const holder = loadClient(server.wsUrl, doc.docName, { silent: false, token: doc.writerToken, syncTimeoutMs: 30_000 })
    await holder.synced
    await server.loopDelayReset()
    const u0 = now()
    await replay(holder.doc, txns, 1000)
    const sentS = (now() - u0) / 1000
    let uploaded = false
    let probes = 0
    const deadline = Date.now() + o.uploadMaxS * 1000
    while (!uploaded && Date.now() < deadline) {
      probes++
      const p = loadClient(server.wsUrl, doc.docName, { silent: true, token: doc.viewerToken, syncTimeoutMs: Math.max(1000, Math.min(60_000, deadline - Date.now())) })
      try {
        await p.synced
        uploaded = plainText(decisionText(p.doc)) === expected
      } catch {
        uploaded = false
      }
      p.destroy()
      if (!uploaded) await sleep(500)
    }
    const uploadS = (now() - u0) / 1000
    const uploadLoop: LoopDelay | null = await server.loopDelayRead()
    const afterUpload = procStats(pid)
    const holderCorrect = plainText(decisionText(holder.doc)) === expected
    const upload = {
      target: o.target,
      txns: txns.length,
      end_chars: expected.length,
      messages: txns.length + 1,
      completed: uploaded,
      holder_correct: holderCorrect,
      lost: uploaded ? 0 : 1, // 1 = the server never held the whole document within the bound
      sent_s: r2(sentS),
      until_server_has_all_s: uploaded ? r2(uploadS) : null,
      bound_s: o.uploadMaxS,
      probes,
      server: {
        pid,
        start_s: r2(server.startS),
        idle_rss_mib: idle.rssMiB,
        rss_after_mib: afterUpload.rssMiB,
        peak_rss_mib: afterUpload.hwmMiB,
        cpu_s: cpuDelta(idle, afterUpload),
        eventloop_delay_ms: uploadLoop,
      },
    }
    const uploadSummary = [
      `${o.target}: ${txns.length} updates (${expected.length} chars) sent in ${upload.sent_s} s; server held all after ${upload.until_server_has_all_s ?? `NOT within ${o.uploadMaxS}`} s; server CPU ${upload.server.cpu_s} s, RSS ${idle.rssMiB} -> ${afterUpload.rssMiB} MiB, loop delay p99 ${uploadLoop?.p99_ms} max ${uploadLoop?.max_ms} ms`,
    ]

    // Loads from memory, holder connected.
    await sleep(1000)
    const memMs: number[] = []
    let correct = 0
    let loads = 0
    let stateBytes: number | null = null
    const c0 = procStats(pid)
    await server.loopDelayReset()
    if (uploaded) {
      for (let r = 0; r < o.runs; r++) {
        const l = await timedLoad(server, doc.docName, doc.viewerToken, expected)
        loads++
        memMs.push(l.ms)
        if (l.correct) correct++
        stateBytes = l.stateBytes
        await sleep(300)
      }
    }
    const loadLoop = await server.loopDelayRead()
    const c1 = procStats(pid)
    holder.destroy()

    // Ours: first load after a restart, one restart per timed load.
    const restartMs: number[] = []
    const startS: number[] = []
    let storedLive: Record<string, number> | null = null
    let storedAfter: Record<string, number> | null = null
    if (o.target === 'ours' && uploaded) {
      storedLive = storedBytes(data!.dir, doc.docName)
      for (let r = 0; r < o.runs; r++) {
        await server.stop()
        server = null
        if (r === 0) storedAfter = storedBytes(data!.dir, doc.docName)
        server = await startOurs({ dataDir: data!.dir })
        startS.push(server.startS)
        await sleep(300)
        const l = await timedLoad(server, doc.docName, doc.viewerToken, expected)
        loads++
        restartMs.push(l.ms)
        if (l.correct) correct++
      }
    }
    const coldload = {
      target: o.target,
      runs: o.runs,
      txns: txns.length,
      end_chars: expected.length,
      memory_connect_to_synced_ms: timing(memMs),
      restart_connect_to_synced_ms: o.target === 'ours' ? timing(restartMs) : null,
      loads,
      loads_correct: correct,
      state_bytes: stateBytes,
      floor,
      stored: o.target === 'ours' ? { live: storedLive, after_shutdown: storedAfter } : null,
      server: {
        pid,
        loaded_rss_mib: c0.rssMiB,
        peak_rss_mib: c1.hwmMiB,
        cpu_s_memory_loads: cpuDelta(c0, c1),
        eventloop_delay_ms_memory_loads: loadLoop,
        restart_start_s: o.target === 'ours' ? timing(startS) : null,
      },
    }
    const t = coldload.memory_connect_to_synced_ms
    const tr = coldload.restart_connect_to_synced_ms
    const coldSummary = [
      `${o.target}: ${txns.length} txns -> ${expected.length} chars; state ${stateBytes} B (floor ${floor.state_bytes as number} B); ${correct}/${loads} loads identical`,
      `connect->synced ms (median of ${o.runs}): memory ${t.median} [${t.min}-${t.max}]${tr ? `, first after restart ${tr.median} [${tr.min}-${tr.max}]` : ''}; floor (in process) decode ${floor.decode_ms as number} ms, encode ${floor.encode_ms as number} ms`,
    ]
    if (!uploaded) coldSummary.push('no loads: the upload never completed')
    return { upload: { result: upload, summary: uploadSummary }, coldload: { result: coldload, summary: coldSummary } }
  } finally {
    if (server) await server.stop()
    data?.remove()
  }
}
