import { DOC_NAME_PATTERN } from '../../shared/schema'
import { log } from '../log'

/** Tuning of a MeetingQueue. */
export interface MeetingQueueOptions {
  /** How long after the last mark of a meeting its work runs, in milliseconds. */
  readonly debounceMs: number
  /** Longest a marked meeting waits while marks keep coming (a secretary typing without a pause), in milliseconds. */
  readonly maxDelayMs: number
  /** What the failure of one meeting's work is logged as. */
  readonly failure: string
}

/**
 * Work on meetings after their stored minutes changed, kept off the write path and bounded: `mark`
 * is O(1) per meeting; `debounceMs` after the last mark (never later than `maxDelayMs` after the
 * first) the marked meetings are handled one at a time, one per turn of the event loop. However
 * many meetings change at once (a thousand committees typing), one meeting's work runs at a time.
 * The search index and the organs' follow-up lists each keep one.
 */
export class MeetingQueue {
  private readonly marked = new Set<string>()
  private timer: NodeJS.Timeout | null = null
  private running: Promise<void> | null = null
  private closed = false
  /** When the oldest mark not yet handled was made (Date.now()), or null when nothing waits. */
  private markedSince: number | null = null

  constructor(
    private readonly handle: (meetingId: string) => Promise<void>,
    private readonly options: MeetingQueueOptions,
  ) {}

  /** Marks the meetings among `docNames` (minutes documents only; a register's name is skipped) and schedules the run. */
  mark(docNames: Iterable<string>): void {
    if (this.closed) return
    for (const docName of docNames) if (DOC_NAME_PATTERN.test(docName)) this.marked.add(docName)
    if (this.marked.size === 0) return
    const now = Date.now()
    this.markedSince ??= now
    if (this.timer) clearTimeout(this.timer)
    const delayMs = Math.max(0, Math.min(this.options.debounceMs, this.markedSince + this.options.maxDelayMs - now))
    this.timer = setTimeout(() => {
      this.timer = null
      this.markedSince = null
      void this.drain()
    }, delayMs)
    this.timer.unref()
  }

  /** Queues meetings to handle at the next drain, without scheduling one (a sweep that drains itself). */
  add(meetingId: string): void {
    if (!this.closed) this.marked.add(meetingId)
  }

  /** Handles every marked meeting now (one per turn of the event loop); resolves when none is left. */
  drain(): Promise<void> {
    if (!this.running) {
      if (this.closed || this.marked.size === 0) return Promise.resolve()
      this.running = this.run()
    }
    return this.running
  }

  /** Stops the timer; resolves when the meeting being handled is done or after `waitMs`. Marked ones are dropped. */
  async close(waitMs: number): Promise<void> {
    this.closed = true
    if (this.timer) clearTimeout(this.timer)
    let timer: NodeJS.Timeout | undefined
    const waited = new Promise<void>((resolve) => (timer = setTimeout(resolve, waitMs)))
    await Promise.race([this.running, waited])
    clearTimeout(timer)
  }

  /** Starts with a meeting marked; ends (clearing `running` in the same step as the last check) when none is left. */
  private async run(): Promise<void> {
    for (;;) {
      const [meetingId] = this.marked
      this.marked.delete(meetingId)
      try {
        await this.handle(meetingId)
      } catch (err) {
        log.warn(this.options.failure, { docName: meetingId, err })
      }
      await new Promise((resolve) => setImmediate(resolve))
      // Synchronously with the check: a meeting marked after it starts a new run (drain sees null).
      if (this.closed || this.marked.size === 0) {
        this.running = null
        return
      }
    }
  }
}
