import * as Y from 'yjs'
import { log } from '../log'
import { NO_METRICS, type Metrics } from '../metrics'
import { busyBackoffMs, isBusyError, sleep, type AppendEntry, type DocStorage } from '../persistence'

/** What the Committer needs from a room: its unsaved updates and how to tell it the outcome. */
export interface CommitSource {
  readonly docName: string
  /** Hands over the updates applied since the last commit (and forgets them); returns the batch number they form. */
  takeUnsaved(): { updates: Uint8Array[]; batch: number }
  /**
   * Batch `batch` is on disk as `rows` (the updates, merged; empty when it held none); `lastSeq`
   * is the sequence number of the last row.
   */
  committed(batch: number, lastSeq: number, rows: readonly Uint8Array[]): void
  /** Batch `batch` could not be stored (after retries); the room must drop it. */
  commitFailed(batch: number, err: unknown): void
}

/** Attempts per batch before the rooms in it are told the commit failed (lock waits not counted). */
const COMMIT_ATTEMPTS = 3
/**
 * How long one batch may wait, retrying, for a lock another process holds on the storage (a
 * backup or maintenance tool holding SQLite's write lock) before it counts as failed: 5 minutes.
 * Meanwhile nothing of the batch is relayed or acknowledged, the room's peers stay connected,
 * and readiness says `storage-busy`.
 */
export const DEFAULT_BUSY_RETRY_MS = 5 * 60_000
/** Longest pause between two tries on a lock (each try also waits briefly in the storage). */
const BUSY_BACKOFF_CAP_MS = 250

/** Tuning of the Committer. */
export interface CommitterOptions {
  /** See DEFAULT_BUSY_RETRY_MS. */
  readonly busyRetryMs?: number
  /**
   * Called after a batch is stored with the names of its documents (e.g. to re-index them for
   * search later). Must return at once: it runs on the commit path.
   */
  readonly onCommitted?: (docNames: readonly string[]) => void
}
/**
 * A room's updates of one commit are stored merged, this many per row: a row costs more than
 * merging (measured: ~8 µs per row insert vs ~3 µs per update merged), merged rows load faster,
 * and Y.mergeUpdates grows faster than linearly past a few hundred updates.
 */
const UPDATES_PER_ROW = 100

/** `updates` as rows to store: merged in runs of UPDATES_PER_ROW (a lone update as it is). */
export function rowsOf(updates: readonly Uint8Array[]): Uint8Array[] {
  if (updates.length <= 1) return [...updates]
  const rows: Uint8Array[] = []
  for (let i = 0; i < updates.length; i += UPDATES_PER_ROW) {
    const run = updates.slice(i, i + UPDATES_PER_ROW)
    rows.push(run.length === 1 ? run[0] : Y.mergeUpdates(run))
  }
  return rows
}

/**
 * Group commit. Rooms apply and validate each update at once but store it through here: every
 * update that arrives while no commit is running, in any room, is written in one storage
 * transaction (one fsync, one database round trip), started in the check phase of the turn of
 * the event loop it arrived in; updates that arrive while a commit is in flight form the next
 * one. Each room relays what it stored only when its batch has committed. So nothing is relayed
 * before it is on disk, and a burst of updates (a client that was offline, an upload, a thousand
 * meetings typing at once) costs one write instead of one per update.
 */
export class Committer {
  private readonly waiting = new Set<CommitSource>()
  private scheduled: NodeJS.Immediate | null = null
  /** The commit in flight, if any. */
  private current: Promise<void> | null = null
  /** When the commit in flight started, if it has met a lock (Date.now()); else null. */
  private busySince: number | null = null
  private readonly busyRetryMs: number
  private readonly onCommitted: ((docNames: readonly string[]) => void) | undefined

  constructor(
    private readonly storage: DocStorage,
    private readonly metrics: Metrics = NO_METRICS,
    options: CommitterOptions = {},
  ) {
    this.busyRetryMs = options.busyRetryMs ?? DEFAULT_BUSY_RETRY_MS
    this.onCommitted = options.onCommitted
  }

  /**
   * How long the commit in flight has been waiting for a lock another process holds, in
   * milliseconds (0 when it is not waiting on a lock). For readiness and metrics.
   */
  busyForMs(now: number = Date.now()): number {
    return this.busySince === null ? 0 : now - this.busySince
  }

  /** `source` has unsaved updates: commit them with the next batch. */
  enqueue(source: CommitSource): void {
    this.waiting.add(source)
    if (!this.current) this.scheduled ??= setImmediate(() => void this.runNext())
  }

  /**
   * Resolves once everything enqueued before the call is committed (or has failed). For paths
   * that must see the stored state: server changes, reads over HTTP, compaction, shutdown.
   */
  async flush(): Promise<void> {
    if (this.current) await this.current
    if (this.waiting.size > 0) await this.runNext()
  }

  /** Starts the next batch unless one is in flight; resolves when the batch it started (or found) is done. */
  private runNext(): Promise<void> {
    if (this.scheduled) clearImmediate(this.scheduled)
    this.scheduled = null
    if (this.current) return this.current
    if (this.waiting.size === 0) return Promise.resolve()
    const sources = [...this.waiting]
    this.waiting.clear()
    // `current` is set before the commit starts: a room told of the outcome may flush again
    // (a reload), and must then wait for this commit, not start it a second time.
    let settle!: () => void
    const current = new Promise<void>((resolve) => (settle = resolve))
    this.current = current
    void this.commit(sources)
      .catch((err: unknown) => log.error('commit bookkeeping failed', { err }))
      .finally(() => {
        this.current = null
        settle()
        if (this.waiting.size > 0) this.scheduled ??= setImmediate(() => void this.runNext())
      })
    return current
  }

  private async commit(sources: CommitSource[]): Promise<void> {
    const taken = sources.map((source) => source.takeUnsaved())
    const batch: AppendEntry[] = sources.map((source, i) => ({ docName: source.docName, updates: rowsOf(taken[i].updates) }))
    const started = process.hrtime.bigint()
    const { lastSeqs, error, failedAttempts } = await this.append(batch)
    const seconds = Number(process.hrtime.bigint() - started) / 1e9
    const updates = taken.reduce((sum, t) => sum + t.updates.length, 0)
    this.metrics.commitDone(updates, seconds, failedAttempts, lastSeqs !== null)
    sources.forEach((source, i) => {
      if (lastSeqs) source.committed(taken[i].batch, lastSeqs[i], batch[i].updates)
      else source.commitFailed(taken[i].batch, error)
    })
    if (lastSeqs && this.onCommitted) {
      try {
        this.onCommitted(batch.filter((entry) => entry.updates.length > 0).map((entry) => entry.docName))
      } catch (err) {
        log.error('onCommitted failed', { err })
      }
    }
  }

  /**
   * appendBatch with retries: up to COMMIT_ATTEMPTS failures, and in between, for as long as
   * busyRetryMs, tries after a lock conflict, which do not count as failures.
   */
  private async append(batch: AppendEntry[]): Promise<{ lastSeqs: number[] | null; error: unknown; failedAttempts: number }> {
    const startedAt = Date.now()
    let error: unknown = null
    let failedAttempts = 0
    let busyTries = 0
    try {
      while (failedAttempts < COMMIT_ATTEMPTS) {
        try {
          return { lastSeqs: await this.storage.appendBatch(batch), error: null, failedAttempts }
        } catch (err) {
          error = err
          if (isBusyError(err) && Date.now() - startedAt < this.busyRetryMs) {
            if (this.busySince === null) {
              this.busySince = startedAt
              log.warn('storage busy: the commit waits for a lock another process holds', { docs: batch.length, busyRetryMs: this.busyRetryMs })
            }
            await sleep(busyBackoffMs(busyTries++, BUSY_BACKOFF_CAP_MS))
            continue
          }
          failedAttempts++
          log.error('commit failed', { docs: batch.length, attempt: failedAttempts, err })
        }
      }
      return { lastSeqs: null, error, failedAttempts }
    } finally {
      if (this.busySince !== null) {
        log.warn('storage lock wait over', { waitedMs: Date.now() - this.busySince, tries: busyTries })
        this.busySince = null
      }
    }
  }
}
