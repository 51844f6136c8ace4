import * as Y from 'yjs'
import { log } from '../log'
import type { DocStorage } from '../persistence'

/** What the Committer needs from a room: its unsaved updates and how to tell it the outcome. */
export interface CommitSource {
  readonly docName: string
  /** Hands over the updates applied since the last commit (and forgets them). */
  takeUnsaved(): Uint8Array[]
  /** They are on disk, in `rows` rows; `lastSeq` is the sequence number of the last one. */
  committed(lastSeq: number, rows: number): void
  /** They could not be stored (after retries); the room must drop them. */
  commitFailed(err: unknown): void
}

/** Attempts per batch before the rooms in it are told the commit failed. */
const COMMIT_ATTEMPTS = 3
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
 * update that arrives in one turn of the event loop, in any room, is written in one storage
 * transaction (one fsync) in the check phase of that turn, and only then does each room relay
 * what it stored. So nothing is relayed before it is on disk, and a burst of updates (a client
 * that was offline, an upload) costs one flush instead of one per update.
 */
export class Committer {
  private readonly waiting = new Set<CommitSource>()
  private scheduled: NodeJS.Immediate | null = null

  constructor(private readonly storage: DocStorage) {}

  /** `source` has unsaved updates: commit them in this turn of the event loop. */
  enqueue(source: CommitSource): void {
    this.waiting.add(source)
    this.scheduled ??= setImmediate(this.flush)
  }

  /** True when some room has updates waiting for the next commit. */
  get hasWaiting(): boolean {
    return this.waiting.size > 0
  }

  /**
   * Commits everything waiting now, synchronously (also what the scheduled commit does). For
   * paths that must see the stored state: server changes, reads over HTTP, shutdown.
   */
  readonly flush = (): void => {
    if (this.scheduled) clearImmediate(this.scheduled)
    this.scheduled = null
    if (this.waiting.size === 0) return
    const sources = [...this.waiting]
    this.waiting.clear()
    const batch = sources.map((source) => ({ docName: source.docName, updates: rowsOf(source.takeUnsaved()) }))
    let lastSeqs: number[] | null = null
    let error: unknown = null
    for (let attempt = 1; attempt <= COMMIT_ATTEMPTS && !lastSeqs; attempt++) {
      try {
        lastSeqs = this.storage.appendBatch(batch)
      } catch (err) {
        error = err
        log.error('commit failed', { docs: batch.length, attempt, err })
      }
    }
    sources.forEach((source, i) => {
      if (lastSeqs) source.committed(lastSeqs[i], batch[i].updates.length)
      else source.commitFailed(error)
    })
  }
}
