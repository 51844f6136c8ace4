import { WebSocket } from 'ws'
import * as syncProtocol from 'y-protocols/sync'
import { MESSAGE } from '../../shared/protocol'
import { NO_METRICS, type Metrics } from '../metrics'
import type { PeerSocket } from '../rooms'

/**
 * Bytes queued for one peer after which it is dropped: a client that does not read would
 * otherwise make the server buffer every relayed update. It resyncs when it reconnects.
 */
export const MAX_BUFFERED_BYTES = 64 * 1024 * 1024

/**
 * True for a y-websocket sync message of subtype `subtypes` (both varUints are one byte: the
 * message types are < 128).
 */
export function isSyncMessage(data: Uint8Array, subtypes: readonly number[]): boolean {
  return data.length > 1 && data[0] === MESSAGE.sync && subtypes.includes(data[1])
}

/** Adapts a `ws` WebSocket to the Room's PeerSocket; counts relayed updates and closes in `metrics`. */
export class WsPeerSocket implements PeerSocket {
  constructor(
    private readonly ws: WebSocket,
    private readonly metrics: Metrics = NO_METRICS,
  ) {}

  get isOpen(): boolean {
    return this.ws.readyState === WebSocket.OPEN
  }

  send(data: Uint8Array): void {
    if (!this.isOpen) return
    if (this.ws.bufferedAmount > MAX_BUFFERED_BYTES) {
      this.ws.terminate()
      return
    }
    this.ws.send(data, { binary: true }, (err) => {
      // A failed write leaves the peer's copy behind ours; dropping it makes it resync.
      if (err) this.ws.terminate()
    })
    if (isSyncMessage(data, [syncProtocol.messageYjsUpdate])) this.metrics.updateRelayed(1)
  }

  close(code: number, reason: string): void {
    if (this.ws.readyState === WebSocket.OPEN || this.ws.readyState === WebSocket.CONNECTING) {
      this.metrics.peerClosed(code, reason)
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
