// Issue 10: a writer flooding updates and presence for 30 s next to an honest secretary and
// viewers. The server runs as a child process (its memory is read from /proc); the honest people
// are stock y-websocket clients, the flooder a raw socket that reconnects each time it is closed.
// Latency is recorded as figures and compared only as a ratio to the same run's quiet phase.
import fs from 'node:fs'
import * as Y from 'yjs'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { CLOSE } from '../../shared/protocol'
import { MINUTES_FRAGMENT } from '../../shared/schema'
import {
  appendText,
  awarenessEntryMessage,
  connectClient,
  createMeeting,
  mintToken,
  rawConnect,
  rawSync,
  spawnServer,
  tempDataDir,
  textInside,
  updateMessage,
  waitFor,
  type RawClient,
  type SpawnedServer,
  type TestClient,
} from '../helpers'

const QUIET_MS = 5000
const FLOOD_MS = 30_000
const TYPING_INTERVAL_MS = 200

/** Resident memory of a process, in MiB. */
function rssMiB(pid: number): number {
  const match = /VmRSS:\s+(\d+) kB/.exec(fs.readFileSync(`/proc/${pid}/status`, 'utf8'))
  if (!match) throw new Error(`no VmRSS for ${pid}`)
  return Number(match[1]) / 1024
}

const percentile = (values: number[], p: number) => {
  const sorted = [...values].sort((a, b) => a - b)
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]
}

describe('a writer flooding for 30 s', () => {
  let server: SpawnedServer
  const data = tempDataDir()
  const clients: TestClient[] = []

  beforeAll(async () => {
    server = await spawnServer(data.dir)
  })
  afterAll(async () => {
    for (const client of clients) client.destroy()
    await server?.kill9()
    data.remove()
  })

  it('is slowed and closed; the honest secretary’s keystrokes reach every viewer, nobody honest is disconnected, memory stays bounded', { timeout: 90_000 }, async () => {
    const meeting = await createMeeting(server.url)
    const flooderToken = (await mintToken(server.url, meeting.id, { role: 'sekretær', name: 'Flom' })).token
    const connect = (token: string) => {
      const client = connectClient(server.wsUrl, meeting.id, { token })
      clients.push(client)
      return client
    }
    const secretary = connect(meeting.tokens.sekretær)
    const viewers = [connect(meeting.tokens.observatør), connect(meeting.tokens.observatør), connect(meeting.tokens.medlem)]
    await Promise.all(clients.map((c) => c.synced))
    const honestCloses: number[] = []
    for (const client of clients) client.provider.on('connection-close', (e: CloseEvent | null) => honestCloses.push(e?.code ?? 0))

    appendText(secretary.doc, 'meetingPlace', 'S')
    const place = textInside(secretary.doc, 'meetingPlace')
    for (const viewer of viewers) await waitFor(() => viewer.doc.getXmlFragment(MINUTES_FRAGMENT).toString().includes('>S<'), 5000, 'the first keystroke')

    // Each keystroke makes the text one character longer: a viewer that reaches length n got keystroke n.
    const sentAt = new Map<number, { at: number; phase: 'quiet' | 'flood' }>()
    const latencies = { quiet: [] as number[], flood: [] as number[] }
    for (const viewer of viewers) {
      let seen = 1
      let text: Y.XmlText | null = null
      viewer.doc.on('update', () => {
        text ??= textInside(viewer.doc, 'meetingPlace')
        const now = performance.now()
        for (; seen < text.length; seen++) {
          const sent = sentAt.get(seen + 1)
          if (sent) latencies[sent.phase].push(now - sent.at)
        }
      })
    }
    let phase: 'quiet' | 'flood' = 'quiet'
    const typing = setInterval(() => {
      place.insert(place.length, 'a')
      sentAt.set(place.length, { at: performance.now(), phase })
    }, TYPING_INTERVAL_MS)

    try {
      await new Promise((resolve) => setTimeout(resolve, QUIET_MS))
      const rssBefore = rssMiB(server.child.pid!)
      let rssMax = rssBefore
      phase = 'flood'
      const floodCloses: number[] = []
      let connections = 0
      const started = performance.now()
      let clock = 0
      while (performance.now() - started < FLOOD_MS) {
        let hostile: RawClient
        try {
          hostile = await rawConnect(server.wsUrl, meeting.id, { token: flooderToken })
        } catch {
          await new Promise((resolve) => setTimeout(resolve, 100))
          continue
        }
        connections++
        // The server's closes only: the one still open when the flood's time is up is ended here (1006).
        let endedHere = false
        void hostile.closed.then(({ code }) => {
          if (!endedHere) floodCloses.push(code)
        })
        const doc = new Y.Doc()
        await rawSync(hostile, doc).catch(() => undefined)
        doc.on('update', (u: Uint8Array) => {
          if (hostile.ws.readyState === hostile.ws.OPEN) hostile.send(updateMessage(u))
        })
        appendText(doc, 'meetingTitle', 'x')
        const target = textInside(doc, 'meetingTitle')
        // ~6,000 updates and ~6,000 presence messages a second while the socket is open.
        while (hostile.ws.readyState === hostile.ws.OPEN && performance.now() - started < FLOOD_MS) {
          for (let i = 0; i < 60; i++) {
            target.insert(target.length, 'x')
            hostile.send(awarenessEntryMessage(doc.clientID, ++clock, { user: { name: 'Flom' }, cursor: { anchor: clock } }))
          }
          rssMax = Math.max(rssMax, rssMiB(server.child.pid!))
          await new Promise((resolve) => setTimeout(resolve, 10))
        }
        endedHere = hostile.ws.readyState === hostile.ws.OPEN
        hostile.ws.terminate()
        doc.destroy()
      }
      phase = 'quiet'
      clearInterval(typing)
      const typed = place.length
      for (const viewer of viewers) {
        await waitFor(() => textInside(viewer.doc, 'meetingPlace').length === typed, 15_000, 'every keystroke at every viewer')
      }
      const rssAfter = rssMiB(server.child.pid!)
      const figures = {
        flooderConnections: connections,
        flooderCloses: floodCloses.length,
        quiet: { n: latencies.quiet.length, p50: percentile(latencies.quiet, 50), p95: percentile(latencies.quiet, 95), p99: percentile(latencies.quiet, 99) },
        flood: { n: latencies.flood.length, p50: percentile(latencies.flood, 50), p95: percentile(latencies.flood, 95), p99: percentile(latencies.flood, 99) },
        rssMiB: { before: Math.round(rssBefore), max: Math.round(rssMax), after: Math.round(rssAfter) },
      }
      console.log(`flood figures: ${JSON.stringify(figures)}`)

      expect(honestCloses).toEqual([])
      expect(floodCloses.length).toBeGreaterThan(0)
      expect(new Set(floodCloses)).toEqual(new Set([CLOSE.rateLimited.code]))
      expect(latencies.flood.length).toBeGreaterThan(((FLOOD_MS / TYPING_INTERVAL_MS) * viewers.length) / 2)
      // Bounded memory while it lasts (before the limits: +130 MiB in 30 s).
      expect(rssMax - rssBefore).toBeLessThan(64)
      // The honest keystrokes are not held behind the flood (before the limits: 1.3 s). A ratio to
      // the same run's quiet phase, with room for a busy machine.
      expect(figures.flood.p95).toBeLessThan(5 * figures.quiet.p95 + 250)
    } finally {
      clearInterval(typing)
    }
  })
})
