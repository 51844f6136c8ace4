// A bare y-websocket relay: the reference point for what our server's guarantees cost.
// Same transport as ours (ws, no compression, /sync/<doc>, one Y.Doc per document, sync + awareness,
// updates relayed to every other peer), but no validation, no storage, no `saved` messages, no
// limits. Documents stay in memory for the life of the process. Run as a child process:
//   PORT=0 HOST=127.0.0.1 node --import tsx bench/bareRelay.ts
import http from 'node:http'
import type { AddressInfo } from 'node:net'
import * as decoding from 'lib0/decoding'
import * as encoding from 'lib0/encoding'
import { WebSocketServer, type WebSocket } from 'ws'
import * as awarenessProtocol from 'y-protocols/awareness'
import * as syncProtocol from 'y-protocols/sync'
import * as Y from 'yjs'

const MESSAGE_SYNC = 0
const MESSAGE_AWARENESS = 1
const MESSAGE_QUERY_AWARENESS = 3

class RelayRoom {
  readonly doc = new Y.Doc()
  readonly awareness = new awarenessProtocol.Awareness(new Y.Doc())
  /** Each peer and the awareness client ids it controls. */
  readonly peers = new Map<WebSocket, Set<number>>()

  constructor() {
    this.awareness.setLocalState(null)
    this.doc.on('update', (update: Uint8Array, origin: unknown) => {
      const encoder = encoding.createEncoder()
      encoding.writeVarUint(encoder, MESSAGE_SYNC)
      syncProtocol.writeUpdate(encoder, update)
      const message = encoding.toUint8Array(encoder)
      for (const peer of this.peers.keys()) if (peer !== origin) send(peer, message)
    })
    this.awareness.on('update', ({ added, updated, removed }: Record<string, number[]>, origin: unknown) => {
      const ids = this.peers.get(origin as WebSocket)
      if (ids) {
        for (const id of added) ids.add(id)
        for (const id of removed) ids.delete(id)
      }
      const message = this.awarenessMessage([...added, ...updated, ...removed])
      for (const peer of this.peers.keys()) send(peer, message)
    })
  }

  awarenessMessage(clients: number[]): Uint8Array {
    const encoder = encoding.createEncoder()
    encoding.writeVarUint(encoder, MESSAGE_AWARENESS)
    encoding.writeVarUint8Array(encoder, awarenessProtocol.encodeAwarenessUpdate(this.awareness, clients))
    return encoding.toUint8Array(encoder)
  }

  join(ws: WebSocket): void {
    this.peers.set(ws, new Set())
    const encoder = encoding.createEncoder()
    encoding.writeVarUint(encoder, MESSAGE_SYNC)
    syncProtocol.writeSyncStep1(encoder, this.doc)
    send(ws, encoding.toUint8Array(encoder))
    const states = [...this.awareness.getStates().keys()]
    if (states.length > 0) send(ws, this.awarenessMessage(states))
  }

  leave(ws: WebSocket): void {
    const ids = this.peers.get(ws)
    if (!ids) return
    this.peers.delete(ws)
    if (ids.size > 0) awarenessProtocol.removeAwarenessStates(this.awareness, [...ids], null)
  }

  receive(ws: WebSocket, data: Uint8Array): void {
    const decoder = decoding.createDecoder(data)
    const type = decoding.readVarUint(decoder)
    if (type === MESSAGE_SYNC) {
      const encoder = encoding.createEncoder()
      encoding.writeVarUint(encoder, MESSAGE_SYNC)
      syncProtocol.readSyncMessage(decoder, encoder, this.doc, ws) // step 1 → step 2 reply; step 2/update → apply
      if (encoding.length(encoder) > 1) send(ws, encoding.toUint8Array(encoder))
    } else if (type === MESSAGE_AWARENESS) {
      awarenessProtocol.applyAwarenessUpdate(this.awareness, decoding.readVarUint8Array(decoder), ws)
    } else if (type === MESSAGE_QUERY_AWARENESS) {
      send(ws, this.awarenessMessage([...this.awareness.getStates().keys()]))
    }
  }
}

function send(ws: WebSocket, message: Uint8Array): void {
  if (ws.readyState === ws.OPEN) ws.send(message, { binary: true })
}

const rooms = new Map<string, RelayRoom>()
const wss = new WebSocketServer({ noServer: true, perMessageDeflate: false })
const server = http.createServer((_req, res) => {
  res.writeHead(404).end()
})
server.on('upgrade', (req, socket, head) => {
  const match = /^\/sync\/([A-Za-z0-9_-]{1,64})(?:\?|$)/.exec(req.url ?? '')
  if (!match) {
    socket.end('HTTP/1.1 404 Not Found\r\nConnection: close\r\nContent-Length: 0\r\n\r\n')
    return
  }
  const docName = match[1]
  wss.handleUpgrade(req, socket, head, (ws) => {
    let room = rooms.get(docName)
    if (!room) rooms.set(docName, (room = new RelayRoom()))
    const joined = room
    ws.on('message', (data: Buffer) => {
      try {
        joined.receive(ws, new Uint8Array(data.buffer, data.byteOffset, data.byteLength))
      } catch {
        ws.close(4400, 'malformed-message')
      }
    })
    ws.on('close', () => joined.leave(ws))
    ws.on('error', () => undefined)
    joined.join(ws)
  })
})
server.listen(Number(process.env.PORT ?? 0), process.env.HOST ?? '127.0.0.1', () => {
  const { port, address } = server.address() as AddressInfo
  console.log(`Bare relay listening on http://${address}:${port}`)
})
const stop = () => {
  for (const ws of wss.clients) ws.terminate()
  server.close(() => process.exit(0))
  setTimeout(() => process.exit(0), 1000).unref()
}
process.on('SIGTERM', stop)
process.on('SIGINT', stop)
