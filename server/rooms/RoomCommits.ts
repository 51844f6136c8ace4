/**
 * The durable store and its acknowledgement, for one room: the updates applied to the document
 * and not yet handed to the group commit, the batch numbers, and the outbox of what may leave the
 * process only once its batch is on disk (relays, sync answers, `saved` requests).
 *
 * Batches are numbered per room: `unsaved` will be committed as `openBatch`; the Committer takes
 * it (`take`) and reports back (`settle` or `fail`) in order, so batch numbers in the outbox never
 * decrease and one scan from its head finds what a settled batch releases.
 */
export class RoomCommits {
  /** Updates applied to the document and not handed to the Committer yet. */
  private unsaved: Uint8Array[] = []
  /** The batch number `unsaved` will be committed as. */
  private openBatch = 1
  /** The last batch handed to the Committer, and the last one it reported back. */
  private lastTaken = 0
  private lastSettled = 0
  /** The last batch that could not be stored. */
  private lastFailed = 0
  /** What waits for its batch to be stored, in order (batch numbers never decrease). */
  private outbox: Outgoing[] = []

  /** True when everything applied so far is stored: nothing unsaved, no batch in flight. */
  get allStored(): boolean {
    return this.unsaved.length === 0 && this.lastTaken === this.lastSettled
  }

  /** Queues an applied update for the next batch; returns the batch it will be stored in. */
  add(update: Uint8Array): number {
    this.unsaved.push(update)
    return this.openBatch
  }

  /** Runs `send` once everything applied so far is stored (at once when nothing waits). */
  afterCommit(send: () => void): void {
    if (this.unsaved.length > 0) this.outbox.push({ batch: this.openBatch, send })
    else if (this.lastTaken > this.lastSettled) this.outbox.push({ batch: this.lastTaken, send })
    else send()
  }

  /** Hands the unsaved updates to the Committer (and forgets them) as the next batch. */
  take(): { updates: Uint8Array[]; batch: number } {
    const updates = this.unsaved
    this.unsaved = []
    this.lastTaken = this.openBatch++
    return { updates, batch: this.lastTaken }
  }

  /** Batch `batch` is on disk: runs what waited for it (and for earlier batches), in order. */
  settle(batch: number): void {
    this.lastSettled = batch
    let done = 0
    while (done < this.outbox.length && this.outbox[done].batch <= batch) done++
    const ready = this.outbox.splice(0, done)
    for (const { send } of ready) send()
  }

  /**
   * Batch `batch` could not be stored: it and everything applied after it (which builds on it)
   * is dropped, unsent.
   */
  fail(batch: number): void {
    this.lastSettled = batch
    this.lastFailed = batch
    this.outbox = []
    this.unsaved = []
  }

  /** True when batch `batch` (or a later one) could not be stored. */
  failed(batch: number): boolean {
    return this.lastFailed >= batch
  }

  /** Drops what waits to be sent (the room is destroyed). */
  clear(): void {
    this.outbox = []
  }
}

/** Something to send once batch `batch` of the room's updates is stored. */
interface Outgoing {
  readonly batch: number
  readonly send: () => void
}
