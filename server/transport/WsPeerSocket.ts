import { WebSocket } from 'ws'
import * as syncProtocol from 'y-protocols/sync'
import { CLOSE, MESSAGE } from '../../shared/protocol'
import { NO_METRICS, type LimitKind, type Metrics } from '../metrics'
import type { PeerSocket } from '../rooms'

/**
 * Bytes queued for one peer after which it is dropped: a client that does not read would
 * otherwise make the server buffer every relayed update. It resyncs when it reconnects.
 */
export const MAX_BUFFERED_BYTES = 64 * 1024 * 1024

/**
 * The parts of ws 8's internals the shared-frame path relies on (checked at run time, so another
 * version falls back to ws.send): the socket, and whether ws's own sender has anything queued.
 */
interface WsInternals {
  _socket?: { write(chunk: Buffer): boolean } | null
  _sender?: { _state?: unknown; _queue?: unknown[] } | null
}

/**
 * One WebSocket frame (FIN, binary, unmasked: server to client, RFC 6455 §5.2) per message,
 * built once however many peers it goes to. A room relays the same message object to every
 * peer, so the frame is cached by that object.
 */
const frames = new WeakMap<Uint8Array, Buffer>()

function frameOf(data: Uint8Array): Buffer {
  let frame = frames.get(data)
  if (frame) return frame
  const length = data.byteLength
  const headerLength = length < 126 ? 2 : length < 65536 ? 4 : 10
  frame = Buffer.allocUnsafe(headerLength + length)
  frame[0] = 0x82
  if (length < 126) frame[1] = length
  else if (length < 65536) {
    frame[1] = 126
    frame.writeUInt16BE(length, 2)
  } else {
    frame[1] = 127
    frame.writeBigUInt64BE(BigInt(length), 2)
  }
  frame.set(data, headerLength)
  frames.set(data, frame)
  return frame
}

/**
 * True for a y-websocket sync message of subtype `subtypes` (both varUints are one byte: the
 * message types are < 128).
 */
export function isSyncMessage(data: Uint8Array, subtypes: readonly number[]): boolean {
  return data.length > 1 && data[0] === MESSAGE.sync && subtypes.includes(data[1])
}

/** Sync subtypes that carry a document update from a peer. */
export const RECEIVED_UPDATE: readonly number[] = [syncProtocol.messageYjsSyncStep2, syncProtocol.messageYjsUpdate]

/** Closes that mean a limit tripped, counted in referat_limits_tripped_total as well. */
const LIMIT_OF_CLOSE = new Map<string, LimitKind>([
  [CLOSE.rateLimited.reason, 'flood-close'],
  [CLOSE.awarenessTooLarge.reason, 'awareness-size'],
  [CLOSE.clientIdTaken.reason, 'client-id'],
])

/** Adapts a `ws` WebSocket to the Room's PeerSocket; counts the closes it makes in `metrics`. */
export class WsPeerSocket implements PeerSocket {
  constructor(
    private readonly ws: WebSocket,
    private readonly metrics: Metrics = NO_METRICS,
  ) {}

  /**
   * Writes the message as a frame shared with the other peers that get it, straight to the TCP
   * socket, when ws has nothing of its own queued for it (it queues only while compressing or
   * reading a Blob, neither of which this server does); else through ws.send. Saves framing and
   * a write request per peer: at a thousand viewers a relay is a thousand sends.
   */
  private writeShared(data: Uint8Array): boolean {
    const internals = this.ws as unknown as WsInternals
    const sender = internals._sender
    const socket = internals._socket
    if (!socket || !sender || sender._state !== 0 || !Array.isArray(sender._queue) || sender._queue.length > 0) return false
    socket.write(frameOf(data))
    return true
  }

  get isOpen(): boolean {
    return this.ws.readyState === WebSocket.OPEN
  }

  send(data: Uint8Array): void {
    if (!this.isOpen) return
    if (this.ws.bufferedAmount > MAX_BUFFERED_BYTES) {
      this.ws.terminate()
      return
    }
    // A failed write closes the socket ('error', then 'close'): the peer resyncs when it reconnects.
    if (this.writeShared(data)) return
    this.ws.send(data, { binary: true }, (err) => {
      // A failed write leaves the peer's copy behind ours; dropping it makes it resync.
      if (err) this.ws.terminate()
    })
  }

  close(code: number, reason: string): void {
    if (this.ws.readyState === WebSocket.OPEN || this.ws.readyState === WebSocket.CONNECTING) {
      this.metrics.peerClosed(code, reason)
      const limit = LIMIT_OF_CLOSE.get(reason)
      if (limit) this.metrics.limitTripped(limit)
      this.ws.close(code, reason)
    }
  }
}

/**
 * Copies a received message into a Uint8Array of its own. ws may hand out views into a larger
 * buffer; a decoder reading a truncated message must hit the end, not the bytes next to it.
 */
export function toExactBytes(data: Buffer | ArrayBuffer | Buffer[]): Uint8Array {
  if (Array.isArray(data)) return new Uint8Array(Buffer.concat(data))
  if (data instanceof ArrayBuffer) return new Uint8Array(data.slice(0))
  return new Uint8Array(data)
}
