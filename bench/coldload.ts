// coldload: a big real document (the complete referat of seed 003) uploaded into a meeting by a
// stock client, then fresh clients timed from provider creation to `synced`:
//  (a) memory:  the document is open in the server (the uploading client stays connected, as in
//               the shared harness);
//  (b) restart: the server was stopped (SIGTERM) and started again on the same DATA_DIR, and this
//               is the first client: the document is loaded from SQLite by a cold process. One
//               restart per timed client.
//  (c) unloaded: the last restarted server (ROOM_IDLE_MS=300) after the room was unloaded again:
//               load from SQLite by a warm process.
// Plus the stored bytes, the in-process floor (encode/apply of the same state, no network), and a
// breakdown of a load from storage done in this process with the server's own storage code.
import fs from 'node:fs'
import path from 'node:path'
import { prosemirrorJSONToYXmlFragment } from '@tiptap/y-tiptap'
import Database from 'better-sqlite3'
import * as Y from 'yjs'
import { editMinutes, minutesJSON, tempDataDir, waitFor } from '../tests/helpers'
import { seed003 } from '../tests/fixtures/seed003'
import { MINUTES_FRAGMENT, minutesSchema } from '../shared/schema'
import { DATABASE_FILE, SqliteStorage, loadDocument } from '../server/persistence'
import { prepareDocument } from './fanout'
import { cpuDelta, loadClient, median, now, procStats, r2, sleep, startOurs, type BenchServer } from './harness'


interface Timing {
  median: number | null
  min: number
  max: number
  all: number[]
}

const timing = (xs: number[]): Timing => ({
  median: r2(median(xs) ?? NaN),
  min: r2(Math.min(...xs)),
  max: r2(Math.max(...xs)),
  all: xs.map(r2),
})

/** Bytes of the document's rows in SQLite (updates and snapshot), read-only from the outside. */
function storedBytes(dataDir: string, docName: string): { updates: number; update_bytes: number; snapshot_bytes: number; file_bytes: number } {
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
}

/** One fresh silent client: connect → synced time, and whether it got exactly `expected`. */
async function timedLoad(server: BenchServer, docName: string, token: string, expected: string): Promise<{ ms: number; correct: boolean; stateBytes: number }> {
  const c = loadClient(server.wsUrl, docName, { silent: true, token, syncTimeoutMs: 60_000 })
  try {
    await c.synced
    return {
      ms: c.syncedAt! - c.startedAt,
      correct: JSON.stringify(minutesJSON(c.doc)) === expected,
      stateBytes: Y.encodeStateAsUpdate(c.doc).byteLength,
    }
  } finally {
    c.destroy()
  }
}

/**
 * Where a load from storage spends its time, measured in this process with the server's own
 * SqliteStorage and loadDocument on the (stopped) server's DATA_DIR: first call (cold) and the
 * median of the last 10 of 20 further calls (warm). Also the cost of one durable append of a
 * keystroke-sized update (synchronous = FULL: an fsync per append), the step of our relay path
 * a bare relay does not have: back to back, and one every 50 ms as the fanout writer types (an
 * fsync after a pause costs more on this VM).
 */
async function storageBreakdown(dataDir: string, docName: string): Promise<Record<string, { cold: number; warm: number | null }>> {
  const steps: Record<string, number[]> = {
    read_rows_ms: [],
    load_document_ms: [],
    encode_state_ms: [],
    client_apply_ms: [],
    append_back_to_back_ms: [],
    append_every_50ms_ms: [],
  }
  const storage = new SqliteStorage(dataDir)
  try {
    for (let r = 0; r <= 20; r++) {
      const t0 = now()
      const stored = storage.load(docName)
      const t1 = now()
      if (!stored) throw new Error('nothing stored')
      const loaded = loadDocument(storage, docName)! // the server's load: read the rows again + apply them
      const t2 = now()
      const state = Y.encodeStateAsUpdate(loaded.doc)
      const t3 = now()
      const client = new Y.Doc()
      Y.applyUpdate(client, state)
      const t4 = now()
      steps.read_rows_ms.push(t1 - t0)
      steps.load_document_ms.push(t2 - t1)
      steps.encode_state_ms.push(t3 - t2)
      steps.client_apply_ms.push(t4 - t3)
      loaded.doc.destroy()
      client.destroy()
    }
  } finally {
    storage.close()
  }
  // Durable appends into a scratch database on the same file system (never the server's).
  const scratch = tempDataDir()
  const appendStorage = new SqliteStorage(scratch.dir)
  try {
    const doc = new Y.Doc()
    const text = new Y.XmlText()
    doc.getXmlFragment(MINUTES_FRAGMENT).insert(0, [text])
    let last: Uint8Array = new Uint8Array()
    doc.on('update', (u: Uint8Array) => (last = u))
    for (const [key, gapMs] of [['append_back_to_back_ms', 0], ['append_every_50ms_ms', 50]] as const) {
      for (let r = 0; r <= 20; r++) {
        text.insert(text.length, 'x')
        const t0 = now()
        appendStorage.append('scratch', last)
        steps[key].push(now() - t0)
        if (gapMs) await sleep(gapMs)
      }
    }
  } finally {
    appendStorage.close()
    scratch.remove()
  }
  const warm = (xs: number[]) => r2(median(xs.slice(-10))!)
  return Object.fromEntries(Object.entries(steps).map(([k, xs]) => [k, { cold: r2(xs[0]), warm: warm(xs) }]))
}

export async function runColdload(o: { runs: number }): Promise<{ result: Record<string, unknown>; summary: string[] }> {
  const seedNode = minutesSchema.nodeFromJSON(seed003)
  seedNode.check()
  let nodes = 0
  seedNode.descendants(() => {
    nodes++
  })

  // Floor: the same content as a fresh Y.Doc, encoded and applied in this process.
  const floorDoc = new Y.Doc()
  prosemirrorJSONToYXmlFragment(minutesSchema, seedNode.toJSON(), floorDoc.getXmlFragment(MINUTES_FRAGMENT))
  const encodeMs: number[] = []
  const applyMs: number[] = []
  let floorState: Uint8Array = new Uint8Array()
  for (let r = 0; r < Math.max(5, o.runs); r++) {
    const t0 = now()
    floorState = Y.encodeStateAsUpdate(floorDoc)
    encodeMs.push(now() - t0)
    const d = new Y.Doc()
    const t1 = now()
    Y.applyUpdate(d, floorState)
    d.getXmlFragment(MINUTES_FRAGMENT).toString()
    applyMs.push(now() - t1)
    d.destroy()
  }
  floorDoc.destroy()

  const data = tempDataDir()
  let server: BenchServer | null = null
  try {
    // Upload through one stock client: replace the whole template with the referat.
    server = await startOurs({ dataDir: data.dir })
    const pid = server.pid
    const { docName, writerToken, viewerToken } = await prepareDocument(server)
    const idle = procStats(pid)
    const holder = loadClient(server.wsUrl, docName, { silent: false, token: writerToken })
    await holder.synced
    let uploadBytes = 0
    const onUpdate = (u: Uint8Array) => (uploadBytes += u.byteLength)
    holder.doc.on('update', onUpdate)
    const u0 = now()
    editMinutes(holder.doc, (tr, doc) => {
      tr.replaceWith(0, doc.content.size, seedNode.content)
    })
    holder.doc.off('update', onUpdate)
    const expected = JSON.stringify(minutesJSON(holder.doc))
    const holderMatchesSeed = expected === JSON.stringify(seedNode.toJSON())
    // The server has it once a fresh client receives exactly the holder's minutes (bounded).
    await waitFor(
      async () => (await timedLoad(server!, docName, viewerToken!, expected)).correct,
      60_000,
      'the server to hold the uploaded referat',
    )
    const uploadS = (now() - u0) / 1000
    await sleep(1000)
    const loaded = procStats(pid)

    // (a) from memory, the holder still connected.
    const memMs: number[] = []
    let correct = 0
    let stateBytes = 0
    for (let r = 0; r < o.runs; r++) {
      const l = await timedLoad(server, docName, viewerToken!, expected)
      memMs.push(l.ms)
      if (l.correct) correct++
      stateBytes = l.stateBytes
      await sleep(300)
    }
    const afterLoads = procStats(pid)
    const storedLive = storedBytes(data.dir, docName)
    holder.destroy()
    await server.stop()
    server = null
    const storedAfterShutdown = storedBytes(data.dir, docName)

    // (b) first client after a restart, one restart per client; (c) warm process, room unloaded.
    const restartMs: number[] = []
    const startS: number[] = []
    const unloadedMs: number[] = []
    let restartPeak: number | null = null
    for (let r = 0; r < o.runs; r++) {
      server = await startOurs({ dataDir: data.dir, env: { ROOM_IDLE_MS: '300' } })
      startS.push(server.startS)
      await sleep(300)
      const l = await timedLoad(server, docName, viewerToken!, expected)
      restartMs.push(l.ms)
      if (l.correct) correct++
      if (r === o.runs - 1) {
        for (let k = 0; k < o.runs; k++) {
          await sleep(1000) // > ROOM_IDLE_MS: the room is unloaded (compacted, nothing to write)
          const w = await timedLoad(server, docName, viewerToken!, expected)
          unloadedMs.push(w.ms)
          if (w.correct) correct++
        }
        restartPeak = procStats(server.pid).hwmMiB
      }
      await server.stop()
      server = null
    }

    const breakdown = await storageBreakdown(data.dir, docName)

    const result = {
      document: {
        source: 'tests/fixtures/seed003.ts',
        text_chars: seedNode.textContent.length,
        nodes,
        upload_update_bytes: uploadBytes,
        holder_matches_seed: holderMatchesSeed,
      },
      runs: o.runs,
      memory_connect_to_synced_ms: timing(memMs),
      restart_connect_to_synced_ms: timing(restartMs),
      unloaded_connect_to_synced_ms: timing(unloadedMs),
      loads: o.runs * 3,
      loads_correct: correct,
      state_bytes: stateBytes,
      stored: { live: storedLive, after_shutdown: storedAfterShutdown },
      upload: { until_server_has_all_s: r2(uploadS) },
      floor: {
        encode_ms: r2(median(encodeMs)!),
        apply_ms: r2(median(applyMs)!),
        state_bytes: floorState.byteLength,
      },
      storage_breakdown_in_process: breakdown,
      server: {
        start_s: timing(startS),
        idle_rss_mib: idle.rssMiB,
        loaded_rss_mib: loaded.rssMiB,
        peak_rss_mib: afterLoads.hwmMiB,
        restarted_peak_rss_mib: restartPeak,
        cpu_s_upload: cpuDelta(idle, loaded),
        cpu_s_memory_loads: cpuDelta(loaded, afterLoads),
      },
    }
    const summary = [
      `seed003: ${result.document.text_chars} chars, ${nodes} nodes; upload update ${uploadBytes} bytes, server had it after ${result.upload.until_server_has_all_s} s; state ${stateBytes} bytes (fresh-doc floor ${floorState.byteLength})`,
      `connect->synced ms (median of ${o.runs}): memory ${result.memory_connect_to_synced_ms.median} [${result.memory_connect_to_synced_ms.min}-${result.memory_connect_to_synced_ms.max}], first after restart ${result.restart_connect_to_synced_ms.median} [${result.restart_connect_to_synced_ms.min}-${result.restart_connect_to_synced_ms.max}], unloaded room ${result.unloaded_connect_to_synced_ms.median} [${result.unloaded_connect_to_synced_ms.min}-${result.unloaded_connect_to_synced_ms.max}]; ${correct}/${result.loads} identical`,
      `stored: live ${storedLive.updates} updates ${storedLive.update_bytes} B + snapshot ${storedLive.snapshot_bytes} B; after shutdown ${storedAfterShutdown.updates} updates ${storedAfterShutdown.update_bytes} B + snapshot ${storedAfterShutdown.snapshot_bytes} B; file ${storedAfterShutdown.file_bytes} B`,
      `load from storage, in process (cold/warm ms): ${Object.entries(breakdown).map(([k, v]) => `${k} ${v.cold}/${v.warm}`).join(', ')}`,
      `floor (in process): encode ${result.floor.encode_ms} ms, apply ${result.floor.apply_ms} ms; server start ${result.server.start_s.median} s; server RSS idle ${idle.rssMiB} MiB, with doc ${loaded.rssMiB} MiB, peak ${afterLoads.hwmMiB} MiB`,
    ]
    return { result, summary }
  } finally {
    if (server) await server.stop()
    data.remove()
  }
}
