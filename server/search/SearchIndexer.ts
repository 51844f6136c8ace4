import * as Y from 'yjs'
import { log } from '../log'
import { MeetingQueue } from '../minutes/MeetingQueue'
import type { Storage } from '../persistence'
import { meetingEntriesOf } from './sakEntries'
import type { SearchIndex } from './SearchIndex'

/** What the indexer reads: the stored documents and the meeting registry. */
export type IndexerStore = Pick<Storage, 'load' | 'loadSince' | 'getMeeting' | 'listMeetings'>

/** Meetings the sweep checks between two yields to the event loop. */
const SWEEP_BATCH = 50

/** Longest close() waits for the meeting being indexed, in milliseconds. */
const CLOSE_WAIT_MS = 2000

/** Tuning of the SearchIndexer. */
export interface SearchIndexerOptions {
  /** How long after the last commit to a meeting it is indexed again, in milliseconds (default 3000). */
  readonly debounceMs?: number
  /**
   * Longest a dirty meeting waits while commits keep coming (a secretary typing without a pause),
   * in milliseconds (default 10 × debounceMs).
   */
  readonly maxDelayMs?: number
  /** How often every meeting is checked against its stored document, in milliseconds (default 5 minutes). */
  readonly sweepIntervalMs?: number
}

/**
 * Keeps the search index current, off the write path: a commit only marks its meeting dirty
 * (`changed`, O(1)); `debounceMs` after the last mark the meetings are indexed one at a time
 * (load the stored document, build its entries, replace them: one meeting per turn of the event
 * loop). At start and every `sweepIntervalMs` each meeting whose stored sequence number differs
 * from the indexed one is queued too: meetings created since, edits another node stored, a
 * crash before the debounce ran. Several nodes may index the same meeting: SearchIndex.replaceMeeting
 * keeps the later docSeq, so the outcome is the same.
 */
export class SearchIndexer {
  private readonly queue: MeetingQueue
  private sweepTimer: NodeJS.Timeout | null = null
  private closed = false
  private readonly sweepIntervalMs: number

  constructor(
    private readonly store: IndexerStore,
    readonly index: SearchIndex,
    options: SearchIndexerOptions = {},
  ) {
    const debounceMs = options.debounceMs ?? 3000
    this.queue = new MeetingQueue((meetingId) => this.indexMeeting(meetingId), {
      debounceMs,
      maxDelayMs: options.maxDelayMs ?? 10 * debounceMs,
      failure: 'indexing a meeting for search failed',
    })
    this.sweepIntervalMs = options.sweepIntervalMs ?? 5 * 60_000
  }

  /** Starts the catch-up sweep now and then every sweepIntervalMs. */
  start(): void {
    void this.sweep()
    this.sweepTimer = setInterval(() => void this.sweep(), this.sweepIntervalMs)
    this.sweepTimer.unref()
  }

  /** Documents were stored: their meetings (minutes documents only) are indexed after debounceMs. */
  changed(docNames: readonly string[]): void {
    this.queue.mark(docNames)
  }

  /** Queues every meeting whose stored document is newer than its index entries, and drains the queue. */
  async sweep(): Promise<void> {
    try {
      const meetings = await this.store.listMeetings()
      for (const [i, meeting] of meetings.entries()) {
        if (this.closed) return
        // SQLite answers synchronously: yield now and then, or a long list would hold the event loop.
        if (i > 0 && i % SWEEP_BATCH === 0) await new Promise((resolve) => setImmediate(resolve))
        const seq = await this.index.indexedSeq(meeting.id)
        if (seq === null) {
          this.queue.add(meeting.id)
          continue
        }
        // Only what was stored after the indexed seq is read (usually nothing).
        const stored = await this.store.loadSince(meeting.id, seq)
        if (stored && stored.lastSeq !== seq) this.queue.add(meeting.id)
      }
    } catch (err) {
      log.warn('search index sweep failed', { err })
    }
    await this.drain()
  }

  /** Indexes every queued meeting now (one per turn of the event loop); resolves when the queue is empty. */
  drain(): Promise<void> {
    return this.queue.drain()
  }

  /** Indexes the meeting's stored minutes now. Rejects when storage or the index fails. */
  async indexMeeting(meetingId: string): Promise<void> {
    const meeting = await this.store.getMeeting(meetingId)
    const stored = meeting && (await this.store.load(meetingId))
    if (!meeting || !stored) return
    const state = stored.updates.length === 1 ? stored.updates[0] : Y.mergeUpdates(stored.updates)
    await this.index.replaceMeeting(meetingEntriesOf(meeting, state, stored.lastSeq))
  }

  /**
   * Stops the timers and waits (at most CLOSE_WAIT_MS: a stalled storage must not hold up a
   * shutdown) for the meeting being indexed; queued ones are left to the next start's sweep.
   */
  async close(): Promise<void> {
    this.closed = true
    if (this.sweepTimer) clearInterval(this.sweepTimer)
    await this.queue.close(CLOSE_WAIT_MS)
  }
}
