import { log } from '../log'
import type { Metrics } from '../metrics'
import type { DocStorage } from '../persistence'

/** What the compaction needs from its room. */
export interface CompactingRoom {
  readonly docName: string
  readonly isDestroyed: boolean
  /** True when the document equals what is stored: nothing applied waits for a commit, no reload runs. */
  readonly isSettled: boolean
  /** The sequence number of the last stored update the document holds. */
  readonly lastSeq: number
  /** Resolves when the document is settled for a reader (Room.ready). */
  ready(): Promise<void>
  /** The whole document encoded. */
  fullState(): Uint8Array
}

/** Tuning of the compaction. */
export interface CompactionOptions {
  /** Stored updates after which the document is compacted. */
  readonly afterUpdates: number
  /** Least time between two compactions, in milliseconds. */
  readonly intervalMs: number
  /** Storage is read-only: nothing is compacted. */
  readonly storageReadOnly: boolean
  readonly metrics?: Metrics
}

/**
 * Folds a room's stored updates into one snapshot, off the hot path: after `afterUpdates` stored
 * updates, but not more often than every `intervalMs` (a burst compacts a few times, not per
 * batch), and when the room is unloaded.
 */
export class RoomCompaction {
  private timer: NodeJS.Timeout | null = null
  private running: Promise<boolean> | null = null
  private lastAt = 0

  /** `uncompacted`: stored updates not yet folded into the snapshot. */
  constructor(
    private readonly room: CompactingRoom,
    private readonly storage: DocStorage,
    private readonly options: CompactionOptions,
    public uncompacted: number,
  ) {}

  /** `rows` more updates are stored: compacts soon when enough have gathered. */
  stored(rows: number): void {
    this.uncompacted += rows
    if (this.uncompacted >= this.options.afterUpdates) this.schedule()
  }

  /**
   * Folds the stored updates into one snapshot. Failures are logged and leave the updates in
   * place (retried on the next trigger). Resolves to true when there was nothing left to compact.
   */
  compact(): Promise<boolean> {
    this.running ??= this.compactNow().finally(() => {
      this.running = null
    })
    return this.running
  }

  /** Cancels a scheduled compaction. */
  destroy(): void {
    if (this.timer) clearTimeout(this.timer)
    this.timer = null
  }

  private schedule(): void {
    if (this.timer || this.room.isDestroyed) return
    const wait = Math.max(0, this.lastAt + this.options.intervalMs - Date.now())
    this.timer = setTimeout(() => {
      this.timer = null
      void this.compact()
    }, wait)
  }

  private async compactNow(): Promise<boolean> {
    await this.room.ready()
    if (this.options.storageReadOnly) return true
    // Only a document that equals what is stored: nothing applied and not yet committed.
    if (this.room.isDestroyed || !this.room.isSettled) return this.room.isDestroyed
    if (this.uncompacted === 0) return true
    const folded = this.uncompacted
    try {
      await this.storage.compact(this.room.docName, this.room.fullState(), this.room.lastSeq)
      this.uncompacted -= folded
      this.lastAt = Date.now()
      this.options.metrics?.compactionDone(true)
      return this.uncompacted === 0
    } catch (err) {
      log.error('compaction failed', { docName: this.room.docName, err })
      this.options.metrics?.compactionDone(false)
      return false
    }
  }
}
