import type * as Y from 'yjs'
import type { PeerSocket } from './PeerSocket'

/**
 * Updates that arrived before the updates they build on.
 *
 * Yjs keeps the part of an update whose dependencies it has not seen aside (not integrated, so
 * not stored, relayed or acknowledged) and integrates it when they arrive. That happens for
 * real: a client that types right after reconnecting sends the new keystroke before its sync
 * step 2 carries the offline edits it builds on. Rejecting it at once would lock out a fast
 * typist on a flaky line. This remembers who sent the updates that wait, and calls `onTimeout`
 * with them if the dependencies have not come within `timeoutMs`. Only those: an honest writer
 * who types while a hostile one's update waits for something that never comes is not blamed.
 */
export class PendingDependencies {
  private readonly senders = new Set<PeerSocket>()
  private timer: NodeJS.Timeout | null = null

  constructor(
    private readonly timeoutMs: number,
    private readonly onTimeout: (senders: PeerSocket[]) => void,
  ) {}

  /**
   * Call after every update from `peer` has been applied to `doc`; `changedPending`: the update
   * changed what waits (added to it, or integrated part of it).
   */
  track(doc: Y.Doc, peer: PeerSocket, changedPending: boolean): void {
    if (doc.store.pendingStructs === null && doc.store.pendingDs === null) {
      this.destroy()
      return
    }
    if (!changedPending) return
    this.senders.add(peer)
    this.timer ??= setTimeout(this.expire, this.timeoutMs)
  }

  /** Forgets everything waiting and cancels the timer. */
  destroy(): void {
    if (this.timer) clearTimeout(this.timer)
    this.timer = null
    this.senders.clear()
  }

  private readonly expire = (): void => {
    this.timer = null
    const senders = [...this.senders]
    this.senders.clear()
    this.onTimeout(senders)
  }
}
