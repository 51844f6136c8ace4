/**
 * Which readers' offline copies the start-up housekeeping removes (pure; the IndexedDB side is
 * readerCopyStore.ts). A copy nobody opened for `READER_COPY_MAX_AGE_MS` is gone; the work per
 * start is bounded by `limit`, so a browser with many old copies sheds them over a few starts.
 */

/** A copy not opened for this long (30 days) is removed at the next start. */
export const READER_COPY_MAX_AGE_MS = 30 * 24 * 60 * 60 * 1000

/** At most this many copies are removed per start. */
export const MAX_COPIES_REMOVED_PER_START = 20

/** What the housekeeping knows of one stored copy. */
export interface CopyAge {
  readonly meetingId: string
  /** When this browser last opened the meeting, ms since the epoch. */
  readonly openedAtMs: number
}

/**
 * The ids of the copies to remove now: opened last more than `maxAgeMs` before `nowMs`, oldest
 * first, at most `limit`, never `keep` (the meeting being opened). A copy whose time is in the
 * future (a clock set back) or not a number is kept: it is touched again when next opened.
 */
export function chooseStaleCopies(
  copies: readonly CopyAge[],
  nowMs: number,
  { maxAgeMs = READER_COPY_MAX_AGE_MS, limit = MAX_COPIES_REMOVED_PER_START, keep = null as string | null } = {},
): string[] {
  const cutoffMs = nowMs - maxAgeMs
  return copies
    .filter((copy) => Number.isFinite(copy.openedAtMs) && copy.openedAtMs < cutoffMs && copy.meetingId !== keep)
    .sort((a, b) => a.openedAtMs - b.openedAtMs)
    .slice(0, Math.max(0, limit))
    .map((copy) => copy.meetingId)
}
