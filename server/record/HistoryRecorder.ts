import {
  CHAIN_BREAKS,
  ChainVerifier,
  type ChainCheck,
  type ChainHead,
  type HistoryActor,
  type HistoryDetailValue,
  type HistoryEvent,
  type HistoryKind,
} from '../../shared/record'
import { log } from '../log'
import { MAX_HISTORY_PAGE, type HistoryStore } from '../persistence'

/** How often an append is tried before it is given up (and logged as an error). */
export const HISTORY_APPEND_ATTEMPTS = 3
/** Pause before the second try, doubled before each later one, in ms. */
export const HISTORY_RETRY_MS = 50

const beyondHead = (seq: number): ChainCheck => ({
  ok: false,
  brokenAt: seq,
  code: CHAIN_BREAKS.head,
  reason: `Hendelse nr. ${seq} står etter den siste hendelsen som ble registrert.`,
})

/**
 * The history of acts, as the API and the rooms use it (server side of shared/record).
 *
 * `record` is called after an act stands in its own storage (the register, tokens, versions),
 * and never rejects: the act is not undone or refused because its history entry could not be
 * written. A failed append is tried HISTORY_APPEND_ATTEMPTS times, then logged as an error
 * ("history append failed", with the meeting, kind and details) for the operator, and the chain
 * simply lacks that event: what is in it is still intact and verifiable. Appends of one meeting
 * on this node run one at a time in call order (between nodes the database serialises them).
 */
export class HistoryRecorder {
  /** Per meeting, the last append started on this node (the queue's tail). */
  private readonly tails = new Map<string, Promise<unknown>>()

  constructor(
    private readonly store: HistoryStore,
    private readonly options: { readonly now?: () => number; readonly retryMs?: number } = {},
  ) {}

  /**
   * Appends an event for an act that already stands; resolves to the stored event, or null when
   * it could not be stored (logged). Never rejects. The time is the act's when given, else now.
   */
  record(
    meetingId: string,
    actor: HistoryActor,
    kind: HistoryKind,
    details: Readonly<Record<string, HistoryDetailValue>>,
    at?: string,
  ): Promise<HistoryEvent | null> {
    const draft = { meetingId, actor, kind, details, at: at ?? new Date((this.options.now ?? Date.now)()).toISOString() }
    const previous = this.tails.get(meetingId) ?? Promise.resolve()
    const appended = previous.then(() => this.appendWithRetry(draft))
    this.tails.set(meetingId, appended)
    void appended.then(() => {
      if (this.tails.get(meetingId) === appended) this.tails.delete(meetingId)
    })
    return appended
  }

  private async appendWithRetry(draft: Parameters<HistoryStore['appendHistoryEvent']>[0]): Promise<HistoryEvent | null> {
    const retryMs = this.options.retryMs ?? HISTORY_RETRY_MS
    for (let attempt = 1; ; attempt++) {
      try {
        return await this.store.appendHistoryEvent(draft)
      } catch (err) {
        if (attempt >= HISTORY_APPEND_ATTEMPTS) {
          log.error('history append failed', { docName: draft.meetingId, kind: draft.kind, details: draft.details, attempts: attempt, err })
          return null
        }
        await new Promise((resolve) => setTimeout(resolve, retryMs * 2 ** (attempt - 1)))
      }
    }
  }

  /** Resolves when the appends this node started for the meeting so far have settled. */
  async settled(meetingId: string): Promise<void> {
    await this.tails.get(meetingId)
  }

  /** Resolves when every append this node started so far has settled (before storage closes). */
  async settledAll(): Promise<void> {
    await Promise.all([...this.tails.values()])
  }

  /** The meeting's recorded head (null: no history), after this node's pending appends. */
  async head(meetingId: string): Promise<ChainHead | null> {
    await this.settled(meetingId)
    return this.store.historyHead(meetingId)
  }

  /** A page of the meeting's events (seq > afterSeq, at most `limit`), after this node's pending appends. */
  async list(meetingId: string, afterSeq: number, limit: number): Promise<HistoryEvent[]> {
    await this.settled(meetingId)
    return this.store.listHistory(meetingId, afterSeq, limit)
  }

  /**
   * Checks the meeting's whole chain against the recorded head, reading it a page at a time (so
   * memory stays bounded however long it is). An event beyond the recorded head (none was
   * appended with it: a row added by hand) breaks the chain too.
   */
  async verify(meetingId: string): Promise<ChainCheck> {
    await this.settled(meetingId)
    let head = await this.store.historyHead(meetingId)
    const verifier = new ChainVerifier(meetingId)
    let afterSeq = 0
    for (;;) {
      const page = await this.store.listHistory(meetingId, afterSeq, MAX_HISTORY_PAGE)
      for (const event of page) {
        // Appended by another node since the head was read, or a row added behind the head's back.
        if (!head || event.seq > head.seq) head = await this.store.historyHead(meetingId)
        if (!head || event.seq > head.seq) return beyondHead(event.seq)
        const broken = verifier.add(event)
        if (broken) return broken
        afterSeq = event.seq
      }
      if (page.length < MAX_HISTORY_PAGE) return verifier.finish(head)
    }
  }
}
