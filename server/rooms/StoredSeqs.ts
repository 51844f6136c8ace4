/** How long a gap in the sequence numbers may last before the room reads what it missed from storage. */
export const GAP_CATCH_UP_MS = 300

/**
 * The sequence numbers of a room's stored updates that its document holds. On one node they
 * follow the room's own commits. With several nodes (PostgreSQL with per-document contiguous
 * sequence numbers, Redis relay) updates stored by other nodes arrive out of order: `lastSeq` is
 * then the highest number up to which everything stored is applied, the ranges beyond it wait in
 * `ahead`, and a gap that lasts GAP_CATCH_UP_MS calls `onGap` (the room reads it from storage).
 */
export class StoredSeqs {
  private ahead: [number, number][] = []
  private gapTimer: NodeJS.Timeout | null = null

  constructor(
    public lastSeq: number,
    private readonly onGap: () => void,
  ) {}

  /** Seqs `from`..`to` are stored and applied here; advances lastSeq over what is contiguous. */
  mark(from: number, to: number): void {
    if (to <= this.lastSeq) return
    this.ahead.push([Math.max(from, this.lastSeq + 1), to])
    this.ahead.sort((a, b) => a[0] - b[0])
    while (this.ahead.length > 0 && this.ahead[0][0] <= this.lastSeq + 1) {
      this.lastSeq = Math.max(this.lastSeq, this.ahead.shift()![1])
    }
    if (this.ahead.length === 0) {
      this.cancelGap()
      return
    }
    this.gapTimer ??= setTimeout(() => {
      this.gapTimer = null
      if (this.ahead.length > 0) this.onGap()
    }, GAP_CATCH_UP_MS)
  }

  /** The document was reloaded: it holds everything up to `lastSeq`, nothing beyond. */
  reset(lastSeq: number): void {
    this.lastSeq = lastSeq
    this.ahead = []
  }

  /** Cancels the gap timer. */
  destroy(): void {
    this.cancelGap()
  }

  private cancelGap(): void {
    if (this.gapTimer) clearTimeout(this.gapTimer)
    this.gapTimer = null
  }
}
