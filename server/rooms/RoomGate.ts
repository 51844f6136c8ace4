import * as syncProtocol from 'y-protocols/sync'
import { CLOSE, MESSAGE, ProtocolError, type CloseReason } from '../../shared/protocol'
import { log } from '../log'
import type { PeerSocket } from './PeerSocket'
import { syncStep2Message } from './messages'

/** Longest wait before a lazily loaded document is decoded when nothing needs it sooner (RoomGate.decodeSoon). */
const LAZY_DECODE_DELAY_MS = 50

/** A whole sync step 1 message with an empty state vector: [sync, step 1, length 1, 0]. */
const isFreshClientStep1 = (data: Uint8Array): boolean =>
  data.length === 4 && data[0] === MESSAGE.sync && data[1] === syncProtocol.messageYjsSyncStep1 && data[2] === 1 && data[3] === 0

/** What the gate needs from its room. */
export interface GatedRoom {
  readonly docName: string
  isDestroyed(): boolean
  /** True while `peer` is one of the room's peers. */
  hasPeer(peer: PeerSocket): boolean
  /** Removes `peer` and closes it with `reason`. */
  dropPeer(peer: PeerSocket, reason: CloseReason): void
  /** The gated work failed: close every peer and destroy the room. */
  fail(): void
}

/**
 * The room's lifecycle gate. While the document is being replaced (a reload after a rejected
 * update, or the deferred decode of a large stored blob) the room is gated: messages wait here in
 * order and run afterwards, readers wait in `settled`. When the gated work fails, the room is
 * failed (its peers closed, the room destroyed; the registry loads a new one on the next join).
 */
export class RoomGate {
  private gate: Promise<void> | null = null
  /** What waits for the gate, in order; `peer` is closed if its step fails. */
  private queued: { peer: PeerSocket; run: () => void }[] = []
  /** While the stored blob is being decoded (lazy decode): the stored state, served as it is. */
  private storedBlob: Uint8Array | null = null
  /** Starts the deferred decode now (a message needs the document); null once started. */
  private startDecode: (() => void) | null = null

  constructor(private readonly room: GatedRoom) {}

  /** True while gated work runs. */
  get isShut(): boolean {
    return this.gate !== null
  }

  /** Resolves once no gated work runs (starting a deferred decode at once); gives up after 3 gates in a row. */
  async settled(): Promise<void> {
    this.startDecode?.()
    for (let i = 0; i < 3 && this.gate; i++) await this.gate
  }

  /**
   * Runs `run` for `peer` now, or once the gate opens when it is shut (true then). A fresh
   * client's first question is answered from the stored blob while it is still being decoded.
   */
  admit(peer: PeerSocket, data: Uint8Array, run: () => void): boolean {
    if (!this.gate) return false
    if (this.storedBlob && isFreshClientStep1(data)) {
      peer.send(syncStep2Message(this.storedBlob))
      return true
    }
    this.queued.push({ peer, run })
    this.startDecode?.()
    return true
  }

  /** Runs `run` (which needs the document) for `peer` now, or once the gate opens. */
  whenOpen(peer: PeerSocket, run: () => void): void {
    if (this.gate) this.queued.push({ peer, run })
    else run()
  }

  /**
   * Shuts the gate while `work` runs. When it fails, the room fails; either way what waited is
   * handled afterwards.
   */
  shutWhile(what: string, work: Promise<void>): void {
    this.gate = work
      .catch((err: unknown) => {
        log.error(`${what} failed; closing room`, { docName: this.room.docName, err })
        this.queued = []
        this.room.fail()
      })
      .finally(() => {
        this.gate = null
        this.drain()
      })
  }

  /**
   * Decodes the stored blob behind the gate: when a message needs the document, when a reader
   * asks (settled), or LAZY_DECODE_DELAY_MS after the load, whichever comes first. The delay lets
   * the fresh clients' first questions, which arrive a moment after they joined, be answered from
   * the blob before the decode takes the event loop. `decode` adopts the decoded document.
   */
  decodeSoon(blob: Uint8Array, decode: () => void): void {
    this.storedBlob = blob
    const needed = new Promise<void>((resolve) => {
      const timer = setTimeout(() => this.startDecode?.(), LAZY_DECODE_DELAY_MS)
      this.startDecode = () => {
        this.startDecode = null
        clearTimeout(timer)
        setImmediate(resolve) // after the current message's answer has gone out
      }
    })
    const decoded = needed.then(decode).finally(() => {
      this.storedBlob = null
    })
    this.shutWhile('decode', decoded)
  }

  /** Forgets what waits (the room is destroyed). */
  clear(): void {
    this.queued = []
  }

  /** Handles what waited, in order; stops if the gate shuts again. */
  private drain(): void {
    while (this.queued.length > 0 && !this.gate && !this.room.isDestroyed()) {
      const { peer, run } = this.queued.shift()!
      if (!this.room.hasPeer(peer)) continue
      try {
        run()
      } catch (err) {
        const close = err instanceof ProtocolError ? err.close : CLOSE.internal
        if (!(err instanceof ProtocolError)) log.error('unexpected error', { docName: this.room.docName, err })
        this.room.dropPeer(peer, close)
      }
    }
  }
}
