import * as Y from 'yjs'
import { encodeSavedMessage } from '../../shared/protocol'
import type { PeerSocket } from './PeerSocket'

/**
 * Coalesced `saved` messages: peers that asked (`saved=1`) and wrote get one message, a short
 * delay after their last write, with the snapshot of the document as it is stored then.
 */
export class SavedAcks {
  private readonly waiting = new Set<PeerSocket>()
  private timer: NodeJS.Timeout | null = null

  /** `document` returns the room's current document, which always equals what is stored. */
  constructor(
    private readonly document: () => Y.Doc,
    private readonly delayMs: number,
  ) {}

  /** Schedules a `saved` message for `peer`. */
  request(peer: PeerSocket): void {
    this.waiting.add(peer)
    this.timer ??= setTimeout(this.flush, this.delayMs)
  }

  /** Forgets a peer that left. */
  forget(peer: PeerSocket): void {
    this.waiting.delete(peer)
  }

  /** Cancels what is scheduled. */
  destroy(): void {
    if (this.timer) clearTimeout(this.timer)
    this.timer = null
    this.waiting.clear()
  }

  private readonly flush = (): void => {
    this.timer = null
    const message = encodeSavedMessage(Y.encodeSnapshot(Y.snapshot(this.document())))
    for (const peer of this.waiting) peer.send(message)
    this.waiting.clear()
  }
}
