import * as Y from 'yjs'
import { log } from '../log'
import type { DocStorage } from '../persistence'
import type { RemoteUpdates } from '../cluster/RedisRelay'
import { captureTransaction } from './captureTransaction'
import { syncUpdateMessage } from './messages'
import type { StoredSeqs } from './StoredSeqs'

/** Transaction origin of updates another node stored. */
const REMOTE_ORIGIN = Symbol('remote-node')

/** What RemoteSync needs from its room. */
export interface SyncedRoom {
  readonly docName: string
  isDestroyed(): boolean
  /** True while the room's gate is shut (a reload or decode runs). */
  isGated(): boolean
  /** The current document (replaced on reload). */
  document(): Y.Doc
  /** Resolves when the document is settled for a reader (Room.ready). */
  ready(): Promise<void>
  /** Replaces the document with what storage holds (Room.reload). */
  reload(): void
  /** Sends a stored update's message to every peer of this node, at once. */
  sendToPeers(message: Uint8Array): void
}

/**
 * Several nodes: the updates other nodes stored, applied to this node's room. They arrive through
 * the relay (validated where they were written, on disk already, so sent on at once); a gap in
 * their sequence numbers, or a relay that was away, is filled from storage (`catchUp`).
 */
export class RemoteSync {
  private catchingUp: Promise<void> | null = null

  /** `clustered`: the room runs on several nodes (without, catchUp does nothing). */
  constructor(
    private readonly room: SyncedRoom,
    private readonly storage: DocStorage,
    private readonly seqs: StoredSeqs,
    private readonly clustered: boolean,
  ) {}

  /** Updates another node stored: applied and sent to this node's peers. A gap before them is filled from storage. */
  remoteUpdates(batch: RemoteUpdates): void {
    if (this.room.isDestroyed() || batch.updates.length === 0) return
    const lastSeq = batch.firstSeq + batch.updates.length - 1
    if (lastSeq <= this.seqs.lastSeq) return // applied already (a catch-up got there first)
    if (this.room.isGated()) {
      void this.catchUp() // the reload runs first; then storage has these too
      return
    }
    this.applyRemote(batch.updates)
    this.seqs.mark(batch.firstSeq, lastSeq)
  }

  /**
   * Reads from storage what was stored after `lastSeq` and applies it (several nodes: after a
   * gap, or when the relay was away). Concurrent calls share one read.
   */
  catchUp(): Promise<void> {
    this.catchingUp ??= this.catchUpNow()
      .catch((err: unknown) => log.error('catch-up from storage failed', { docName: this.room.docName, err }))
      .finally(() => {
        this.catchingUp = null
      })
    return this.catchingUp
  }

  private async catchUpNow(): Promise<void> {
    if (!this.clustered || this.room.isDestroyed()) return
    await this.room.ready()
    const stored = await this.storage.loadSince(this.room.docName, this.seqs.lastSeq)
    if (!stored || this.room.isDestroyed() || this.room.isGated() || stored.lastSeq <= this.seqs.lastSeq) return
    this.applyRemote(stored.updates)
    this.seqs.mark(this.seqs.lastSeq + 1, stored.lastSeq)
  }

  /** Applies stored updates in one transaction and sends what changed to this node's peers. */
  private applyRemote(updates: readonly Uint8Array[]): void {
    const doc = this.room.document()
    let update: Uint8Array | null
    try {
      update = captureTransaction(doc, REMOTE_ORIGIN, () =>
        doc.transact(() => {
          for (const u of updates) Y.applyUpdate(doc, u, REMOTE_ORIGIN)
        }, REMOTE_ORIGIN),
      ).update
    } catch (err) {
      log.error('a stored update from another node does not apply; reloading', { docName: this.room.docName, err })
      this.room.reload()
      return
    }
    if (update) this.room.sendToPeers(syncUpdateMessage(update)) // stored already: no need to wait
  }
}
